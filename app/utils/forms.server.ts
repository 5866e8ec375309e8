import type { Submission, SubmissionResult } from "@conform-to/react";
import { json, type TypedResponse } from "@remix-run/node";
import { FieldErrors } from "./http.server";

/**
 * Runs a service call for a validated submission; a FieldErrors thrown by the service comes back
 * to the form beside its fields (with the input kept), anything else propagates.
 */
export async function replyOnFieldErrors<T>(
  submission: Submission<unknown>,
  run: () => Promise<T>,
  options: { hideFields?: string[] } = {},
): Promise<{ ok: true; value: T } | { ok: false; response: TypedResponse<{ result: SubmissionResult<string[]> }> }> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (error instanceof FieldErrors) {
      const { form, ...fields } = error.errors;
      return {
        ok: false,
        response: json(
          { result: submission.reply({ formErrors: form ?? [], fieldErrors: fields, hideFields: options.hideFields }) },
          { status: 400 },
        ),
      };
    }
    throw error;
  }
}
