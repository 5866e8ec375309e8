import { Form, Link } from "@remix-run/react";
import { useState } from "react";
import { FieldErrorList } from "~/components/forms";
import { useHydrated } from "~/components/hydrated";

// The campaign page's "Invite and send" section for administrators. It never shows a link: links
// go by Praxis's email to each person, or the person answers in the app (018-anonymity-against-insiders).

export type DistributionView = {
  invited: number;
  emailed: number;
  withoutEmail: number;
  inApp: number;
  unreachable: number;
  notInvited: number;
  mailConfigured: boolean;
};

export type InviteeOption = { staffMemberId: string; name: string; departmentName: string | null; hasEmail: boolean };

export function DistributionPanel(props: {
  open: boolean;
  departments: { id: string; label: string }[];
  invitees: InviteeOption[];
  summary: DistributionView | null;
  inviteErrors: Record<string, string[]> | null;
}) {
  const { open, departments, invitees, summary, inviteErrors } = props;
  const [audience, setAudience] = useState<"all" | "departments">("all");
  const hydrated = useHydrated();
  const withEmail = invitees.filter((i) => i.hasEmail);
  return (
    <section aria-labelledby="distribution-title">
      <h2 id="distribution-title">Invite and send</h2>
      <p className="small muted">
        Each invited person gets a personal link that only they receive: Praxis emails it to the address they have on the roster when they are
        invited, and people with a Praxis account under that address also find the survey on their home page. Nobody else, administrators
        included, ever sees a link.
      </p>
      <Form method="post" className="card stack">
        <h3>Invite people</h3>
        <input type="hidden" name="intent" value="invite" />
        <fieldset className="field">
          <legend>Who</legend>
          <label className="check">
            <input type="radio" name="audience" value="all" defaultChecked onChange={() => setAudience("all")} />
            <span>Everyone on the active roster who is not invited yet</span>
          </label>
          <label className="check">
            <input type="radio" name="audience" value="departments" onChange={() => setAudience("departments")} />
            <span>Only people in these departments:</span>
          </label>
          <div className="checks-grid" hidden={hydrated && audience === "all"}>
            {departments.map((d) => (
              <label key={d.id} className="check">
                <input type="checkbox" name="departmentIds" value={d.id} aria-describedby={inviteErrors ? "invite-error" : undefined} />
                <span>{d.label}</span>
              </label>
            ))}
          </div>
          <FieldErrorList id="invite-error" errors={inviteErrors ? Object.values(inviteErrors).flat() : undefined} />
        </fieldset>
        <p className="small muted">
          An invitation keeps the email address and the account the person has now: changing the roster later does not move it.
        </p>
        <div className="actions">
          <button type="submit">Create invitations</button>
        </div>
      </Form>
      {summary && summary.invited > 0 ? (
        <div className="card stack">
          <h3>Email</h3>
          <p>
            {summary.invited.toLocaleString("en-US")} people are invited: {summary.withoutEmail.toLocaleString("en-US")} without an email address,{" "}
            {summary.inApp.toLocaleString("en-US")} can answer in the app.
          </p>
          {summary.unreachable > 0 ? (
            <p className="notice warn">
              {summary.unreachable === 1 ? "One invited person has" : `${summary.unreachable.toLocaleString("en-US")} invited people have`} neither an
              email address nor a Praxis account: Praxis cannot reach them, and no one may hand them a link in their place. Add their email
              address to the roster before inviting them, or invite them to Praxis as members first.
            </p>
          ) : null}
          {!summary.mailConfigured ? (
            <p className="notice warn">
              Email is not set up on this server, so Praxis cannot send survey links. Invited people with a Praxis account answer in the app;
              ask IT to set up email (SMTP_URL) for the others.
            </p>
          ) : open ? (
            <div className="actions">
              <Link to="?confirm=email" className="button secondary">
                Send invitations by email
              </Link>
              <Link to="?confirm=remind" className="button secondary">
                Send reminders
              </Link>
            </div>
          ) : (
            <p className="small muted">Open the campaign to send invitations and reminders by email.</p>
          )}
          {summary.mailConfigured && open && withEmail.length > 0 ? (
            <Form method="get" className="stack" aria-labelledby="resend-title">
              <h4 id="resend-title">Send one person a new link</h4>
              <input type="hidden" name="confirm" value="resend" />
              <div className="field">
                <label htmlFor="resend-person">Person</label>
                <p className="hint" id="resend-person-hint">
                  For someone who lost their email. The new link goes to the address they were invited at, never elsewhere, and only if they have
                  not answered yet.
                </p>
                <select id="resend-person" name="person" aria-describedby="resend-person-hint">
                  {withEmail.map((i) => (
                    <option key={i.staffMemberId} value={i.staffMemberId}>
                      {i.name}
                      {i.departmentName ? ` (${i.departmentName})` : ""}
                    </option>
                  ))}
                </select>
              </div>
              <div className="actions">
                <button type="submit" className="secondary">
                  Continue
                </button>
              </div>
            </Form>
          ) : null}
          {summary.notInvited > 0 ? <p className="small muted">{summary.notInvited.toLocaleString("en-US")} people on the active roster are not invited.</p> : null}
        </div>
      ) : null}
    </section>
  );
}

/** What the page says after a send: never a count that depends on who has answered. */
export function SentNotice({ sent }: { sent: string }) {
  const [kind, queued, without] = sent.split(":");
  const n = Number(queued);
  const w = Number(without);
  return (
    <div role="status" className="notice success">
      {kind === "emailed" ? (
        <p>
          {n} {n === 1 ? "invitation" : "invitations"} sent by email.
          {w > 0 ? ` ${w} invited ${w === 1 ? "person has" : "people have"} no email address: they can answer only in the app, with a Praxis account under the address they had on the roster.` : ""}
        </p>
      ) : kind === "reminded" ? (
        <p>Reminders are on their way to everyone who has not answered yet. How many is not shown: it would tell how many have answered.</p>
      ) : (
        <p>
          If this person has not answered yet, a new link is on its way to the address they were invited at, and their earlier link no longer
          works. If they have answered, nothing is sent. This message is the same either way.
        </p>
      )}
    </div>
  );
}
