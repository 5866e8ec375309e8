import { Form, Link, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { Draft, Survey, Unavailable } from "../respond.server";

// The survey's steps as plain forms: one practice per step, every statement a radio group in a
// fieldset whose legend is the statement, the 1–5 labels plus "not applicable". The same markup
// works without JavaScript (each step is a POST and a redirect) and with it (Remix navigates; the
// step heading then takes the focus so screen readers announce the new step).

export type StepRef = { kind: "practice"; index: number } | { kind: "about" } | { kind: "review" };

const PREFER_NOT_TO_SAY = "prefer_not_to_say";

function stepCount(survey: Survey): number {
  return survey.steps.length + (survey.demographicQuestions.length > 0 ? 1 : 0) + 1;
}
function stepPosition(survey: Survey, step: StepRef): number {
  if (step.kind === "practice") return step.index + 1;
  if (step.kind === "about") return survey.steps.length + 1;
  return stepCount(survey);
}
function stepKey(step: StepRef): string {
  return step.kind === "practice" ? String(step.index + 1) : step.kind === "about" ? "about-you" : "review";
}

export function answerLabel(survey: Survey, value: number | null | undefined): string {
  if (value === undefined) return "Not answered";
  if (value === null) return survey.notApplicableLabel;
  return `${value} — ${survey.scaleLabels[value - 1] ?? ""}`;
}

export function SurveyView({
  survey,
  draft,
  step,
  errors,
  commentsThreshold,
  anonymityHref,
}: {
  survey: Survey;
  draft: Draft;
  step: StepRef;
  errors: Record<string, string[]> | null;
  commentsThreshold: number | null;
  /** The campaign's "how your anonymity is protected" page, linked from every step. */
  anonymityHref: string;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const key = stepKey(step);
  const previous = useRef(key);
  const hasErrors = Boolean(errors && Object.keys(errors).length);
  // A new step replaced the old one under the keyboard focus: move the focus to its heading.
  useEffect(() => {
    if (previous.current !== key || hasErrors) heading.current?.focus();
    previous.current = key;
  }, [key, hasErrors]);
  const total = stepCount(survey);
  const position = stepPosition(survey, step);
  return (
    <>
      <p className="survey-org small muted">{survey.orgName}</p>
      <h1>{survey.title}</h1>
      <p className="small">
        <Link to={anonymityHref}>How your anonymity is protected in this survey</Link>
      </p>
      {position === 1 ? <SurveyIntro survey={survey} commentsThreshold={commentsThreshold} /> : null}
      <div className="survey-progress">
        <p id="survey-progress-text">
          Step {position} of {total}
        </p>
        <progress max={total} value={position} aria-labelledby="survey-progress-text" />
      </div>
      {step.kind === "practice" ? (
        <PracticeStep key={key} survey={survey} draft={draft} index={step.index} errors={errors} heading={heading} />
      ) : step.kind === "about" ? (
        <AboutStep key={key} survey={survey} draft={draft} errors={errors} heading={heading} />
      ) : (
        <ReviewStep key={key} survey={survey} draft={draft} errors={errors} heading={heading} />
      )}
    </>
  );
}

function SurveyIntro({ survey, commentsThreshold }: { survey: Survey; commentsThreshold: number | null }) {
  return (
    <div className="survey-intro">
      {survey.description ? <p>{survey.description}</p> : null}
      <p>
        {survey.kind === "self"
          ? "Rate your own proficiency in each practice. Your results are shown to you only."
          : "Rate how well your department and our organization demonstrate each practice. Your answers are anonymous: who answered and what was answered are stored apart, and results are only shown for groups large enough that no one can be singled out."}
      </p>
      <p>
        Your answers are saved on every step, locked so that only you can open them: you can close this page and come back later with
        the same link (in the app: in the same browser). Nothing is sent
        until you choose “Submit my answers” at the end. The survey closes on {formatDay(survey.closesOn)}.
      </p>
      {survey.commentsEnabled && survey.kind !== "self" ? (
        <p className="small">
          Comments are optional. They are shown word for word, for the whole organization only, and only when at least{" "}
          {commentsThreshold ?? 10} people responded. Please leave out names and details that would identify anyone.
        </p>
      ) : null}
    </div>
  );
}

const dayFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" });
export function formatDay(iso: string): string {
  return dayFormat.format(new Date(`${iso}T00:00:00Z`));
}

function StepButtons({ back, nextLabel }: { back: boolean; nextLabel: string }) {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  // "Next" comes first in the form, so that Enter in a field moves forward, never back.
  return (
    <div className="actions survey-actions">
      <button type="submit" name="intent" value="next" disabled={busy}>
        {nextLabel}
      </button>
      {back ? (
        <button type="submit" name="intent" value="back" className="secondary" disabled={busy}>
          Back
        </button>
      ) : null}
    </div>
  );
}

function ErrorText({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <div id={id}>
      {errors.map((e) => (
        <p key={e} className="field-error">
          {e}
        </p>
      ))}
    </div>
  );
}

function PracticeStep({
  survey,
  draft,
  index,
  errors,
  heading,
}: {
  survey: Survey;
  draft: Draft;
  index: number;
  errors: Record<string, string[]> | null;
  heading: React.RefObject<HTMLHeadingElement>;
}) {
  const practice = survey.steps[index]!;
  const commentId = `comment-${practice.practiceNumber}`;
  const commentErrors = errors?.[`comments.${practice.practiceNumber}`];
  return (
    <Form method="post" className="stack survey-step" aria-labelledby="survey-step-title" preventScrollReset={false}>
      <input type="hidden" name="step" value={String(index + 1)} />
      <h2 id="survey-step-title" ref={heading} tabIndex={-1}>
        Practice {practice.practiceNumber}: {practice.practiceName}
      </h2>
      {/* A statement per practice already carries the definition; statements per dimension do not. */}
      {practice.items.some((i) => i.dimensionKind) ? <p className="muted">{practice.definition}</p> : null}
      {practice.items.map((item) => {
        const itemErrors = errors?.[`answers.${item.id}`];
        const errorId = `answer-${item.id}-error`;
        const saved = draft.answers[item.id];
        return (
          <fieldset key={item.id} className="survey-item" aria-describedby={itemErrors?.length ? errorId : undefined}>
            <legend>
              {item.dimensionKind ? (
                <span className="survey-dimension">
                  {item.dimensionKind === "leadership" ? "Leadership" : "Management"} {item.dimensionLetter}:{" "}
                </span>
              ) : null}
              {item.statement}
            </legend>
            <div className="scale">
              {survey.scaleLabels.map((label, i) => (
                <label key={label} className="scale-choice">
                  <input type="radio" name={`answer.${item.id}`} value={String(i + 1)} defaultChecked={saved === i + 1} />
                  <span>
                    <span className="scale-number">{i + 1}</span> {label}
                  </span>
                </label>
              ))}
              <label className="scale-choice scale-na">
                <input type="radio" name={`answer.${item.id}`} value="na" defaultChecked={saved === null} />
                <span>{survey.notApplicableLabel}</span>
              </label>
            </div>
            <ErrorText id={errorId} errors={itemErrors} />
          </fieldset>
        );
      })}
      {survey.commentsEnabled ? (
        <div className="field">
          <label htmlFor={commentId}>Comments on {practice.practiceName} (optional)</label>
          <p className="hint" id={`${commentId}-hint`}>
            Up to 2,000 characters. Leave out names and anything that would identify you or a colleague.
          </p>
          <textarea
            id={commentId}
            name={`comment.${practice.practiceNumber}`}
            rows={3}
            maxLength={2000}
            defaultValue={draft.comments[String(practice.practiceNumber)] ?? ""}
            aria-describedby={[`${commentId}-hint`, commentErrors?.length ? `${commentId}-error` : null].filter(Boolean).join(" ")}
            aria-invalid={commentErrors?.length ? true : undefined}
          />
          <ErrorText id={`${commentId}-error`} errors={commentErrors} />
        </div>
      ) : null}
      <StepButtons back={index > 0} nextLabel="Save and continue" />
    </Form>
  );
}

function AboutStep({
  survey,
  draft,
  errors,
  heading,
}: {
  survey: Survey;
  draft: Draft;
  errors: Record<string, string[]> | null;
  heading: React.RefObject<HTMLHeadingElement>;
}) {
  return (
    <Form method="post" className="stack survey-step" aria-labelledby="survey-step-title">
      <input type="hidden" name="step" value="about-you" />
      <h2 id="survey-step-title" ref={heading} tabIndex={-1}>
        About you (optional)
      </h2>
      <p>
        These questions are optional. They let results be compared between groups, and a group is only shown when enough
        people are in it that no one can be singled out. Choose “Prefer not to say” or skip any question.
      </p>
      {survey.demographicQuestions.map((q) => {
        const qErrors = errors?.[`demographics.${q.category}`];
        const errorId = `demographic-${q.category}-error`;
        const saved = draft.demographics[q.category];
        return (
          <fieldset key={q.category} className="survey-item" aria-describedby={qErrors?.length ? errorId : undefined}>
            <legend>{q.label}</legend>
            <div className="scale">
              {q.options.map((option) => (
                <label key={option} className="scale-choice">
                  <input type="radio" name={`demographic.${q.category}`} value={option} defaultChecked={saved === option} />
                  <span>{option}</span>
                </label>
              ))}
              <label className="scale-choice scale-na">
                <input type="radio" name={`demographic.${q.category}`} value={PREFER_NOT_TO_SAY} defaultChecked={saved === PREFER_NOT_TO_SAY} />
                <span>Prefer not to say</span>
              </label>
            </div>
            <ErrorText id={errorId} errors={qErrors} />
          </fieldset>
        );
      })}
      <StepButtons back nextLabel="Save and review" />
    </Form>
  );
}

function ReviewStep({
  survey,
  draft,
  errors,
  heading,
}: {
  survey: Survey;
  draft: Draft;
  errors: Record<string, string[]> | null;
  heading: React.RefObject<HTMLHeadingElement>;
}) {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const missing = survey.steps.flatMap((s, i) => s.items.filter((item) => draft.answers[item.id] === undefined).map((item) => ({ item, step: i, practice: s })));
  const otherErrors = Object.entries(errors ?? {}).filter(([k]) => !k.startsWith("answers."));
  return (
    <Form method="post" className="stack survey-step" aria-labelledby="survey-step-title">
      <input type="hidden" name="step" value="review" />
      <h2 id="survey-step-title" ref={heading} tabIndex={-1}>
        Check your answers
      </h2>
      {missing.length > 0 ? (
        <div className={`notice ${errors ? "error" : "warn"}`} id="review-missing">
          <p>
            <strong>
              {missing.length === 1 ? "One statement has no answer yet." : `${missing.length} statements have no answer yet.`}
            </strong>{" "}
            Every statement needs an answer, or “{survey.notApplicableLabel}”, before you can submit.
          </p>
          <ul>
            {missing.map(({ item, step, practice }) => (
              <li key={item.id}>
                <Link to={`?step=${step + 1}`}>
                  Answer practice {practice.practiceNumber}, {practice.practiceName}
                  {item.dimensionLetter ? ` (${item.dimensionKind} ${item.dimensionLetter})` : ""}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {otherErrors.length ? (
        <div className="notice error" role="alert">
          {otherErrors.flatMap(([, msgs]) => msgs).map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      ) : null}
      {survey.steps.map((s, i) => (
        <section key={s.practiceNumber} className="card review-practice" aria-labelledby={`review-${s.practiceNumber}`}>
          <h3 id={`review-${s.practiceNumber}`}>
            {s.practiceNumber}. {s.practiceName}
          </h3>
          <dl className="review-answers">
            {s.items.map((item) => (
              <div key={item.id}>
                <dt>{item.statement}</dt>
                <dd>{answerLabel(survey, draft.answers[item.id])}</dd>
              </div>
            ))}
            {survey.commentsEnabled ? (
              <div>
                <dt>Your comment</dt>
                <dd className="prewrap">{draft.comments[String(s.practiceNumber)] || "None"}</dd>
              </div>
            ) : null}
          </dl>
          <p className="small">
            <Link to={`?step=${i + 1}`}>
              Change your answers<span className="visually-hidden"> for {s.practiceName}</span>
            </Link>
          </p>
        </section>
      ))}
      {survey.demographicQuestions.length > 0 ? (
        <section className="card review-practice" aria-labelledby="review-about">
          <h3 id="review-about">About you</h3>
          <dl className="review-answers">
            {survey.demographicQuestions.map((q) => {
              const v = draft.demographics[q.category];
              return (
                <div key={q.category}>
                  <dt>{q.label}</dt>
                  <dd>{v === undefined ? "Not answered" : v === PREFER_NOT_TO_SAY ? "Prefer not to say" : v}</dd>
                </div>
              );
            })}
          </dl>
          <p className="small">
            <Link to="?step=about-you">
              Change your answers<span className="visually-hidden"> about you</span>
            </Link>
          </p>
        </section>
      ) : null}
      <p>Once submitted, your answers cannot be changed, and this link stops working.</p>
      <div className="actions survey-actions">
        <button type="submit" name="intent" value="submit" disabled={busy}>
          Submit my answers
        </button>
        <button type="submit" name="intent" value="back" className="secondary" disabled={busy}>
          Back
        </button>
      </div>
    </Form>
  );
}

/** Why a link cannot be answered, in plain words. */
export function UnavailableView({ unavailable, submitted, resultsHref }: { unavailable: Unavailable; submitted: boolean; resultsHref?: string | null }) {
  const titles: Record<Unavailable["reason"], string> = {
    unknown: "This survey link does not work",
    used: "This survey has already been answered",
    closed: "This survey is closed",
    not_open: "This survey is not open yet",
    wrong_organization: "This survey link does not work here",
  };
  if (submitted && unavailable.reason === "used") {
    return (
      <>
        <h1 tabIndex={-1}>Thank you: your answers were submitted</h1>
        {unavailable.campaignTitle ? (
          <p>
            Your answers to “{unavailable.campaignTitle}” {unavailable.orgName ? `(${unavailable.orgName}) ` : ""}were received.
          </p>
        ) : null}
        <p>This link has now been used and cannot be used again. You can close this page.</p>
        {resultsHref ? (
          <p>
            <Link to={resultsHref}>See your self-assessment results</Link>
          </p>
        ) : null}
      </>
    );
  }
  return (
    <>
      <h1>{titles[unavailable.reason]}</h1>
      {unavailable.campaignTitle ? (
        <p className="muted">
          {unavailable.campaignTitle}
          {unavailable.orgName ? ` — ${unavailable.orgName}` : ""}
        </p>
      ) : null}
      <p>{unavailable.message}</p>
      {unavailable.reason === "unknown" ? (
        <p>
          Check that you copied the whole link from your latest email about this survey. If you cannot find it, an administrator can have a
          new link sent to your email address (only you receive it).
        </p>
      ) : null}
      {resultsHref ? (
        <p>
          <Link to={resultsHref}>See your self-assessment results</Link>
        </p>
      ) : null}
    </>
  );
}
