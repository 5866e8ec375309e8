import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { FieldErrorList } from "~/components/forms";
import { CAMPAIGN_KIND_LABELS, DEMOGRAPHIC_FIELD_LABELS, todayIso } from "~/modules/assessments/assessments.schema";
import { closeCampaign, deleteCampaign, extendCampaign, getCampaign, openCampaign } from "~/modules/assessments/campaigns.server";
import { useHydrated } from "~/components/hydrated";
import { CampaignStatusBadge, day, ParticipationTable, useFocusOnMount } from "~/modules/assessments/components/assessment-ui";
import { issueLinks } from "~/modules/assessments/distribution-form.server";
import { getDistributionSummary, sendInvitationEmails, sendReminders } from "~/modules/assessments/distribution.server";
import { getParticipation } from "~/modules/assessments/results.server";
import { can } from "~/modules/auth/permissions";
import { cachedJson } from "~/modules/cache/view-cache.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { CsvLink } from "~/components/csv-link";
import { invitationBaseUrl } from "~/modules/orgs/members.server";
import { listDepartments } from "~/modules/orgs/departments.server";
import { badRequest, FieldErrors } from "~/utils/http.server";
import assessmentStyles from "~/styles/assessments.css";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.campaign.title ?? "Campaign"} — Assessments — Praxis` }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: assessmentStyles }];

const NOTICES: Record<string, string> = {
  created: "Campaign created as a draft. Invite people, then open it.",
  saved: "Changes saved.",
  opened: "The campaign is open. People with a link can answer until its closing day.",
  closed: "The campaign is closed. No more answers are accepted, and its results can be read.",
  extended: "The closing day was moved.",
};

const CONFIRMS = ["open", "close", "delete", "regenerate", "email", "remind"] as const;
type Confirm = (typeof CONFIRMS)[number];

/** Served from the view cache while nothing of the organization changes (ADR 014). */
export const handle = { viewCache: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "assessments.read");
  // What the page shows, computed once per organization data version (app/modules/cache).
  return cachedJson(ctx, request, async () => {
    const campaign = await getCampaign(ctx, params.campaignId ?? "");
    const canManage = can(ctx.role, "assessments.manage");
    const status = campaign.effectiveStatus;
    const [participation, distribution, departments] = await Promise.all([
      campaign.invited > 0 && (canManage || status === "closed") ? getParticipation(ctx, campaign.id) : Promise.resolve(null),
      canManage ? getDistributionSummary(ctx, campaign.id) : Promise.resolve(null),
      canManage && status !== "closed" ? listDepartments(ctx) : Promise.resolve([]),
    ]);
    const url = new URL(request.url);
    const confirm = url.searchParams.get("confirm");
    const notice = url.searchParams.get("notice");
    const sent = url.searchParams.get("sent");
    return {
      orgSlug: ctx.orgSlug,
      campaign,
      canManage,
      canResults: can(ctx.role, "assessments.results"),
      participation,
      distribution,
      departments: departments.map((d) => ({ id: d.id, label: d.label })),
      today: todayIso(),
      confirm: canManage && confirm && (CONFIRMS as readonly string[]).includes(confirm) ? (confirm as Confirm) : null,
      notice: notice && notice in NOTICES ? NOTICES[notice] : null,
      sent: sent && /^(emailed|reminded):\d+:\d+:[01]$/.test(sent) ? sent : null,
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "assessments.manage");
  const id = params.campaignId ?? "";
  const here = `/o/${ctx.orgSlug}/assessments/${id}`;
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  try {
    switch (intent) {
      case "open":
        await openCampaign(ctx, id);
        return redirect(`${here}?notice=opened`);
      case "close":
        await closeCampaign(ctx, id);
        return redirect(`${here}?notice=closed`);
      case "delete":
        await deleteCampaign(ctx, id);
        return redirect(`/o/${ctx.orgSlug}/assessments?notice=deleted`);
      case "extend":
        await extendCampaign(ctx, id, { closesOn: String(form.get("closesOn") ?? "") });
        return redirect(`${here}?notice=extended`);
      case "invite":
      case "regenerate": {
        const issued = await issueLinks(ctx, id, form, request);
        // Returned, not redirected: only the hashes are kept, so the links exist in this response only.
        return json(
          { issued: { ...issued, regenerated: intent === "regenerate" } },
          { headers: { "Cache-Control": "no-store" } },
        );
      }
      case "email":
      case "remind": {
        const report = intent === "email" ? await sendInvitationEmails(ctx, id, invitationBaseUrl(request)) : await sendReminders(ctx, id, invitationBaseUrl(request));
        return redirect(`${here}?sent=${intent === "email" ? "emailed" : "reminded"}:${report.queued}:${report.withoutEmail}:${report.mailConfigured ? 1 : 0}`);
      }
      default:
        badRequest("Choose what to do with this campaign.");
    }
  } catch (error) {
    if (error instanceof FieldErrors) return json({ intent, errors: error.errors }, { status: 400 });
    throw error;
  }
}

function useErrorsFor(intent: string): Record<string, string[]> | null {
  const data = useActionData<typeof action>();
  return data && "errors" in data && data.intent === intent ? data.errors : null;
}

export default function CampaignPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { campaign, canManage, participation, distribution, confirm, notice, sent, orgSlug } = data;
  const base = `/o/${orgSlug}/assessments`;
  const here = `${base}/${campaign.id}`;
  const status = campaign.effectiveStatus;
  const issued = actionData && "issued" in actionData ? actionData.issued : null;
  const pageErrors = actionData && "errors" in actionData && ["open", "close", "delete", "email", "remind", "regenerate"].includes(actionData.intent) ? Object.values(actionData.errors).flat() : [];
  const practiceCount = campaign.practiceNumbers.length;

  return (
    <>
      <p className="small">
        <Link to={base}>All assessments</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>{campaign.title}</h1>
          <p className="muted">
            {campaign.kind === "self" ? "Self-assessment" : "Organizational assessment"} · <CampaignStatusBadge status={status} />
          </p>
        </div>
        <p className="actions">
          {status === "closed" && data.canResults && campaign.kind === "organizational" ? (
            <Link to={`${here}/results`} className="button">
              See the results
            </Link>
          ) : null}
          {canManage && status !== "closed" && campaign.kind === "organizational" ? (
            <Link to={`${here}/results`} className="button secondary">
              Live participation
            </Link>
          ) : null}
          {canManage && status !== "closed" && !campaign.frozen ? (
            <Link to={`${here}/edit`} className="button secondary">
              Edit campaign
            </Link>
          ) : null}
        </p>
      </div>

      {notice ? (
        <p role="status" className="notice success">
          {notice}
        </p>
      ) : null}
      {sent ? <SentNotice sent={sent} /> : null}
      {pageErrors.length ? (
        <div role="alert" className="notice error">
          {pageErrors.map((e) => (
            <p key={e}>{e}</p>
          ))}
        </div>
      ) : null}
      {issued ? <IssuedLinksPanel key={issued.links.map((l) => l.link).join()} issued={issued} /> : null}
      {confirm ? <ConfirmPanel confirm={confirm} here={here} /> : null}

      <section aria-labelledby="about-title" className="card">
        <h2 id="about-title">About this campaign</h2>
        <dl className="campaign-facts">
          <dt>Kind</dt>
          <dd>{CAMPAIGN_KIND_LABELS[campaign.kind]}</dd>
          <dt>Opens</dt>
          <dd>{day(campaign.opensOn)}</dd>
          <dt>Closes</dt>
          <dd>{day(campaign.closesOn)}</dd>
          <dt>Practices</dt>
          <dd>
            {practiceCount === 14 ? "All 14 practices" : `${practiceCount} of the 14 practices`}, {campaign.items.length}{" "}
            {campaign.items.length === 1 ? "statement" : "statements"} ({campaign.depth === "practice" ? "one per practice" : "one per dimension"})
          </dd>
          <dt>Scale</dt>
          <dd>
            {campaign.scaleLabels.map((l, i) => `${i + 1} ${l}`).join(" · ")} · {campaign.notApplicableLabel}
          </dd>
          <dt>Comments</dt>
          <dd>{campaign.commentsEnabled ? `Optional per practice; shown organization-wide when at least ${campaign.commentsThreshold} people responded` : "Not asked"}</dd>
          <dt>About the respondent</dt>
          <dd>{campaign.demographicCategories.length ? campaign.demographicCategories.map((c) => DEMOGRAPHIC_FIELD_LABELS[c]).join(", ") : "Not asked"}</dd>
          <dt>Anonymity threshold</dt>
          <dd>
            {campaign.anonymityThreshold} respondents: any group with fewer is hidden{campaign.frozen ? " (frozen: people have started answering)" : ""}
          </dd>
        </dl>
        {campaign.frozen && status !== "closed" ? (
          <p className="small muted">
            People have started answering, so the questions, the scale and the threshold can no longer change. You can still extend or
            close the campaign.
          </p>
        ) : null}
      </section>

      {canManage ? <Lifecycle /> : null}

      {canManage && status !== "closed" ? <Distribution /> : null}

      {participation ? (
        <section aria-labelledby="participation-title">
          <h2 id="participation-title">Participation{participation.live ? " (live)" : ""}</h2>
          {participation.live ? (
            <p className="small muted">Counts move as people answer. Who has answered is never shown, to anyone.</p>
          ) : null}
          <ParticipationTable caption={`Participation by department in ${campaign.title}`} total={participation.total} rows={participation.departments} />
          <CsvLink href={`/o/${orgSlug}/assessments/${campaign.id}/participation.csv`} label="Download participation by department (CSV)" />
        </section>
      ) : null}
      {distribution && campaign.invited > 0 ? (
        <p className="small muted">
          {distribution.invited} invited · {distribution.emailed} emailed · {distribution.withoutEmail} without an email address ·{" "}
          {distribution.remindersSent} reminders sent · {distribution.notInvited} on the roster not invited
        </p>
      ) : null}
    </>
  );
}

function SentNotice({ sent }: { sent: string }) {
  const [kind, queued, without, configured] = sent.split(":");
  const n = Number(queued);
  const w = Number(without);
  return (
    <div role="status" className="notice success">
      <p>
        {kind === "emailed" ? `${n} ${n === 1 ? "invitation" : "invitations"} queued for email.` : `${n} ${n === 1 ? "reminder" : "reminders"} queued for email, to people who have not answered yet.`}
        {w > 0 ? ` ${w} ${w === 1 ? "person has" : "people have"} no email address on the roster: give them a link yourself (regenerating links covers everyone).` : ""}
      </p>
      {configured === "0" ? <p className="small">Email is not configured on this server: the messages wait in the outbox.</p> : null}
    </div>
  );
}

function Lifecycle() {
  const { campaign, today } = useLoaderData<typeof loader>();
  const errors = useErrorsFor("extend");
  const navigation = useNavigation();
  const here = `?confirm=`;
  const status = campaign.effectiveStatus;
  if (status === "closed") return null;
  return (
    <section aria-labelledby="lifecycle-title">
      <h2 id="lifecycle-title">Open and close</h2>
      {status === "draft" ? (
        <div className="actions">
          <Link to={`${here}open`} className="button">
            Open the campaign
          </Link>
          <Link to={`${here}delete`} className="button secondary">
            Delete the draft
          </Link>
        </div>
      ) : (
        <div className="stack">
          <div className="actions">
            <Link to={`${here}close`} className="button secondary">
              Close early
            </Link>
          </div>
          <Form method="post" className="row card" aria-labelledby="extend-title">
            <h3 id="extend-title" className="visually-hidden">
              Extend
            </h3>
            <input type="hidden" name="intent" value="extend" />
            <div className="field">
              <label htmlFor="extend-closes-on">New closing day</label>
              <p className="hint" id="extend-closes-on-hint">
                Now {day(campaign.closesOn)}. A campaign cannot be extended once its closing day has passed.
              </p>
              <input
                id="extend-closes-on"
                name="closesOn"
                type="date"
                min={today}
                defaultValue=""
                aria-describedby={`extend-closes-on-hint${errors ? " extend-closes-on-error" : ""}`}
                aria-invalid={errors ? true : undefined}
              />
              <FieldErrorList id="extend-closes-on-error" errors={errors ? Object.values(errors).flat() : undefined} />
            </div>
            <button type="submit" className="secondary" disabled={navigation.state === "submitting"}>
              Extend
            </button>
          </Form>
        </div>
      )}
    </section>
  );
}

function Distribution() {
  const { campaign, departments, orgSlug } = useLoaderData<typeof loader>();
  const errors = useErrorsFor("invite");
  const [audience, setAudience] = useState<"all" | "departments">("all");
  const hydrated = useHydrated();
  const open = campaign.effectiveStatus === "open";
  return (
    <section aria-labelledby="distribution-title">
      <h2 id="distribution-title">Invite and send</h2>
      <p className="small muted">
        Each person on the active roster gets one personal link that works once. Only a fingerprint of each link is stored, so links are shown
        once: copy them or download them for a mail merge now, or issue new ones later.
      </p>
      <Form method="post" reloadDocument className="card stack">
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
                <input type="checkbox" name="departmentIds" value={d.id} aria-describedby={errors ? "invite-error" : undefined} />
                <span>{d.label}</span>
              </label>
            ))}
          </div>
          <FieldErrorList id="invite-error" errors={errors ? Object.values(errors).flat() : undefined} />
        </fieldset>
        <div className="actions">
          <button type="submit">Create invitations</button>
          <button type="submit" className="secondary" formAction={`/o/${orgSlug}/assessments/${campaign.id}/links.csv`}>
            Download links (CSV)
          </button>
        </div>
        <p className="small muted">“Download links (CSV)” creates the invitations and downloads them (name, email, department, link) for a mail merge.</p>
      </Form>
      {campaign.invited > 0 ? (
        <div className="card stack">
          <h3>Links and email</h3>
          <p>{campaign.invited.toLocaleString("en-US")} people are invited.</p>
          <div className="actions">
            <Link to="?confirm=regenerate" className="button secondary">
              New links for everyone invited
            </Link>
            {open ? (
              <>
                <Link to="?confirm=email" className="button secondary">
                  Send invitations by email
                </Link>
                <Link to="?confirm=remind" className="button secondary">
                  Send reminders
                </Link>
              </>
            ) : (
              <span className="small muted">Open the campaign to send invitations and reminders by email.</span>
            )}
          </div>
        </div>
      ) : null}
    </section>
  );
}

const CONFIRM_TEXT: Record<Confirm, { heading: string; text: string; yes: string; danger?: boolean }> = {
  open: {
    heading: "Open this campaign?",
    text: "People with a link can answer from its opening day until its closing day. Once the first answer arrives, the questions and the anonymity threshold are frozen.",
    yes: "Open the campaign",
  },
  close: {
    heading: "Close this campaign now?",
    text: "No more answers will be accepted, links stop working, and the results become available. A closed campaign cannot be reopened.",
    yes: "Close the campaign",
    danger: true,
  },
  delete: {
    heading: "Delete this draft?",
    text: "The draft and any invitations created for it are deleted. Links already handed out stop working. This cannot be undone.",
    yes: "Delete the draft",
    danger: true,
  },
  regenerate: {
    heading: "Issue new links for everyone invited?",
    text: "Every earlier link of this campaign stops working; what people saved continues on their new link. The list covers everyone invited, those who already answered included (their link still says so), so it never tells who answered.",
    yes: "Show the new links",
    danger: true,
  },
  email: {
    heading: "Email the invitations?",
    text: "Everyone invited with an email address who was not emailed yet receives a new personal link. A link you copied for them earlier stops working.",
    yes: "Send invitations",
  },
  remind: {
    heading: "Send reminders?",
    text: "Everyone who has not answered yet receives a reminder with a new personal link (their earlier link stops working; what they saved is kept). You will see how many reminders went out, never to whom.",
    yes: "Send reminders",
  },
};

function ConfirmPanel({ confirm, here }: { confirm: Confirm; here: string }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const navigation = useNavigation();
  const c = CONFIRM_TEXT[confirm];
  return (
    <section className="card notice warn" aria-labelledby="confirm-title">
      <h2 id="confirm-title" ref={heading} tabIndex={-1}>
        {c.heading}
      </h2>
      <Form method="post" action={here} reloadDocument={confirm === "regenerate"} className="stack">
        <p>{c.text}</p>
        <input type="hidden" name="intent" value={confirm} />
        {confirm === "regenerate" ? <input type="hidden" name="audience" value="all" /> : null}
        <div className="actions">
          <button type="submit" className={c.danger ? "danger" : undefined} disabled={navigation.state === "submitting"}>
            {c.yes}
          </button>
          {confirm === "regenerate" ? (
            <button type="submit" className="secondary" formAction={`${here}/links.csv`}>
              Download links (CSV)
            </button>
          ) : null}
          <Link to={here} className="button secondary">
            Cancel
          </Link>
        </div>
      </Form>
    </section>
  );
}

type Issued = { links: { invitationId: string; name: string; email: string | null; departmentName: string | null; link: string }[]; created: number; alreadyInvited: number; regenerated: boolean };

function IssuedLinksPanel({ issued }: { issued: Issued }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const hydrated = useHydrated();
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const all = issued.links.map((l) => `${l.name}\t${l.email ?? ""}\t${l.departmentName ?? ""}\t${l.link}`).join("\n");
  async function copy() {
    try {
      await navigator.clipboard.writeText(all);
      setCopied("yes");
    } catch {
      setCopied("no");
    }
  }
  const title = issued.regenerated
    ? `New links for ${issued.links.length} ${issued.links.length === 1 ? "person" : "people"}`
    : `${issued.created} ${issued.created === 1 ? "invitation" : "invitations"} created`;
  return (
    <section className="card notice success stack" aria-labelledby="issued-title">
      <h2 id="issued-title" ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {!issued.regenerated && issued.alreadyInvited > 0 ? (
        <p>{issued.alreadyInvited} people in your choice were already invited and keep their links.</p>
      ) : null}
      <p>
        <strong>These links are shown only once.</strong> Copy them now, or issue new links later (earlier ones then stop working). Each link
        is personal and works once: do not post them where others can see them.
      </p>
      {issued.links.length > 0 ? (
        <>
          <div className="field">
            <label htmlFor="all-links">All links (name, email, department, link; one per line)</label>
            <div className="copy-box">
              <textarea id="all-links" readOnly rows={4} value={all} onFocus={(e) => e.currentTarget.select()} />
              {hydrated ? (
                <button type="button" className="secondary" onClick={copy}>
                  Copy all links
                </button>
              ) : null}
            </div>
          </div>
          <p role="status" className="small">
            {copied === "yes" ? "The links were copied to the clipboard." : copied === "no" ? "Copying failed: select the links and copy them yourself." : ""}
          </p>
          <div className="table-wrap">
            <table className="links-table">
              <caption>Personal survey links</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Department</th>
                  <th scope="col">Link</th>
                </tr>
              </thead>
              <tbody>
                {issued.links.map((l) => (
                  <tr key={l.invitationId}>
                    <th scope="row">{l.name}</th>
                    <td>{l.departmentName ?? "—"}</td>
                    <td>
                      <input type="text" readOnly value={l.link} aria-label={`Survey link for ${l.name}`} onFocus={(e) => e.currentTarget.select()} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p>Nobody new to invite.</p>
      )}
    </section>
  );
}
