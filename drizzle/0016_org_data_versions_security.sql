-- The organizations' data versions (docs/decisions/014-view-cache.md). org_data_versions holds one
-- counter per organization; a deferred trigger on every tenant table raises it once, at commit, in
-- each transaction that inserted, updated or deleted a row of that organization. The view cache
-- keeps a page's data and HTML under the version it was computed at, and serves them again only
-- while the organization is still at that version.
--
-- Why at commit (DEFERRABLE INITIALLY DEFERRED): the counter is one row per organization; raising
-- it during the transaction would hold that row's lock from the first write to the commit, so two
-- writers of one organization (two people editing one objective) could deadlock. At commit the
-- lock is held only while the commit finishes, and a transaction waits for nothing else then.
-- Why no foreign key to organizations: an organization's deletion cascades to its tenant rows,
-- whose triggers run at that commit, after the organization is gone; a leftover counter of a
-- deleted organization is harmless (nobody is a member of it).
-- Rollup tables are left out: they are a function of the raw rows (ADR 012), so writing them
-- changes no page. The anonymous tables (assessment_responses, _answers, _comments) are left out
-- too: ADR 007 allows no trigger on them (a trigger could log who and when). A response is only
-- ever written in the transaction that flags its invitation completed and rewrites every
-- invitation of the campaign (respond.server.ts), and those rows carry the trigger: a submission
-- raises the counter through them. The counter keeps no time, only a number.
-- The trigger function runs as its owner (the migrating role); FORCE ROW LEVEL SECURITY binds the
-- owner too, so a policy lets that role, and only it, keep the counters whatever app.org_id says.
CREATE OR REPLACE FUNCTION praxis_raise_org_version() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  orgs uuid[];
  org uuid;
  done text := coalesce(current_setting('praxis.versioned_orgs', true), '');
BEGIN
  IF TG_TABLE_NAME = 'organizations' THEN
    IF TG_OP = 'DELETE' THEN
      DELETE FROM org_data_versions WHERE org_id = OLD.id;
      RETURN NULL;
    END IF;
    orgs := ARRAY[NEW.id];
  ELSIF TG_OP = 'INSERT' THEN
    orgs := ARRAY[NEW.org_id];
  ELSIF TG_OP = 'DELETE' THEN
    orgs := ARRAY[OLD.org_id];
  ELSE
    orgs := ARRAY[NEW.org_id, OLD.org_id];
  END IF;
  FOREACH org IN ARRAY orgs LOOP
    CONTINUE WHEN org IS NULL OR strpos(done, org::text) > 0;
    INSERT INTO org_data_versions AS v (org_id, version) VALUES (org, 1)
      ON CONFLICT (org_id) DO UPDATE SET version = v.version + 1;
    done := done || org::text || ' ';
    PERFORM set_config('praxis.versioned_orgs', done, true);
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format('CREATE POLICY version_keeper ON org_data_versions TO %I USING (true) WITH CHECK (true)', current_user);
END $$;
--> statement-breakpoint
-- A member may read the counter of each organization they belong to: /o/:org resolves the
-- membership and the version in one statement, before the organization is set.
CREATE POLICY member_read ON org_data_versions FOR SELECT
  USING (EXISTS (SELECT 1 FROM memberships m WHERE m.org_id = org_data_versions.org_id AND m.user_id = praxis_current_user()));
--> statement-breakpoint
-- Every tenant table: RLS enabled and forced, tenant_isolation, the app role's grants (the audit log
-- append-only, the counters read-only), and the version trigger (none on the counters themselves,
-- the rollups and the anonymous tables). Later migrations that add tenant tables call it, as before.
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
    ELSIF r.relname = 'org_data_versions' THEN
      EXECUTE format('GRANT SELECT ON %I TO praxis_app', r.relname);
      EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON %I FROM praxis_app', r.relname);
    ELSE
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO praxis_app', r.relname);
    END IF;
    IF r.relname NOT IN ('org_data_versions', 'assessment_result_rollups', 'assessment_result_tallies',
                         'assessment_responses', 'assessment_answers', 'assessment_comments')
      AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = format('%I', r.relname)::regclass AND t.tgname = 'praxis_org_version')
    THEN
      EXECUTE format(
        'CREATE CONSTRAINT TRIGGER praxis_org_version AFTER INSERT OR UPDATE OR DELETE ON %I DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION praxis_raise_org_version()',
        r.relname
      );
    END IF;
  END LOOP;
END $$;
--> statement-breakpoint
SELECT praxis_secure_tenant_tables();
--> statement-breakpoint
-- The organization's own row (name, fiscal year, settings) is shown on every page.
CREATE CONSTRAINT TRIGGER praxis_org_version AFTER INSERT OR UPDATE OR DELETE ON organizations
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION praxis_raise_org_version();
--> statement-breakpoint
-- Existing organizations start at version 0.
INSERT INTO org_data_versions (org_id, version) SELECT id, 0 FROM organizations ON CONFLICT DO NOTHING;
