import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "~": path.resolve(import.meta.dirname, "app"),
      "#db": path.resolve(import.meta.dirname, "db"),
    },
  },
  test: {
    include: ["app/**/*.test.ts", "db/**/*.test.ts"],
    setupFiles: ["./db/test/setup.ts"],
    globalSetup: ["./db/test/global-setup.ts"],
    // Starting an embedded Postgres costs ~25 s on this machine, so all test files share one
    // process and one database (PGlite in memory, or the PostgreSQL test database). Tests never
    // depend on each other's rows: each creates its own organizations.
    pool: "forks",
    fileParallelism: false,
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
