-- Single sign-on found by email address (docs/security.md, "Single sign-on"): before anyone is
-- signed in, the sign-in page and password reset ask which organizations have verified the
-- domain of an email address and sign in through their directory. The flow names the domain
-- (app.sso_domain, set only by the SSO service) and may read the verified domain rows with that
-- name, the SSO configuration and the organization of those organizations, nothing else. No
-- policy here reads organizations, so none can recurse into organization_by_sso_slug.
CREATE POLICY email_domain_by_sso_domain ON org_email_domains FOR SELECT
  USING (domain = nullif(current_setting('app.sso_domain', true), '') AND verified_at IS NOT NULL);
--> statement-breakpoint
CREATE POLICY sso_config_by_domain ON org_sso_configs FOR SELECT
  USING (org_id IN (SELECT d.org_id FROM org_email_domains d
                    WHERE d.domain = nullif(current_setting('app.sso_domain', true), '') AND d.verified_at IS NOT NULL));
--> statement-breakpoint
CREATE POLICY organization_by_sso_domain ON organizations FOR SELECT
  USING (id IN (SELECT d.org_id FROM org_email_domains d
                WHERE d.domain = nullif(current_setting('app.sso_domain', true), '') AND d.verified_at IS NOT NULL));
