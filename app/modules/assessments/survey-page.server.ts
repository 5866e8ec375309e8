// The respond pages' loader and action, shared by the public link (/respond/:token) and the in-app
// page of staff with accounts: the same steps, the same plain forms (they work without
// JavaScript), saved to the server on every step so that a closed tab loses nothing.
import { FieldErrors } from "~/utils/http.server";
import { PREFER_NOT_TO_SAY } from "./assessments.schema";
import { openSurvey, saveDraft, submitSurvey, type Draft, type RespondentKey, type Survey, type Unavailable } from "./respond.server";

/** A step of the survey: a practice (0-based), the optional questions about the respondent, or
 * the review before submitting. */
export type StepRef = { kind: "practice"; index: number } | { kind: "about" } | { kind: "review" };

export function stepCount(survey: Pick<Survey, "steps" | "demographicQuestions">): number {
  return survey.steps.length + (survey.demographicQuestions.length > 0 ? 1 : 0) + 1;
}

/** The draft's stored step number: practices 0..n-1, n the questions about you, n+1 the review. */
export function stepFromIndex(survey: Pick<Survey, "steps" | "demographicQuestions">, index: number): StepRef {
  const n = survey.steps.length;
  if (index < n) return { kind: "practice", index: Math.max(0, index) };
  if (index === n && survey.demographicQuestions.length > 0) return { kind: "about" };
  return { kind: "review" };
}

export function indexOfStep(survey: Pick<Survey, "steps">, step: StepRef): number {
  if (step.kind === "practice") return step.index;
  return step.kind === "about" ? survey.steps.length : survey.steps.length + 1;
}

/** The step in the address: "1".."n" for the practices, "about-you", "review". */
export function parseStepParam(survey: Pick<Survey, "steps" | "demographicQuestions">, value: string | null): StepRef | null {
  if (value === null || value === "") return null;
  if (value === "review") return { kind: "review" };
  if (value === "about-you") return survey.demographicQuestions.length > 0 ? { kind: "about" } : { kind: "review" };
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > survey.steps.length) return null;
  return { kind: "practice", index: n - 1 };
}

export function stepParam(step: StepRef): string {
  return step.kind === "practice" ? String(step.index + 1) : step.kind === "about" ? "about-you" : "review";
}

/** Human position of a step, 1-based, among stepCount(). */
export function stepPosition(survey: Pick<Survey, "steps" | "demographicQuestions">, step: StepRef): number {
  if (step.kind === "practice") return step.index + 1;
  if (step.kind === "about") return survey.steps.length + 1;
  return stepCount(survey);
}

export type SurveyPage =
  | { status: "ready"; survey: Survey; draft: Draft; step: StepRef }
  | Unavailable;

/** What the page shows: the step in the address, or else the step saved with the draft (so
 * reopening the link resumes where the person left off). */
export async function loadSurveyPage(key: RespondentKey, url: URL): Promise<SurveyPage> {
  const found = await openSurvey(key);
  if (found.status !== "ready") return found;
  const step = parseStepParam(found.survey, url.searchParams.get("step")) ?? stepFromIndex(found.survey, found.draft.step);
  return { status: "ready", survey: found.survey, draft: found.draft, step };
}

/** The HTTP status of a page that explains why a survey cannot be answered. */
export function unavailableStatus(reason: Unavailable["reason"]): number {
  switch (reason) {
    case "unknown":
    case "wrong_organization":
      return 404;
    case "used":
    case "closed":
      return 410;
    case "not_open":
      return 409;
  }
}

/** The answers of the posted step laid over the saved draft. Radio buttons cannot be cleared, so
 * an answer missing from the form keeps its saved value. */
export function mergeStep(survey: Survey, draft: Draft, step: StepRef, form: FormData): Draft {
  const next: Draft = {
    answers: { ...draft.answers },
    comments: { ...draft.comments },
    demographics: { ...draft.demographics },
    step: draft.step,
  };
  if (step.kind === "practice") {
    const practice = survey.steps[step.index];
    if (practice) {
      for (const item of practice.items) {
        const raw = form.get(`answer.${item.id}`);
        if (raw === "na") next.answers[item.id] = null;
        else if (typeof raw === "string" && /^[1-5]$/.test(raw)) next.answers[item.id] = Number(raw);
      }
      if (survey.commentsEnabled) {
        const text = form.get(`comment.${practice.practiceNumber}`);
        if (typeof text === "string") {
          if (text.trim()) next.comments[String(practice.practiceNumber)] = text;
          else delete next.comments[String(practice.practiceNumber)];
        }
      }
    }
  }
  if (step.kind === "about") {
    for (const q of survey.demographicQuestions) {
      const raw = form.get(`demographic.${q.category}`);
      if (typeof raw === "string" && raw !== "") next.demographics[q.category] = raw;
    }
  }
  return next;
}

export type SurveyActionResult =
  | { kind: "go"; step: StepRef }
  | { kind: "submitted"; surveyKind: Survey["kind"] }
  /** `reason` when the survey could not be opened at all (no such survey for this respondent). */
  | { kind: "unavailable"; reason?: Unavailable["reason"] }
  | { kind: "invalid"; step: StepRef; draft: Draft; errors: Record<string, string[]> };

/**
 * One step's form: save what was answered, then go on, go back, jump to a step, or submit. The
 * draft is saved before anything else, so an error or a refused submission loses nothing.
 */
export async function handleSurveyPost(key: RespondentKey, form: FormData): Promise<SurveyActionResult> {
  const found = await openSurvey(key);
  if (found.status !== "ready") return { kind: "unavailable", reason: found.reason };
  const { survey, draft } = found;
  const current = parseStepParam(survey, String(form.get("step") ?? "")) ?? stepFromIndex(survey, draft.step);
  const merged = mergeStep(survey, draft, current, form);
  const intent = String(form.get("intent") ?? "next");
  const here = indexOfStep(survey, current);
  let target: StepRef = current;
  if (intent === "next") target = stepFromIndex(survey, here + 1);
  else if (intent === "back") {
    const previous = here - 1 === survey.steps.length && survey.demographicQuestions.length === 0 ? here - 2 : here - 1;
    target = stepFromIndex(survey, Math.max(0, previous));
  } else if (intent.startsWith("goto:")) target = parseStepParam(survey, intent.slice(5)) ?? current;
  else if (intent === "submit") target = { kind: "review" };
  try {
    const saved = await saveDraft(key, { ...merged, step: indexOfStep(survey, target) });
    if (saved.status !== "saved") return { kind: "unavailable" };
    if (intent !== "submit") return { kind: "go", step: target };
    const submitted = await submitSurvey(key, merged);
    if (submitted.status !== "submitted") return { kind: "unavailable" };
    return { kind: "submitted", surveyKind: submitted.kind };
  } catch (error) {
    if (error instanceof FieldErrors) return { kind: "invalid", step: intent === "submit" ? { kind: "review" } : current, draft: merged, errors: error.errors };
    throw error;
  }
}

export { PREFER_NOT_TO_SAY };
