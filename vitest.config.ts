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
    // Sign-in slow-down capped at 0.4 s (8 s in production): the hostile-input sweep sends dozens of
    // wrong passwords for one email from as many addresses, which is exactly an attack it slows.
    env: { SIGN_IN_SLOWDOWN_MAX_MS: "400" },
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
