import { notFound } from "~/utils/http.server";
import { isUuid } from "./ids";

/** A malformed id answers 404 with the given message, never a database error. */
export function requireUuid(id: unknown, message: string): asserts id is string {
  if (!isUuid(id)) notFound(message);
}
