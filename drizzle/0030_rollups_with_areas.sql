-- Rollups now count the areas (a top-level department with its divisions: what a department head
-- reads as their own group, docs/decisions/018) and decide suppression over them too. Those written
-- before have none: drop them, and the first read of each closed campaign counts them again.
DELETE FROM "assessment_result_rollups";
