-- Restoring one organization from a backup (docs/decisions/019-restore-from-backup.md) copies every
-- table of the organization in one transaction. Tables are written in foreign-key order, but a
-- table may refer to itself (a department's parent) or two tables to each other: every foreign key
-- of the public schema becomes DEFERRABLE (still checked at once unless a transaction says
-- SET CONSTRAINTS ALL DEFERRED, which only the restore does), so rows can come in any order and
-- are checked at commit. Nothing else changes: the checks and cascades are the same.
-- First, the deferred triggers an earlier migration of this run may have left pending (rows it
-- updated raise the organization's data version at commit) fire now: ALTER TABLE refuses a table
-- with pending trigger events.
SET CONSTRAINTS ALL IMMEDIATE;
--> statement-breakpoint
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT c.conname, t.relname
    FROM pg_constraint c
    JOIN pg_class t ON t.oid = c.conrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE c.contype = 'f' AND n.nspname = 'public' AND NOT c.condeferrable
  LOOP
    EXECUTE format('ALTER TABLE %I ALTER CONSTRAINT %I DEFERRABLE INITIALLY IMMEDIATE', r.relname, r.conname);
  END LOOP;
END $$;
