ALTER TABLE "assessment_result_rollups" ADD COLUMN "item_hidden" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
-- Rollups written before this migration have no item decisions: drop them (their tallies go with
-- them), and the first read of each closed campaign counts them again and decides its items
-- (docs/decisions/012-assessment-rollups.md, the lazy path).
DELETE FROM "assessment_result_rollups";
--> statement-breakpoint
-- Fire the deferred organization-version triggers of the DELETE now: a later migration in the same
-- transaction that ALTERs this table would otherwise be refused (pending trigger events).
SET CONSTRAINTS ALL IMMEDIATE;
