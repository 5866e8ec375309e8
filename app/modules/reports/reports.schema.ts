import { z } from "zod";
import { isPeriodKey } from "./period";

export const MANAGER_NOTE_MAX = 4000;

export const periodField = z
  .string({ required_error: "Choose a period." })
  .trim()
  .refine(isPeriodKey, "Choose a fiscal year or a quarter from the list.");

/** The manager's note of a draft (optional: an empty note removes it). */
export const managerNoteSchema = z.object({
  period: periodField,
  note: z
    .string()
    .trim()
    .max(MANAGER_NOTE_MAX, `Use at most ${MANAGER_NOTE_MAX.toLocaleString("en-US")} characters.`)
    .optional()
    .transform((v) => v ?? ""),
});

export const publishSchema = z.object({ period: periodField });
