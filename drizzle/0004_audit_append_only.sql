-- praxis_secure_tenant_tables() used to grant UPDATE and DELETE on every tenant table, audit_events
-- included, so every migration that called it had to remember to take them back. It now grants
-- the audit log INSERT and SELECT only: the log stays append-only for the app whoever adds tables.
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
    IF r.relname = 'audit_events' THEN
      EXECUTE format('GRANT SELECT, INSERT ON %I TO praxis_app', r.relname);
      EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I FROM praxis_app', r.relname);
    ELSE
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO praxis_app', r.relname);
    END IF;
  END LOOP;
END $$;
--> statement-breakpoint
SELECT praxis_secure_tenant_tables();
