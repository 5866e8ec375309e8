-- Assessment result rollups (see docs/decisions/012-assessment-rollups.md): the two new tenant
-- tables get RLS enabled and forced, the fail-closed tenant_isolation policy
-- (org_id = nullif(current_setting('app.org_id', true), '')::uuid, through praxis_current_org())
-- and the app role's grants, like every other tenant table.
SELECT praxis_secure_tenant_tables();
