// Record ids are UUIDs. An id that is not one is as absent as an id of another organization: the
// services answer 404 before asking the database (which would fail on the cast); see
// ids.server.ts.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(id: unknown): id is string {
  return typeof id === "string" && UUID.test(id);
}
