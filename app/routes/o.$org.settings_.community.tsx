import { getFormProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors, SelectField, TextField } from "~/components/forms";
import { useFocusOnMount } from "~/modules/assessments/components/assessment-ui";
import { TableWrap } from "~/modules/dashboards/components/dashboard-ui";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { basisPointsToText, COMMUNITY_CATEGORY_OPTIONS, communityShareSchema, isDemographicField } from "~/modules/orgs/community.schema";
import { listCommunityDemographics, removeCommunityShare, saveCommunityShare, type CommunityShare } from "~/modules/orgs/community.server";
import { replyOnFieldErrors } from "~/utils/forms.server";
import { badRequest } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Community demographics — Organization settings — Praxis" }];

const NOTICES: Record<string, string> = { saved: "Community figure saved.", removed: "Community figure removed." };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "org.settings.manage");
  const url = new URL(request.url);
  const categories = await listCommunityDemographics(ctx);
  const all = categories.flatMap((c) => c.rows);
  const editing = all.find((r) => r.id === url.searchParams.get("edit")) ?? null;
  const removing = all.find((r) => r.id === url.searchParams.get("remove")) ?? null;
  const requested = url.searchParams.get("category");
  // The newest source and year are the likeliest for the next row.
  const latest = [...all].sort((a, b) => b.year - a.year)[0] ?? null;
  return json({
    orgSlug: ctx.orgSlug,
    categories,
    editing,
    removing,
    addCategory: isDemographicField(requested) ? requested : null,
    suggestion: latest ? { source: latest.source, year: latest.year } : null,
    notice: NOTICES[url.searchParams.get("notice") ?? ""] ?? null,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "org.settings.manage");
  const here = `/o/${ctx.orgSlug}/settings/community`;
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "remove") {
    await removeCommunityShare(ctx, String(form.get("id") ?? ""));
    return redirect(`${here}?notice=removed`);
  }
  if (intent !== "save") badRequest("Choose what to do with the community figures.");
  const submission = parseWithZod(form, { schema: communityShareSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const outcome = await replyOnFieldErrors(submission, () => saveCommunityShare(ctx, { ...submission.value, share: String(form.get("share") ?? "") }));
  if (!outcome.ok) return outcome.response;
  return redirect(`${here}?notice=saved#community-${outcome.value.category}`);
}

export default function CommunityDemographicsPage() {
  const { orgSlug, categories, editing, removing, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const here = `/o/${orgSlug}/settings/community`;
  return (
    <>
      <p className="small">
        <Link to={`/o/${orgSlug}/settings`}>Organization settings</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>Community demographics</h1>
          <p className="muted">
            The share of your community in each group, from a published source such as the US Census Bureau&apos;s American Community Survey. The equity
            dashboard compares your workforce with these figures, overall and by supervisory level. Name each group exactly as your roster does (capitals and
            spaces aside) so the two line up. Only administrators see this page; every change is recorded in the audit log.
          </p>
        </div>
      </div>
      {notice && !actionData ? (
        <p role="status" className="notice success">
          {notice}
        </p>
      ) : null}
      {removing ? <ConfirmRemove row={removing} here={here} /> : null}
      {categories.map((c) => (
        <section key={c.category} className="card stack" aria-labelledby={`community-${c.category}`}>
          <h2 id={`community-${c.category}`}>{c.label}</h2>
          {c.rows.length === 0 ? (
            <p className="empty-inline">
              No figures yet. <Link to={`?category=${c.category}#community-form`}>Add the first group of {c.label.toLowerCase()}</Link>.
            </p>
          ) : (
            <TableWrap label={`Community share by ${c.label.toLowerCase()}`}>
              <table>
                <caption>Community share by {c.label.toLowerCase()}</caption>
                <thead>
                  <tr>
                    <th scope="col">Group</th>
                    <th scope="col" className="num">
                      Share of the community
                    </th>
                    <th scope="col">Source</th>
                    <th scope="col" className="num">
                      Year
                    </th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {c.rows.map((r) => (
                    <tr key={r.id}>
                      <th scope="row">{r.groupLabel}</th>
                      <td className="num">{r.sharePercent}%</td>
                      <td>{r.source}</td>
                      <td className="num">{r.year}</td>
                      <td>
                        <Link to={`?edit=${r.id}#community-form`}>
                          Edit<span className="visually-hidden"> {r.groupLabel}</span>
                        </Link>{" "}
                        ·{" "}
                        <Link to={`?remove=${r.id}`}>
                          Remove<span className="visually-hidden"> {r.groupLabel}</span>
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">All groups entered</th>
                    <td className="num">{c.totalPercent}%</td>
                    <td colSpan={3} className="muted small">
                      {c.totalBasisPoints < 10_000 ? `${basisPointsToText(10_000 - c.totalBasisPoints)}% of the community is in no group entered here.` : "The whole community."}
                    </td>
                  </tr>
                </tfoot>
              </table>
            </TableWrap>
          )}
        </section>
      ))}
      <ShareForm key={editing?.id ?? "new"} />
    </>
  );
}

function ConfirmRemove({ row, here }: { row: CommunityShare; here: string }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="card notice warn" aria-labelledby="confirm-remove-title">
      <h2 id="confirm-remove-title" ref={heading} tabIndex={-1}>
        Remove “{row.groupLabel}” ({row.sharePercent}%)?
      </h2>
      <p>The equity dashboard will no longer compare the workforce with this group&apos;s community share.</p>
      <Form method="post" action={here} className="actions">
        <input type="hidden" name="intent" value="remove" />
        <input type="hidden" name="id" value={row.id} />
        <button type="submit" className="danger">
          Remove the figure
        </button>
        <Link to={here} className="button secondary">
          Cancel
        </Link>
      </Form>
    </section>
  );
}

function ShareForm() {
  const { categories, editing, addCategory, suggestion, orgSlug } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: editing ? `community-${editing.id}` : "community-new",
    lastResult: actionData?.result,
    defaultValue: editing
      ? { id: editing.id, category: editing.category, groupLabel: editing.groupLabel, share: editing.sharePercent, source: editing.source, year: String(editing.year) }
      : { category: addCategory ?? "raceEthnicity", source: suggestion?.source ?? "", year: suggestion ? String(suggestion.year) : "" },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: communityShareSchema }),
  });
  const chosen = isDemographicField(fields.category.value) ? fields.category.value : (editing?.category ?? addCategory ?? "raceEthnicity");
  const category = categories.find((c) => c.category === chosen);
  const others = (category?.totalBasisPoints ?? 0) - (editing && editing.category === chosen ? editing.shareBasisPoints : 0);
  const title = editing ? `Edit “${editing.groupLabel}”` : "Add a group";
  return (
    <section aria-labelledby="community-form-title" id="community-form">
      <h2 id="community-form-title">{title}</h2>
      <Form method="post" className="card stack" {...getFormProps(form)} noValidate>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="save" />
        {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
        <SelectField
          meta={fields.category as unknown as FieldMetadata<string>}
          label="Demographic field"
          options={COMMUNITY_CATEGORY_OPTIONS}
          hint="The roster field the group belongs to."
        />
        <TextField meta={fields.groupLabel} label="Group" hint="As the roster names it, for example: Hispanic or Latino; Female; 25–34; Veteran." />
        <TextField
          meta={fields.share as unknown as FieldMetadata<string>}
          label="Share of the community (%)"
          inputMode="decimal"
          hint={`A percent from 0 to 100, up to two decimals, like 12.5. A category's groups can add up to 100% at most: the other ${category?.label.toLowerCase() ?? ""} groups hold ${basisPointsToText(others)}%, so ${basisPointsToText(Math.max(0, 10_000 - others))}% is left.`}
        />
        <TextField meta={fields.source} label="Source" hint="Where the figure comes from, for example: US Census Bureau, ACS 2023 5-year estimates, table DP05." />
        <TextField meta={fields.year as unknown as FieldMetadata<string>} label="Year" inputMode="numeric" hint="The year the figure is for, four digits, like 2023." />
        <div className="actions">
          <button type="submit" disabled={navigation.state === "submitting"}>
            {editing ? "Save changes" : "Add the group"}
          </button>
          {editing ? (
            <Link to={`/o/${orgSlug}/settings/community`} className="button secondary">
              Cancel
            </Link>
          ) : null}
        </div>
      </Form>
    </section>
  );
}
