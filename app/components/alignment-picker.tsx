import type { SubmissionResult } from "@conform-to/react";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { DimensionSearchHit, PickerGroup, PickerPractice } from "~/modules/plans/alignment.server";
import { LINK_TOKEN } from "~/modules/plans/plans.schema";

// The practice alignment picker: the 14 practices by narrative group with their definitions and
// dimensions, a checkbox per practice or dimension (linked or not) and one "Primary" radio for the
// whole form. The word search of dimensions is a GET of this same form (the Search button), so it
// works without JavaScript and keeps what is already ticked: the loader reads `link`, `primary`
// and `q` back from the address.

export type PickerSelection = { links: string[]; primary: string | null };

/** The ticked links and the primary from submitted values (an action's echo or a search's URL). */
export function selectionFrom(values: { link?: unknown; primary?: unknown } | null | undefined): PickerSelection | null {
  if (!values) return null;
  const raw = Array.isArray(values.link) ? values.link : values.link === undefined ? [] : [values.link];
  const links = raw.filter((v): v is string => typeof v === "string" && LINK_TOKEN.test(v));
  const primary = typeof values.primary === "string" && LINK_TOKEN.test(values.primary) ? values.primary : null;
  return { links: [...new Set(links)], primary };
}

const KIND_LABEL = { leadership: "Leadership", management: "Management" } as const;

export function AlignmentPicker({
  id,
  action,
  cancelTo,
  itemLabel,
  groups,
  selection,
  query,
  hits,
  lastResult,
}: {
  id: string;
  /** The route's URL: the form posts to it and searches with a GET to it. */
  action: string;
  cancelTo: string;
  /** "objective 2.3", "measure 2.3.1": completes the Save button's text for screen readers. */
  itemLabel: string;
  groups: PickerGroup[];
  selection: PickerSelection;
  /** The search words, and their hits (null when no search was made). */
  query: string;
  hits: DimensionSearchHit[] | null;
  lastResult?: SubmissionResult<string[]> | null;
}) {
  const navigation = useNavigation();
  const saving = navigation.state === "submitting" && navigation.formMethod?.toLowerCase() === "post";
  const errors = lastResult?.error ?? {};
  const linkErrors = [...(errors[""] ?? []), ...(errors.link ?? []), ...Object.entries(errors).filter(([k]) => k.startsWith("link[")).flatMap(([, v]) => v ?? [])];
  const primaryErrors = errors.primary ?? [];
  const allErrors = [...new Set([...linkErrors, ...primaryErrors])];
  const errorRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (allErrors.length) errorRef.current?.focus();
  }, [lastResult, allErrors.length]);

  const checked = new Set(selection.links);
  const hitTokens = new Set((hits ?? []).map((h) => h.token));
  const practiceNames = new Map(groups.flatMap((g) => g.practices.map((p) => [p.number, p.name] as const)));
  const errorId = `${id}-errors`;
  const describedBy = allErrors.length ? errorId : undefined;

  const choice = (token: string, text: string, options: { describedById?: string; lead?: string } = {}) => (
    <Choice
      key={token}
      formId={id}
      token={token}
      text={text}
      lead={options.lead}
      checked={checked.has(token)}
      primary={selection.primary === token}
      describedBy={[options.describedById, describedBy].filter(Boolean).join(" ") || undefined}
    />
  );

  return (
    <Form method="post" action={action} id={id} className="stack alignment-picker" noValidate>
      <div className="field">
        <label htmlFor={`${id}-q`}>Search dimensions by words</label>
        <p className="hint" id={`${id}-q-hint`}>
          For example “budget”, “ethics training” or “community engagement”. The matching dimensions are listed first,
          ready to tick; what you have already ticked is kept.
        </p>
        <div className="row">
          <input
            type="search"
            id={`${id}-q`}
            name="q"
            defaultValue={query}
            aria-describedby={`${id}-q-hint`}
            className="picker-search"
          />
          {/* The first submit button, so Enter in the search box searches instead of saving. */}
          <button type="submit" formMethod="get" formAction={action} name="search" value="1" className="secondary">
            Search
          </button>
        </div>
      </div>

      {hits !== null ? (
        <fieldset className="picker-group picker-hits">
          <legend>
            Dimensions matching “{query}” ({hits.length})
          </legend>
          {hits.length === 0 ? (
            <p className="muted" role="status">
              No dimension matches all of these words. Try fewer or shorter words, or browse the practices below.
            </p>
          ) : (
            <div className="picker-choices">
              {hits.map((h) =>
                choice(h.token, `${KIND_LABEL[h.kind]} ${h.letter}: ${h.text}`, {
                  lead: `Practice ${h.practiceNumber}: ${practiceNames.get(h.practiceNumber) ?? h.practiceName}`,
                }),
              )}
            </div>
          )}
          <p className="small">
            <Link to={action}>Clear the search</Link> (unsaved ticks are lost; save first to keep them).
          </p>
        </fieldset>
      ) : null}

      <div ref={errorRef} tabIndex={-1} id={errorId} role={allErrors.length ? "alert" : undefined} className={allErrors.length ? "notice error" : undefined}>
        {allErrors.map((e) => (
          <p key={e} className="field-error">
            {e}
          </p>
        ))}
      </div>

      {groups.map((g) => (
        <fieldset key={g.position} className="picker-group">
          <legend>{g.phrase}</legend>
          {g.practices.map((p) => (
            <PracticeChoices key={p.number} formId={id} practice={p} checked={checked} hitTokens={hitTokens} choice={choice} />
          ))}
        </fieldset>
      ))}

      <div className="actions">
        <button type="submit" disabled={saving}>
          {saving ? "Saving…" : "Save linked practices"}
          <span className="visually-hidden"> of {itemLabel}</span>
        </button>
        <Link to={cancelTo} className="button secondary">
          Cancel
        </Link>
      </div>
    </Form>
  );
}

function PracticeChoices({
  formId,
  practice: p,
  checked,
  hitTokens,
  choice,
}: {
  formId: string;
  practice: PickerPractice;
  checked: Set<string>;
  hitTokens: Set<string>;
  choice: (token: string, text: string, options?: { describedById?: string }) => JSX.Element;
}) {
  const definitionId = `${formId}-def-${p.number}`;
  const dimensions = [...p.leadership, ...p.management];
  const open = dimensions.some((d) => checked.has(d.token) || hitTokens.has(d.token));
  return (
    <div className="picker-practice">
      {choice(p.token, `Practice ${p.number}: ${p.name}`, { describedById: definitionId })}
      <p className="picker-definition" id={definitionId}>
        {p.definition}
      </p>
      {dimensions.length ? (
        <details className="picker-dimensions" open={open}>
          <summary>
            Dimensions of practice {p.number} ({dimensions.length})
          </summary>
          {(["leadership", "management"] as const).map((kind) =>
            p[kind].length ? (
              <fieldset key={kind} className="picker-subgroup">
                <legend>
                  {KIND_LABEL[kind]} dimensions of practice {p.number}
                </legend>
                <div className="picker-choices">
                  {p[kind].map((d) =>
                    hitTokens.has(d.token) ? (
                      <p key={d.token} className="small muted">
                        {KIND_LABEL[kind]} {d.letter}: {d.text} — shown in the search results above.
                      </p>
                    ) : (
                      choice(d.token, `${KIND_LABEL[kind]} ${d.letter}: ${d.text}`)
                    ),
                  )}
                </div>
              </fieldset>
            ) : null,
          )}
        </details>
      ) : null}
    </div>
  );
}

function Choice({
  formId,
  token,
  text,
  lead,
  checked,
  primary,
  describedBy,
}: {
  formId: string;
  token: string;
  text: string;
  lead?: string;
  checked: boolean;
  primary: boolean;
  describedBy?: string;
}) {
  const slug = token.replace(/:/g, "-");
  const linkId = `${formId}-link-${slug}`;
  const primaryId = `${formId}-primary-${slug}`;
  return (
    <div className="picker-choice">
      <span className="picker-check">
        <input type="checkbox" id={linkId} name="link" value={token} defaultChecked={checked} aria-describedby={describedBy} />
        <label htmlFor={linkId}>
          {lead ? <span className="picker-lead">{lead}</span> : null}
          {text}
        </label>
      </span>
      <span className="picker-primary">
        <input
          type="radio"
          id={primaryId}
          name="primary"
          value={token}
          defaultChecked={primary}
          // With JavaScript, choosing the primary also ticks its link (without, the server asks for it).
          onChange={(event) => {
            const box = event.currentTarget.form?.querySelector<HTMLInputElement>(`#${CSS.escape(linkId)}`);
            if (box) box.checked = true;
          }}
        />
        <label htmlFor={primaryId}>
          Primary<span className="visually-hidden">: {lead ? `${lead}, ` : ""}{text}</span>
        </label>
      </span>
    </div>
  );
}
