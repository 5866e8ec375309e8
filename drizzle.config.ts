import { defineConfig } from "drizzle-kit";

// `drizzle-kit generate` only diffs the schema files; it never connects to a database.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./drizzle",
  casing: "snake_case",
});
