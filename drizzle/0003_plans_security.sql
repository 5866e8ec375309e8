-- The plan tables are tenant tables: RLS enabled and forced, the tenant_isolation policy and the
-- app role's grants (see 0001_tenant_security.sql).
SELECT praxis_secure_tenant_tables();
--> statement-breakpoint
-- praxis_secure_tenant_tables() grants UPDATE and DELETE on every tenant table, audit_events
-- included: take them back, the audit log stays append-only for the app.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM praxis_app;
--> statement-breakpoint
-- Removing a member clears the objectives they owned instead of being refused. Only the member
-- column is cleared (PostgreSQL 15+ column list): org_id is part of the key and stays.
ALTER TABLE "objectives" DROP CONSTRAINT "objectives_owner_membership_fk";
--> statement-breakpoint
ALTER TABLE "objectives" ADD CONSTRAINT "objectives_owner_membership_fk"
  FOREIGN KEY ("org_id", "owner_membership_id") REFERENCES "public"."memberships"("org_id", "id")
  ON DELETE SET NULL ("owner_membership_id");
