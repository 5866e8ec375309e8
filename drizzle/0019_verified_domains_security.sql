-- The verified email domains are a tenant table: RLS forced, the app role's grants, the version
-- trigger (docs/decisions/002-tenancy-and-rls.md, 014-view-cache.md).
SELECT praxis_secure_tenant_tables();
