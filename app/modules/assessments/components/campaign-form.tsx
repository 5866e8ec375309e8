import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { FieldErrorList, FormErrors, TextAreaField, TextField } from "~/components/forms";
import { ANONYMITY_THRESHOLD_MIN } from "~/modules/orgs/settings.schema";
import {
  CAMPAIGN_KIND_LABELS,
  campaignInputSchema,
  COMMENTS_THRESHOLD_MIN,
  DEMOGRAPHIC_FIELD_LABELS,
  DEMOGRAPHIC_FIELDS,
  type CampaignKind,
} from "../assessments.schema";

// The campaign form (create and edit): conform and the services' zod schema, errors beside their
// fields and every input kept on error (the checkboxes and radios too).

export type PracticeChoice = { number: number; name: string; leadershipCount: number; managementCount: number };

export type CampaignFormDefaults = {
  title: string;
  description: string;
  kind: CampaignKind;
  depth: "practice" | "dimension";
  practiceNumbers: number[];
  commentsEnabled: boolean;
  demographicCategories: string[];
  opensOn: string;
  closesOn: string;
  anonymityThreshold: number;
};

const MISSING: Record<string, string> = {
  title: "Give the campaign a title.",
  kind: "Choose organizational or self-assessment.",
  depth: "Choose one statement per practice or per dimension.",
  practiceNumbers: "Choose at least one practice.",
};

/** Parses the posted form: a missing checkbox group reads as "none chosen", with a plain message. */
export function parseCampaignForm(formData: FormData) {
  return parseWithZod(formData, {
    schema: campaignInputSchema,
    // An empty field arrives as no value at all: say what is missing rather than "Required".
    errorMap: (issue, ctx) =>
      issue.code === "invalid_type" && issue.received === "undefined"
        ? { message: MISSING[String(issue.path[0])] ?? ctx.defaultError }
        : { message: ctx.defaultError },
  });
}

function asList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

export function CampaignForm({
  id,
  lastResult,
  defaults,
  practices,
  orgThreshold,
  submitLabel,
  cancelTo,
  kindLocked,
}: {
  id: string;
  lastResult: SubmissionResult<string[]> | undefined;
  defaults: CampaignFormDefaults;
  practices: PracticeChoice[];
  orgThreshold: number;
  submitLabel: string;
  cancelTo: string;
  kindLocked: boolean;
}) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id,
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseCampaignForm(formData),
    defaultValue: {
      title: defaults.title,
      description: defaults.description,
      opensOn: defaults.opensOn,
      closesOn: defaults.closesOn,
      anonymityThreshold: String(defaults.anonymityThreshold),
    },
  });
  // After a refused submission (without JavaScript the page is new), the posted choices come back.
  const posted = lastResult?.initialValue as Record<string, unknown> | undefined;
  const chosenPractices = posted ? asList(posted.practiceNumbers) : defaults.practiceNumbers.map(String);
  const chosenCategories = posted ? asList(posted.demographicCategories) : defaults.demographicCategories;
  const kind = (posted?.kind as string | undefined) ?? defaults.kind;
  const depth = (posted?.depth as string | undefined) ?? defaults.depth;
  const comments = posted ? posted.commentsEnabled === "on" : defaults.commentsEnabled;
  const [threshold, setThreshold] = useState(Number((posted?.anonymityThreshold as string | undefined) ?? defaults.anonymityThreshold) || orgThreshold);
  const commentsK = Math.max(COMMENTS_THRESHOLD_MIN, threshold);

  return (
    <Form method="post" className="stack" {...getFormProps(form)} noValidate>
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextField meta={fields.title} label="Title" hint="Staff see it on the survey, e.g. “2026 Staff Assessment of the ICMA Practices”." />
      <TextAreaField meta={fields.description} label="Introduction (optional)" hint="Shown at the top of the survey's first step." rows={3} />

      <fieldset className="field" aria-describedby={fields.kind.errors?.length ? fields.kind.errorId : undefined}>
        <legend>Kind of campaign</legend>
        {kindLocked ? <p className="hint">People are already invited: the kind can no longer change.</p> : null}
        {(["organizational", "self"] as const).map((k) => (
          <label key={k} className="check">
            <input type="radio" name="kind" value={k} defaultChecked={kind === k} disabled={kindLocked && kind !== k} />
            <span>{CAMPAIGN_KIND_LABELS[k]}</span>
          </label>
        ))}
        <FieldErrorList id={fields.kind.errorId} errors={fields.kind.errors} />
      </fieldset>

      <fieldset className="field" aria-describedby={`${fields.practiceNumbers.id}-hint${fields.practiceNumbers.errors?.length ? ` ${fields.practiceNumbers.errorId}` : ""}`}>
        <legend>Practices included</legend>
        <p className="hint" id={`${fields.practiceNumbers.id}-hint`}>
          All 14 by default. One step of the survey per practice.
        </p>
        <div className="checks-grid">
          {practices.map((p) => (
            <label key={p.number} className="check">
              <input type="checkbox" name="practiceNumbers" value={String(p.number)} defaultChecked={chosenPractices.includes(String(p.number))} />
              <span>
                {p.number}. {p.name}
              </span>
            </label>
          ))}
        </div>
        <FieldErrorList id={fields.practiceNumbers.errorId} errors={fields.practiceNumbers.errors} />
      </fieldset>

      <fieldset className="field" aria-describedby={fields.depth.errors?.length ? fields.depth.errorId : undefined}>
        <legend>Depth</legend>
        <label className="check">
          <input type="radio" name="depth" value="practice" defaultChecked={depth === "practice"} />
          <span>One statement per practice (short: {practices.length} statements for all practices)</span>
        </label>
        <label className="check">
          <input type="radio" name="depth" value="dimension" defaultChecked={depth === "dimension"} />
          <span>
            One statement per leadership and management dimension (detailed:{" "}
            {practices.reduce((s, p) => s + p.leadershipCount + p.managementCount, 0)} statements for all practices)
          </span>
        </label>
        <FieldErrorList id={fields.depth.errorId} errors={fields.depth.errors} />
      </fieldset>

      <div className="field">
        <label className="check">
          <input type="checkbox" name="commentsEnabled" defaultChecked={comments} aria-describedby="comments-hint" />
          <span>Offer an optional comment box for each practice</span>
        </label>
        <p className="hint" id="comments-hint">
          Comments are shown word for word, organization-wide only, when at least the larger of {COMMENTS_THRESHOLD_MIN} and the
          anonymity threshold responded — with the threshold below, {commentsK} people.
        </p>
      </div>

      <fieldset className="field" aria-describedby="demographics-hint">
        <legend>Questions about the respondent (optional)</legend>
        <p className="hint" id="demographics-hint">
          Asked at the end, each with “Prefer not to say”, using the answers found on the roster. Results can then be compared
          between groups large enough to be shown. Not asked in self-assessments.
        </p>
        <div className="checks-grid">
          {DEMOGRAPHIC_FIELDS.map((f) => (
            <label key={f} className="check">
              <input type="checkbox" name="demographicCategories" value={f} defaultChecked={chosenCategories.includes(f)} />
              <span>{DEMOGRAPHIC_FIELD_LABELS[f]}</span>
            </label>
          ))}
        </div>
        <FieldErrorList id={fields.demographicCategories.errorId} errors={fields.demographicCategories.errors} />
      </fieldset>

      <div className="row">
        <TextField meta={fields.opensOn} label="Opens on" type="date" />
        <TextField meta={fields.closesOn} label="Closes on" type="date" hint="The last day answers are accepted." />
      </div>

      <TextField
        meta={fields.anonymityThreshold}
        label="Anonymity threshold"
        type="number"
        min={ANONYMITY_THRESHOLD_MIN}
        step={1}
        onChange={(e) => setThreshold(Number(e.currentTarget.value) || orgThreshold)}
        hint={
          <>
            Results of any group with fewer respondents are hidden, everywhere. Your organization's default is {orgThreshold}; it
            can never be below {ANONYMITY_THRESHOLD_MIN}. Once the first answer arrives, the questions and this threshold are frozen.
          </>
        }
      />

      <div className="actions">
        <button type="submit" disabled={navigation.state === "submitting"}>
          {submitLabel}
        </button>
        <Link to={cancelTo} className="button secondary">
          Cancel
        </Link>
      </div>
    </Form>
  );
}
