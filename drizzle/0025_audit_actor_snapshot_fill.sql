-- The audit log keeps who did what (issue 15): each event carries its actor's name and email as
-- they were when it was written. A trigger fills them from users on every insert, so no writer
-- can forget it; a writer that already knows them (a restore copying events) keeps its own. It
-- runs as its owner (SECURITY DEFINER), because the app role sees only the users of its current
-- organization and the actor of an account event may be seen through another one.
CREATE OR REPLACE FUNCTION praxis_audit_actor_snapshot() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  IF NEW.actor_user_id IS NOT NULL AND NEW.actor_name IS NULL AND NEW.actor_email IS NULL THEN
    SELECT u.display_name, u.email INTO NEW.actor_name, NEW.actor_email FROM users u WHERE u.id = NEW.actor_user_id;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_events_actor_snapshot BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION praxis_audit_actor_snapshot();
--> statement-breakpoint
-- Events written before: their actors' accounts still exist (removing a member removes the
-- membership, not the account), so the names come back. Row level security is forced on the log,
-- even for its owner: lifted for this one statement, inside the migration's transaction.
ALTER TABLE audit_events NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
UPDATE audit_events a SET actor_name = u.display_name, actor_email = u.email
  FROM users u WHERE u.id = a.actor_user_id AND a.actor_name IS NULL AND a.actor_email IS NULL;
--> statement-breakpoint
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
