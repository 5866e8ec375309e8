-- Rollups now count the areas (a top-level department with its divisions: what a department head
-- reads as their own group, docs/decisions/018) and decide suppression over them too. Those written
-- before have none: drop them, and the first read of each closed campaign counts them again.
DELETE FROM "assessment_result_rollups";
--> statement-breakpoint
-- Fire the deferred organization-version triggers of the DELETE now: a later migration in the same
-- transaction that ALTERs this table would otherwise be refused (pending trigger events).
SET CONSTRAINTS ALL IMMEDIATE;
