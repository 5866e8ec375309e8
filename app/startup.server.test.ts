import { DrizzleQueryError } from "drizzle-orm/errors";
import { describe, expect, it } from "vitest";
import { databaseReady, databaseUnavailable } from "./startup.server";

/** An error as a driver raises it: a message and a code (a Node socket code or a SQLSTATE). */
function driverError(code: string): Error {
  return Object.assign(new Error(`driver error ${code}`), { code });
}

describe("databaseUnavailable: whether start-up should wait for the database rather than stop", () => {
  it("is true for a database that cannot be reached, is starting or shutting down, also wrapped by drizzle", () => {
    for (const code of ["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "57P01", "57P03", "08006", "08001"]) {
      expect(databaseUnavailable(driverError(code)), code).toBe(true);
      expect(databaseUnavailable(new DrizzleQueryError("select pg_advisory_lock(727274)", [], driverError(code))), `wrapped ${code}`).toBe(true);
    }
  });

  it("is false for faults of the app or its data, which must stop the start-up", () => {
    for (const code of ["23505", "42P01", "42601", "28P01", "3D000", "EACCES"]) {
      expect(databaseUnavailable(new DrizzleQueryError("create table x ()", [], driverError(code))), code).toBe(false);
    }
    expect(databaseUnavailable(new Error("Practice 3 is in no group"))).toBe(false);
    expect(databaseUnavailable(null)).toBe(false);
    expect(databaseUnavailable("ECONNREFUSED")).toBe(false);
  });
});

describe("databaseReady", () => {
  it("is true after a round trip to the test database", async () => {
    expect(await databaseReady()).toBe(true);
  });
});
