-- Single sign-on (docs/decisions/015-accounts.md). The two tenant tables get RLS forced, the app
-- role's grants and the version trigger, as every tenant table.
SELECT praxis_secure_tenant_tables();
--> statement-breakpoint
-- Starting and finishing a sign-in happen before anyone is signed in: the flow names the
-- organization by the slug in its URL (app.sso_slug, set only by the SSO service), and may read
-- that organization's row and its SSO configuration, nothing else — as an invitee reads the one
-- invitation whose token they hold.
CREATE POLICY organization_by_sso_slug ON organizations FOR SELECT
  USING (slug = nullif(current_setting('app.sso_slug', true), ''));
--> statement-breakpoint
CREATE POLICY sso_config_by_slug ON org_sso_configs FOR SELECT
  USING (org_id IN (SELECT o.id FROM organizations o WHERE o.slug = nullif(current_setting('app.sso_slug', true), '')));
