-- The budget, workforce and roster tables are tenant tables: RLS enabled and forced, the
-- tenant_isolation policy and the app role's grants (see 0001_tenant_security.sql).
SELECT praxis_secure_tenant_tables();
