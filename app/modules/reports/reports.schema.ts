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

export const CONFIRM_PUBLISH = "I have read this preview. Publish it: elected officials will see it, and it cannot be changed afterwards.";

/** The publish form: the period and an explicit confirmation. */
export const publishFormSchema = z.object({
  period: periodField,
  confirm: z
    .string({ required_error: "Tick the box to confirm that you want to publish this report." })
    .refine((v) => v === "on", "Tick the box to confirm that you want to publish this report."),
});

/** Two published reports to compare (from the address). */
export const compareSchema = z.object({ a: z.string().trim().min(1), b: z.string().trim().min(1) });
