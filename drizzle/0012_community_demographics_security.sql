-- Community demographics: the new tenant table gets RLS enabled and forced, tenant_isolation and
-- the app role's grants.
SELECT praxis_secure_tenant_tables();
