-- Tenant isolation (see docs/decisions/002-tenancy-and-rls.md).
-- drizzle-kit emits neither roles, grants nor FORCE ROW LEVEL SECURITY, so they live here.
-- The app reads and writes tenant data as praxis_app: not a superuser, not BYPASSRLS, not the
-- owner of any table, so every policy below binds it.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'praxis_app') THEN
    CREATE ROLE praxis_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END $$;
--> statement-breakpoint
-- On PostgreSQL 15 the role that creates another is not a member of it; membership lets the
-- migrating (owner) connection SET ROLE praxis_app inside each tenant transaction.
GRANT praxis_app TO CURRENT_USER;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO praxis_app;
--> statement-breakpoint
-- Fail closed: an unset or empty setting is NULL, and org_id = NULL matches no row.
CREATE OR REPLACE FUNCTION praxis_current_org() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.org_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION praxis_current_user() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;
--> statement-breakpoint
-- Every table of the public schema with an org_id column is a tenant table: RLS enabled and
-- forced, the tenant_isolation policy, and read/write grants for praxis_app. Later migrations
-- that add tenant tables end with SELECT praxis_secure_tenant_tables();
CREATE OR REPLACE FUNCTION praxis_secure_tenant_tables() RETURNS void
  LANGUAGE plpgsql
  AS $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT c.relname
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', r.relname);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', r.relname);
    IF NOT EXISTS (
      SELECT 1 FROM pg_policies
      WHERE schemaname = 'public' AND tablename = r.relname AND policyname = 'tenant_isolation'
    ) THEN
      EXECUTE format(
        'CREATE POLICY tenant_isolation ON %I USING (org_id = praxis_current_org()) WITH CHECK (org_id = praxis_current_org())',
        r.relname
      );
    END IF;
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO praxis_app', r.relname);
  END LOOP;
END $$;
--> statement-breakpoint
SELECT praxis_secure_tenant_tables();
--> statement-breakpoint
-- The audit log is append-only for the app.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM praxis_app;
--> statement-breakpoint
-- A signed-in user may read their own memberships in every organization (the organization
-- switcher, and resolving /o/:org before the organization is set).
CREATE POLICY member_self_read ON memberships FOR SELECT
  USING (user_id = praxis_current_user());
--> statement-breakpoint
-- Accepting an invitation: the invitee is not a member yet; the token's hash is the credential.
CREATE POLICY invitation_by_token ON invitations FOR SELECT
  USING (token_hash = nullif(current_setting('app.invitation_token_hash', true), ''));
--> statement-breakpoint
-- organizations is the tenant registry: its own id is the org_id.
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY organization_read ON organizations FOR SELECT
  USING (
    id = praxis_current_org()
    OR EXISTS (
      SELECT 1 FROM memberships m
      WHERE m.org_id = organizations.id AND m.user_id = praxis_current_user()
    )
  );
--> statement-breakpoint
CREATE POLICY organization_insert ON organizations FOR INSERT
  WITH CHECK (id = praxis_current_org());
--> statement-breakpoint
CREATE POLICY organization_update ON organizations FOR UPDATE
  USING (id = praxis_current_org()) WITH CHECK (id = praxis_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON organizations TO praxis_app;
--> statement-breakpoint
-- users is global; the app role sees the name and email of the members of its organization and
-- of itself, never the password hash. The auth module reads it through the owner connection.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY user_visible ON users FOR SELECT TO praxis_app
  USING (
    id = praxis_current_user()
    OR EXISTS (
      SELECT 1 FROM memberships m
      WHERE m.user_id = users.id AND m.org_id = praxis_current_org()
    )
  );
--> statement-breakpoint
GRANT SELECT (id, email, display_name) ON users TO praxis_app;
--> statement-breakpoint
GRANT SELECT ON frameworks, practice_groups, practices, practice_dimensions TO praxis_app;
