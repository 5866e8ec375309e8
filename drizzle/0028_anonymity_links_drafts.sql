-- Issue 14 part A (docs/decisions/018-anonymity-against-insiders.md). Drafts were stored in clear
-- text; they are now sealed with a key the server never keeps. The clear ones cannot be sealed
-- (the keys are in the respondents' links, which the server does not have): they are deleted.
-- The migrating role owns the tables but is bound by FORCE ROW LEVEL SECURITY (unless it is a
-- superuser), so the force is lifted for these statements and put back at the end.
ALTER TABLE assessment_drafts NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE assessment_invitations NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE staff_members NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE memberships NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
DELETE FROM assessment_drafts;--> statement-breakpoint
-- The deleted rows queued the deferred org-version trigger (0016); an ALTER TABLE of a table with
-- pending trigger events is refused, so they fire now (db/migrations-upgrade.server.test.ts).
SET CONSTRAINTS ALL IMMEDIATE;--> statement-breakpoint
ALTER TABLE "assessment_drafts" ADD COLUMN "sealed" text NOT NULL;--> statement-breakpoint
ALTER TABLE "assessment_invitations" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "assessment_invitations" ADD COLUMN "user_id" uuid;--> statement-breakpoint
ALTER TABLE "assessment_invitations" ADD CONSTRAINT "assessment_invitations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessment_invitations_org_user_idx" ON "assessment_invitations" USING btree ("org_id","user_id");--> statement-breakpoint
ALTER TABLE "assessment_drafts" DROP COLUMN "answers";--> statement-breakpoint
ALTER TABLE "assessment_drafts" DROP COLUMN "comments";--> statement-breakpoint
ALTER TABLE "assessment_drafts" DROP COLUMN "demographics";--> statement-breakpoint
ALTER TABLE "assessment_drafts" DROP COLUMN "step";
--> statement-breakpoint
-- Invitations that exist already are bound to the roster address and the member account they
-- would have reached today; from now on these never follow a roster change.
UPDATE assessment_invitations i SET email = lower(s.email)
  FROM staff_members s
  WHERE s.org_id = i.org_id AND s.id = i.staff_member_id AND s.email LIKE '%@%';--> statement-breakpoint
UPDATE assessment_invitations i SET user_id = u.id
  FROM users u, memberships m
  WHERE i.email IS NOT NULL AND lower(u.email) = i.email AND m.user_id = u.id AND m.org_id = i.org_id;--> statement-breakpoint
SET CONSTRAINTS ALL IMMEDIATE;--> statement-breakpoint
ALTER TABLE assessment_drafts FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE assessment_invitations FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE staff_members FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;