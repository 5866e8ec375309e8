import { Link } from "@remix-run/react";

// "How your anonymity is protected": one plain-language page per campaign, linked from every step
// of the survey (docs/decisions/018-anonymity-against-insiders.md).

export type AnonymityFactsView = {
  orgName: string;
  title: string;
  kind: "organizational" | "self";
  threshold: number;
  commentsEnabled: boolean;
  commentsThreshold: number;
  groupName: string;
  invitedInGroup: number;
  invitedTotal: number;
  demographicLabels: string[];
};

export function AnonymityFactsPage({ facts, backHref }: { facts: AnonymityFactsView; backHref: string }) {
  const small = facts.invitedInGroup < facts.threshold;
  return (
    <>
      <p className="survey-org small muted">{facts.orgName}</p>
      <h1>How your anonymity is protected</h1>
      <p className="muted">{facts.title}</p>
      <p>
        <Link to={backHref}>Back to the survey</Link>
      </p>

      {facts.kind === "self" ? (
        <section aria-labelledby="self-title" className="card stack">
          <h2 id="self-title">This is a self-assessment</h2>
          <p>
            Your answers and your results are yours. Only you can read them: with the personal link Praxis emailed to you, or signed in
            to your own Praxis account. Administrators see only how many people answered, never who, and never anyone&apos;s answers.
          </p>
        </section>
      ) : (
        <>
          <section aria-labelledby="numbers-title" className="card stack">
            <h2 id="numbers-title">The numbers for this survey</h2>
            <dl className="anonymity-facts">
              <dt>Smallest group ever shown</dt>
              <dd>{facts.threshold} people: results of any group with fewer respondents are hidden, and so is any figure from which they could be worked out.</dd>
              <dt>Your group</dt>
              <dd>
                {facts.groupName}: {facts.invitedInGroup.toLocaleString("en-US")} {facts.invitedInGroup === 1 ? "person was" : "people were"} invited
              </dd>
              <dt>Everyone invited</dt>
              <dd>{facts.invitedTotal.toLocaleString("en-US")} people</dd>
              {facts.commentsEnabled ? (
                <>
                  <dt>Comments</dt>
                  <dd>
                    Shown word for word, for the whole organization only, and only when at least {facts.commentsThreshold} people responded. Leave
                    out names and details that would identify anyone, including you.
                  </dd>
                </>
              ) : null}
              <dt>Questions about you</dt>
              <dd>
                {facts.demographicLabels.length
                  ? `${facts.demographicLabels.join(", ")} — each optional, with “Prefer not to say”.`
                  : "None are asked in this survey."}
              </dd>
            </dl>
            {small ? (
              <p className="notice warn">
                Your group has fewer than {facts.threshold} people invited, so its results will not be shown on their own: your answers count
                only in larger groups, such as the whole organization.
              </p>
            ) : null}
          </section>
          <section aria-labelledby="who-title" className="card stack">
            <h2 id="who-title">Who can see what</h2>
            <ul>
              <li>
                <strong>Nobody</strong> — administrators included — can see who answered, when, or what any one person answered. Who was
                invited and what was answered are stored apart, with nothing that joins them.
              </li>
              <li>
                <strong>Administrators</strong> see how many people answered in each group of at least {facts.threshold}, and, after the survey
                closes, results for such groups.
              </li>
              <li>
                <strong>Department heads</strong> see results for the whole organization and for their own department only, under the same
                rule.
              </li>
              <li>
                <strong>Your link</strong> was emailed to you alone: nobody at your organization has a copy. Answers you save before submitting
                are locked with your link (or, in the app, with a key kept in your browser): nobody else can read them or submit them for
                you. If you lose the email, an administrator can have a new link sent to your address; the old one then stops working.
              </li>
            </ul>
          </section>
        </>
      )}
      <p>
        <Link to={backHref}>Back to the survey</Link>
      </p>
    </>
  );
}
