import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CAMPAIGN_KIND_LABELS } from "~/modules/assessments/assessments.schema";
import { listCampaignsWithParticipation } from "~/modules/assessments/campaign-list.server";
import { CampaignStatusBadge, day, pct } from "~/modules/assessments/components/assessment-ui";
import { listMyCampaigns } from "~/modules/assessments/respond.server";
import { can } from "~/modules/auth/permissions";
import { cachedJson } from "~/modules/cache/view-cache.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { CsvLink } from "~/components/csv-link";
import assessmentStyles from "~/styles/assessments.css";

export const meta: MetaFunction = () => [{ title: "Assessments — Praxis" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: assessmentStyles }];

const NOTICES: Record<string, string> = {
  deleted: "The draft campaign was deleted.",
};

/** Served from the view cache while nothing of the organization changes (ADR 014). */
export const handle = { viewCache: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "assessments.respond");
  // What the page shows, computed once per organization data version (app/modules/cache).
  return cachedJson(ctx, request, async () => {
    const canRead = can(ctx.role, "assessments.read");
    const canManage = can(ctx.role, "assessments.manage");
    const [campaigns, mine] = await Promise.all([canRead ? listCampaignsWithParticipation(ctx) : Promise.resolve(null), listMyCampaigns(ctx)]);
    return {
      orgSlug: ctx.orgSlug,
      canManage,
      canResults: can(ctx.role, "assessments.results"),
      campaigns,
      mine,
      notice: NOTICES[new URL(request.url).searchParams.get("notice") ?? ""] ?? null,
    };
  });
}

const MY_STATUS: Record<string, string> = {
  to_answer: "To answer",
  answered: "Answered — thank you",
  closed: "Closed",
  not_open: "Not open yet",
};

export default function AssessmentsPage() {
  const { orgSlug, canManage, campaigns, mine, notice } = useLoaderData<typeof loader>();
  const base = `/o/${orgSlug}/assessments`;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Assessments</h1>
          <p className="muted">Staff assessments against the 14 ICMA practices: anonymous, and shown only for groups large enough to protect everyone.</p>
        </div>
        {canManage ? (
          <p>
            <Link to={`${base}/new`} className="button">
              Create a campaign
            </Link>
          </p>
        ) : null}
      </div>
      {notice ? (
        <p role="status" className="notice success">
          {notice}
        </p>
      ) : null}

      <section aria-labelledby="mine-title">
        <h2 id="mine-title">Your surveys</h2>
        {mine.length === 0 ? (
          <p className="card empty">You have no surveys to answer. When your organization invites you, the survey appears here and in your email.</p>
        ) : (
          <ul className="plain-list stack">
            {mine.map((m) => (
              <li key={m.campaignId} className="card">
                <strong>{m.title}</strong> <span className="badge neutral">{MY_STATUS[m.status]}</span>
                <p className="small muted">
                  {m.kind === "self" ? "Self-assessment" : "Organizational assessment"} · closes {day(m.closesOn)}
                </p>
                <p className="actions">
                  {m.status === "to_answer" ? (
                    <Link to={`${base}/${m.campaignId}/answer`} className="button">
                      Answer<span className="visually-hidden"> {m.title}</span>
                    </Link>
                  ) : null}
                  {m.hasSelfResults ? (
                    <Link to={`${base}/${m.campaignId}/my-results`}>
                      Your results<span className="visually-hidden"> for {m.title}</span>
                    </Link>
                  ) : null}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      {campaigns ? (
        <section aria-labelledby="campaigns-title">
          <h2 id="campaigns-title">Campaigns</h2>
          {campaigns.length === 0 ? (
            <div className="card empty">
              <p>
                <strong>No campaigns yet.</strong>
              </p>
              {canManage ? (
                <p>
                  <Link to={`${base}/new`}>Create a campaign</Link> to ask staff how well the organization lives each practice.
                </p>
              ) : null}
            </div>
          ) : (
            <div className="table-wrap card">
              <table>
                <caption>Assessment campaigns ({campaigns.length})</caption>
                <thead>
                  <tr>
                    <th scope="col">Campaign</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Status</th>
                    <th scope="col">Opens</th>
                    <th scope="col">Closes</th>
                    <th scope="col" className="num">
                      Invited
                    </th>
                    <th scope="col" className="num">
                      Participation
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {campaigns.map((c) => (
                    <tr key={c.id}>
                      <th scope="row">
                        <Link to={`${base}/${c.id}`}>{c.title}</Link>
                      </th>
                      <td>{c.kind === "self" ? "Self-assessment" : "Organizational"}</td>
                      <td>
                        <CampaignStatusBadge status={c.effectiveStatus} />
                      </td>
                      <td className="nowrap">{day(c.opensOn)}</td>
                      <td className="nowrap">{day(c.closesOn)}</td>
                      <td className="num">{c.invited.toLocaleString("en-US")}</td>
                      <td className="num">
                        {c.participation === null ? (
                          <span className="muted">—</span>
                        ) : c.participation.responded === null ? (
                          <span className="muted">Not shown</span>
                        ) : (
                          <>
                            {c.participation.responded.toLocaleString("en-US")} ({pct(c.participation.ratePct)})
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {campaigns.length ? <CsvLink href={`${base}.csv`} label="Download the campaigns (CSV)" /> : null}
          <p className="small muted">
            {CAMPAIGN_KIND_LABELS.organizational}. {CAMPAIGN_KIND_LABELS.self}.
          </p>
        </section>
      ) : null}

      <p>
        <Link to={`${base}/resources`}>Development resources by practice</Link>
      </p>
    </>
  );
}
