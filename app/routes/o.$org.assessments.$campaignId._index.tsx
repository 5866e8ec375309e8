import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FieldErrorList } from "~/components/forms";
import { CAMPAIGN_KIND_LABELS, DEMOGRAPHIC_FIELD_LABELS, todayIso } from "~/modules/assessments/assessments.schema";
import { closeCampaign, deleteCampaign, extendCampaign, getCampaign, openCampaign } from "~/modules/assessments/campaigns.server";
import { CampaignStatusBadge, day, ParticipationTable, useFocusOnMount } from "~/modules/assessments/components/assessment-ui";
import { DistributionPanel, SentNotice } from "~/modules/assessments/components/distribution-panel";
import { audienceFrom } from "~/modules/assessments/distribution-form.server";
import { createInvitations, getDistributionSummary, listInvitees, resendInvitation, sendInvitationEmails, sendReminders } from "~/modules/assessments/distribution.server";
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

const CONFIRMS = ["open", "close", "delete", "email", "remind", "resend"] as const;
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
    const [participation, distribution, departments, invitees] = await Promise.all([
      campaign.invited > 0 && (canManage || status === "closed") ? getParticipation(ctx, campaign.id) : Promise.resolve(null),
      canManage ? getDistributionSummary(ctx, campaign.id) : Promise.resolve(null),
      canManage && status !== "closed" ? listDepartments(ctx) : Promise.resolve([]),
      canManage && status === "open" && campaign.invited > 0 ? listInvitees(ctx, campaign.id) : Promise.resolve([]),
    ]);
    const url = new URL(request.url);
    const confirm = url.searchParams.get("confirm");
    const person = invitees.find((i) => i.hasEmail && i.staffMemberId === url.searchParams.get("person")) ?? null;
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
      invitees,
      person,
      today: todayIso(),
      confirm: canManage && confirm && (CONFIRMS as readonly string[]).includes(confirm) && (confirm !== "resend" || person) ? (confirm as Confirm) : null,
      notice: notice && notice in NOTICES ? NOTICES[notice] : null,
      sent: sent && /^(emailed:\d+:\d+|reminded|resent)$/.test(sent) ? sent : null,
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
      case "invite": {
        const created = await createInvitations(ctx, id, audienceFrom(form));
        return json({ created });
      }
      case "email": {
        const report = await sendInvitationEmails(ctx, id, invitationBaseUrl(request));
        return redirect(`${here}?sent=emailed:${report.queued ?? 0}:${report.withoutEmail}`);
      }
      case "remind":
        await sendReminders(ctx, id, invitationBaseUrl(request));
        return redirect(`${here}?sent=reminded`);
      case "resend":
        await resendInvitation(ctx, id, String(form.get("staffMemberId") ?? ""), invitationBaseUrl(request));
        return redirect(`${here}?sent=resent`);
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
  const created = actionData && "created" in actionData ? actionData.created : null;
  const pageErrors = actionData && "errors" in actionData && ["open", "close", "delete", "email", "remind", "resend"].includes(actionData.intent) ? Object.values(actionData.errors).flat() : [];
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
      {created ? <CreatedPanel created={created} /> : null}
      {confirm ? <ConfirmPanel confirm={confirm} here={here} person={data.person} /> : null}

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

      {canManage && status !== "closed" ? (
        <DistributionPanel
          open={status === "open"}
          departments={data.departments}
          invitees={data.invitees}
          summary={distribution}
          inviteErrors={actionData && "errors" in actionData && actionData.intent === "invite" ? actionData.errors : null}
        />
      ) : null}

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
          {distribution.notInvited} on the roster not invited
        </p>
      ) : null}
    </>
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
  email: {
    heading: "Email the invitations?",
    text: "Everyone invited with an email address who was not emailed yet receives their personal link, at the address they had on the roster when invited.",
    yes: "Send invitations",
  },
  remind: {
    heading: "Send reminders?",
    text: "Everyone who has not answered yet receives a reminder. Those who have started answering are told to go on with the link they used (it holds their saved answers); the others get a new link, and their earlier one stops working. You will not see how many reminders went out, nor to whom.",
    yes: "Send reminders",
  },
  resend: {
    heading: "Send a new link?",
    text: "If this person has not answered yet, Praxis emails a new link to the address they were invited at. Their earlier link stops working, and answers they saved with it can no longer be opened (they were locked with that link). If they have answered, nothing is sent; you will not be told which.",
    yes: "Send a new link",
    danger: true,
  },
};

function ConfirmPanel({ confirm, here, person }: { confirm: Confirm; here: string; person: { staffMemberId: string; name: string } | null }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const navigation = useNavigation();
  const c = CONFIRM_TEXT[confirm];
  return (
    <section className="card notice warn" aria-labelledby="confirm-title">
      <h2 id="confirm-title" ref={heading} tabIndex={-1}>
        {c.heading}
      </h2>
      <Form method="post" action={here} className="stack">
        {confirm === "resend" && person ? <p>For {person.name}.</p> : null}
        <p>{c.text}</p>
        <input type="hidden" name="intent" value={confirm} />
        {confirm === "resend" && person ? <input type="hidden" name="staffMemberId" value={person.staffMemberId} /> : null}
        <div className="actions">
          <button type="submit" className={c.danger ? "danger" : undefined} disabled={navigation.state === "submitting"}>
            {c.yes}
          </button>
          <Link to={here} className="button secondary">
            Cancel
          </Link>
        </div>
      </Form>
    </section>
  );
}

function CreatedPanel({ created }: { created: { created: number; alreadyInvited: number; inApp: number; unreachable: number } }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="card notice success stack" aria-labelledby="created-title">
      <h2 id="created-title" ref={heading} tabIndex={-1}>
        {created.created} {created.created === 1 ? "invitation" : "invitations"} created
      </h2>
      {created.alreadyInvited > 0 ? <p>{created.alreadyInvited} people in your choice were already invited.</p> : null}
      {created.created > 0 ? (
        <p>
          {created.inApp} of them can answer in the app with their Praxis account. Once the campaign is open, send the invitations by email: each
          link goes to its owner only.
          {created.unreachable > 0 ? ` ${created.unreachable} have neither an email address nor an account: Praxis cannot reach them.` : ""}
        </p>
      ) : (
        <p>Nobody new to invite.</p>
      )}
    </section>
  );
}
