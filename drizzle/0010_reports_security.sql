-- Summary reports: the new tenant table gets RLS enabled and forced, tenant_isolation and the app
-- role's grants.
SELECT praxis_secure_tenant_tables();
--> statement-breakpoint
-- A published report is a frozen record of what elected officials were shown: the app may delete a
-- draft, never a published version (an organization's own deletion still cascades: referential
-- actions are not subject to row level security).
CREATE POLICY reports_published_kept ON reports AS RESTRICTIVE FOR DELETE
  USING (status = 'draft');
--> statement-breakpoint
-- ...and may not change one. Only published_by may still change, to null, when that user is
-- deleted (ON DELETE SET NULL); moving a row to another organization is refused by tenant_isolation.
CREATE OR REPLACE FUNCTION praxis_reports_frozen() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF OLD.status = 'published' AND (
    NEW.status IS DISTINCT FROM OLD.status
    OR NEW.snapshot IS DISTINCT FROM OLD.snapshot
    OR NEW.version IS DISTINCT FROM OLD.version
    OR NEW.period_key IS DISTINCT FROM OLD.period_key
    OR NEW.period_label IS DISTINCT FROM OLD.period_label
    OR NEW.manager_note IS DISTINCT FROM OLD.manager_note
    OR NEW.published_at IS DISTINCT FROM OLD.published_at
    OR NEW.id IS DISTINCT FROM OLD.id
  ) THEN
    RAISE EXCEPTION 'A published report cannot be changed: publish a new version instead.'
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER reports_frozen BEFORE UPDATE ON reports
  FOR EACH ROW EXECUTE FUNCTION praxis_reports_frozen();
