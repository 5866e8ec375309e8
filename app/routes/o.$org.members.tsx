import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { FormErrors, SelectField, TextField } from "~/components/forms";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type Role } from "~/modules/auth/permissions";
import { cachedJson } from "~/modules/cache/view-cache.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import {
  changeRoleSchema,
  INVITATION_VALID_DAYS,
  inviteSchema,
  needsDepartment,
  removeMemberSchema,
  resendInvitationSchema,
  revokeInvitationSchema,
} from "~/modules/orgs/members.schema";
import {
  changeRole,
  createInvitation,
  getMembersPage,
  invitationBaseUrl,
  removeMember,
  resendInvitation,
  revokeInvitation,
} from "~/modules/orgs/members.server";
import { replyOnFieldErrors } from "~/utils/forms.server";
import { badRequest } from "~/utils/http.server";
import { CsvLink } from "~/components/csv-link";
import { Pager } from "~/components/pager";
import { pageNumberFrom } from "~/modules/core/pagination";
import { useHydrated } from "~/components/hydrated";

export const meta: MetaFunction = () => [{ title: "Members — Praxis" }];

const NOTICES: Record<string, string> = {
  "role-changed": "The role was changed.",
  unchanged: "Nothing changed: the member already had this role and department.",
  removed: "The member was removed. They no longer have access to this organization.",
  revoked: "The invitation was revoked. Its link no longer works.",
};

/** Served from the view cache while nothing of the organization changes (ADR 014). */
export const handle = { viewCache: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "members.read");
  // What the page shows, computed once per organization data version (app/modules/cache).
  return cachedJson(ctx, request, async () => {
    const url = new URL(request.url);
    const removeId = url.searchParams.get("remove");
    const editId = url.searchParams.get("edit");
    const page = await getMembersPage(ctx, {
      page: pageNumberFrom(url.searchParams.get("page")),
      search: url.searchParams.get("q"),
      selectedId: removeId ?? editId,
    });
    const revokeId = page.canManage ? url.searchParams.get("revoke") : null;
    return {
      orgSlug: ctx.orgSlug,
      orgName: ctx.orgName,
      ...page,
      confirmRemove: removeId && page.selected?.membershipId === removeId ? page.selected : null,
      editing: editId && page.selected?.membershipId === editId ? page.selected : null,
      confirmRevoke: page.invitations.find((i) => i.id === revokeId) ?? null,
      notice: NOTICES[url.searchParams.get("notice") ?? ""] ?? null,
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "members.manage");
  const formData = await request.formData();
  const here = `/o/${ctx.orgSlug}/members`;
  switch (formData.get("intent")) {
    case "invite":
    case "resend": {
      const invite = formData.get("intent") === "invite";
      const submission = invite
        ? parseWithZod(formData, { schema: inviteSchema })
        : parseWithZod(formData, { schema: resendInvitationSchema });
      if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
      const value = submission.value;
      const outcome = await replyOnFieldErrors(submission, () =>
        value.intent === "invite"
          ? createInvitation(ctx, value, invitationBaseUrl(request))
          : resendInvitation(ctx, value.invitationId, invitationBaseUrl(request)),
      );
      if (!outcome.ok) return outcome.response;
      const { invitation, link, emailed } = outcome.value;
      // Returned, not redirected: the link exists only in this response and is shown once.
      return json(
        { issued: { email: invitation.email, link, emailed, expiresAt: invitation.expiresAt.toISOString(), resent: !invite } },
        { headers: { "Cache-Control": "no-store" } },
      );
    }
    case "change-role": {
      const submission = parseWithZod(formData, { schema: changeRoleSchema });
      if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
      const { membershipId, role, departmentId } = submission.value;
      const outcome = await replyOnFieldErrors(submission, () => changeRole(ctx, membershipId, role, departmentId));
      if (!outcome.ok) return outcome.response;
      // Administrators who step down can no longer manage members: back to the organization's home.
      if (membershipId === ctx.membershipId && role !== "admin") return redirect(`/o/${ctx.orgSlug}`);
      return redirect(`${here}?notice=${outcome.value.changed ? "role-changed" : "unchanged"}`);
    }
    case "remove": {
      const submission = parseWithZod(formData, { schema: removeMemberSchema });
      if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
      const { membershipId } = submission.value;
      const outcome = await replyOnFieldErrors(submission, () => removeMember(ctx, membershipId));
      if (!outcome.ok) return outcome.response;
      if (membershipId === ctx.membershipId) return redirect("/orgs");
      return redirect(`${here}?notice=removed`);
    }
    case "revoke": {
      const submission = parseWithZod(formData, { schema: revokeInvitationSchema });
      if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
      const { invitationId } = submission.value;
      const outcome = await replyOnFieldErrors(submission, () => revokeInvitation(ctx, invitationId));
      if (!outcome.ok) return outcome.response;
      return redirect(`${here}?notice=revoked`);
    }
    default:
      badRequest("The form sent an unknown action.");
  }
}

/** The page has several forms; a result goes back only to the one that was submitted (known by
 * its hidden `intent`, and for per-row forms by the row's id). */
function resultFor(data: unknown, intent: string, key?: readonly [string, string]): SubmissionResult<string[]> | undefined {
  if (!data || typeof data !== "object" || !("result" in data)) return undefined;
  const result = (data as { result: SubmissionResult<string[]> }).result;
  const values = (result.initialValue ?? {}) as Record<string, unknown>;
  if (values.intent !== intent) return undefined;
  if (key && values[key[0]] !== key[1]) return undefined;
  return result;
}

const dayFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" });
function day(iso: string): string {
  return dayFormat.format(new Date(iso));
}

const ROLE_OPTIONS = ROLES.map((r) => [r, ROLE_LABELS[r]] as const);

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;
type MemberRow = PageData["members"][number];
type InvitationRow = PageData["invitations"][number];
type DepartmentOptions = (readonly [string, string])[];

/** The address of the members list with its search and page kept, plus `extra`. */
function membersHref(base: string, search: string, page: number, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (search) q.set("q", search);
  if (page > 1) q.set("page", String(page));
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const s = q.toString();
  return s ? `${base}?${s}` : base;
}

export default function Members() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const issued = actionData && "issued" in actionData ? actionData.issued : null;
  const departmentOptions: DepartmentOptions = data.departments.map((d) => [d.id, d.name] as const);
  const open = data.invitations;
  const base = `/o/${data.orgSlug}/members`;
  const here = membersHref(base, data.search, data.page);
  const first = (data.page - 1) * data.pageSize + 1;
  const shown = data.members.length ? `${first}–${first + data.members.length - 1}` : "none";
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Members</h1>
          <p className="muted">The people who can sign in to {data.orgName}, and the role that decides what each may do.</p>
        </div>
        <CsvLink href={`/o/${data.orgSlug}/members.csv`} />
      </div>

      {data.notice ? (
        <p role="status" className="notice success">
          {data.notice}
        </p>
      ) : null}
      {issued ? <IssuedLink key={issued.link} issued={issued} /> : null}
      {data.editing ? (
        <ChangeRolePanel key={data.editing.membershipId} member={data.editing} departmentOptions={departmentOptions} cancelTo={here} />
      ) : null}
      {data.confirmRemove ? <ConfirmRemove member={data.confirmRemove} orgName={data.orgName} cancelTo={here} /> : null}
      {data.confirmRevoke ? <ConfirmRevoke invitation={data.confirmRevoke} cancelTo={base} /> : null}

      <Form method="get" action={base} className="row member-search" role="search" aria-label="Members">
        <div className="field">
          <label htmlFor="member-search">Find a member by name or email</label>
          <input id="member-search" type="search" name="q" defaultValue={data.search} key={data.search} maxLength={200} autoComplete="off" />
        </div>
        <div className="actions">
          <button type="submit" className="secondary">
            Find
          </button>
          {data.search ? <Link to={base}>Show all members</Link> : null}
        </div>
      </Form>
      <p role="status" className="small">
        {data.search
          ? `${data.matching} of ${data.total} ${data.total === 1 ? "member" : "members"} ${data.matching === 1 ? "matches" : "match"} “${data.search}”${data.matching ? `; showing ${shown}` : ""}.`
          : `${data.total} ${data.total === 1 ? "member" : "members"}; showing ${shown}.`}
      </p>

      {data.members.length ? (
        <div className="table-wrap card">
          <table>
            <caption>
              Members of {data.orgName}
              {data.search ? ` matching “${data.search}”` : ""} ({shown} of {data.matching}
              {data.pageCount > 1 ? `, page ${data.page} of ${data.pageCount}` : ""})
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Department</th>
                {data.canManage ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {data.members.map((m) => (
                <tr key={m.membershipId}>
                  <th scope="row">
                    {m.displayName}
                    {m.isYou ? <span className="muted"> (you)</span> : null}
                  </th>
                  <td>{m.email}</td>
                  <td>{ROLE_LABELS[m.role]}</td>
                  <td>{m.departmentName ?? <span className="muted">None</span>}</td>
                  {data.canManage ? (
                    <td>
                      <div className="member-actions">
                        <Link to={membersHref(base, data.search, data.page, { edit: m.membershipId })} className="button secondary">
                          Change role<span className="visually-hidden"> of {m.displayName}</span>
                        </Link>
                        {m.isYou ? null : (
                          <Link to={`${base}/${m.membershipId}/sign-in`} className="button secondary">
                            Sign-in help<span className="visually-hidden"> for {m.displayName}</span>
                          </Link>
                        )}
                        <Link to={membersHref(base, data.search, data.page, { remove: m.membershipId })} className="button secondary">
                          Remove<span className="visually-hidden"> {m.displayName}</span>
                        </Link>
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="card empty">
          <p>No member matches “{data.search}”. Try part of a name or an email address.</p>
        </div>
      )}
      <Pager label="Pages of the members list" page={data.page} pageCount={data.pageCount} href={(p) => membersHref(base, data.search, p)} />

      {data.canManage ? (
        <>
          <InviteForm
            key={issued?.link ?? "new"}
            departmentOptions={departmentOptions}
            orgSlug={data.orgSlug}
            mailConfigured={data.mailConfigured}
          />
          <section aria-labelledby="open-invitations-title">
            <h2 id="open-invitations-title">Open invitations</h2>
            <CsvLink href={`/o/${data.orgSlug}/members/invitations.csv`} label="Download all invitations as CSV" />
            {open.length === 0 ? (
              <div className="card empty">
                <p>There are no open invitations. Use the form above to invite someone.</p>
              </div>
            ) : (
              <div className="table-wrap card">
                <table>
                  <caption>Invitations not yet accepted ({open.length})</caption>
                  <thead>
                    <tr>
                      <th scope="col">Email</th>
                      <th scope="col">Role</th>
                      <th scope="col">Status</th>
                      <th scope="col">Invited by</th>
                      <th scope="col">Actions</th>
                    </tr>
                  </thead>
                  <tbody>
                    {open.map((i) => (
                      <InvitationTableRow key={i.id} invitation={i} />
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      ) : (
        <p className="muted">Only administrators can invite people or change roles. Ask one of them if something here is wrong.</p>
      )}
    </>
  );
}

/** The change-role form of one member, opened from the list (?edit=…) above it, with the focus
 * moved to its heading; one form on the page rather than one per row. */
function ChangeRolePanel({ member, departmentOptions, cancelTo }: { member: MemberRow; departmentOptions: DepartmentOptions; cancelTo: string }) {
  const actionData = useActionData<typeof action>();
  const lastResult = resultFor(actionData, "change-role", ["membershipId", member.membershipId]);
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="card" aria-labelledby="change-role-title">
      <h2 id="change-role-title" tabIndex={-1} ref={heading}>
        Change the role of {member.displayName}
      </h2>
      <p className="muted">
        {member.email}: now {ROLE_LABELS[member.role]}
        {member.departmentName ? ` of ${member.departmentName}` : ""}.
      </p>
      <ChangeRoleForm member={member} departmentOptions={departmentOptions} lastResult={lastResult} cancelTo={cancelTo} />
    </section>
  );
}

function ChangeRoleForm({
  member,
  departmentOptions,
  lastResult,
  cancelTo,
}: {
  member: MemberRow;
  departmentOptions: DepartmentOptions;
  lastResult: SubmissionResult<string[]> | undefined;
  cancelTo: string;
}) {
  const hydrated = useHydrated();
  const [form, fields] = useForm({
    id: `role-${member.membershipId}`,
    lastResult,
    defaultValue: { role: member.role, departmentId: member.departmentId ?? "" },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changeRoleSchema }),
  });
  // Without JavaScript the department is always offered (and ignored for roles that have none).
  const showDepartment = !hydrated || needsDepartment(fields.role.value);
  return (
    <Form method="post" className="stack" {...getFormProps(form)} noValidate>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="change-role" />
      <input type="hidden" name="membershipId" value={member.membershipId} />
      <SelectField meta={fields.role} label="New role" options={ROLE_OPTIONS} />
      {showDepartment ? (
        <SelectField
          meta={fields.departmentId}
          label="Department"
          hint="Needed for department heads and staff."
          options={departmentOptions}
          placeholder="Choose a department…"
        />
      ) : null}
      <div className="actions">
        <button type="submit">
          Save role<span className="visually-hidden"> of {member.displayName}</span>
        </button>
        <Link to={cancelTo} className="button secondary">
          Cancel
        </Link>
      </div>
    </Form>
  );
}

function InviteForm({
  departmentOptions,
  orgSlug,
  mailConfigured,
}: {
  departmentOptions: DepartmentOptions;
  orgSlug: string;
  mailConfigured: boolean;
}) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const hydrated = useHydrated();
  const submitting = navigation.state === "submitting" && navigation.formData?.get("intent") === "invite";
  const [form, fields] = useForm({
    id: "invite",
    lastResult: resultFor(actionData, "invite"),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: inviteSchema }),
  });
  const showDepartment = !hydrated || needsDepartment(fields.role.value);
  return (
    <section aria-labelledby="invite-title">
      <h2 id="invite-title">Invite someone</h2>
      <p className="muted">
        You get a link that works once, for {INVITATION_VALID_DAYS} days.{" "}
        {mailConfigured
          ? "Praxis also emails it to the person you invite."
          : "This server does not send email, so you copy the link and send it yourself."}
      </p>
      <Form method="post" className="stack card" {...getFormProps(form)} noValidate>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="invite" />
        <TextField meta={fields.email} label="Email address" type="email" autoComplete="off" spellCheck={false} />
        <SelectField
          meta={fields.role}
          label="Role"
          options={ROLE_OPTIONS}
          placeholder="Choose a role…"
          hint={
            <>
              {ROLES.map((r: Role) => (
                <span key={r} className="role-hint">
                  <strong>{ROLE_LABELS[r]}:</strong> {ROLE_DESCRIPTIONS[r]}
                </span>
              ))}
            </>
          }
        />
        {showDepartment ? (
          <SelectField
            meta={fields.departmentId}
            label="Department"
            hint={
              departmentOptions.length === 0 ? (
                <>
                  Needed for department heads and staff. There are no departments yet:{" "}
                  <Link to={`/o/${orgSlug}/departments`}>add them first</Link>.
                </>
              ) : (
                "Needed for department heads and staff; leave it empty for administrators and elected officials."
              )
            }
            options={departmentOptions}
            placeholder="Choose a department…"
          />
        ) : null}
        <div className="actions">
          <button type="submit" disabled={submitting}>
            {submitting ? "Creating…" : "Create invitation"}
          </button>
        </div>
      </Form>
    </section>
  );
}

function InvitationTableRow({ invitation }: { invitation: InvitationRow }) {
  const actionData = useActionData<typeof action>();
  const [form] = useForm({
    id: `resend-${invitation.id}`,
    lastResult: resultFor(actionData, "resend", ["invitationId", invitation.id]),
  });
  return (
    <tr>
      <th scope="row">{invitation.email}</th>
      <td>
        {ROLE_LABELS[invitation.role]}
        {invitation.departmentName ? <span className="muted"> ({invitation.departmentName})</span> : null}
      </td>
      <td>
        {invitation.status === "expired" ? (
          <span className="badge warn">Expired {day(invitation.expiresAt)}</span>
        ) : (
          <span className="badge neutral">Pending, expires {day(invitation.expiresAt)}</span>
        )}
      </td>
      <td>{invitation.invitedByName ?? <span className="muted">A former member</span>}</td>
      <td>
        <div className="member-actions">
          <Form method="post" {...getFormProps(form)}>
            <FormErrors id={form.errorId} errors={form.errors} />
            <input type="hidden" name="intent" value="resend" />
            <input type="hidden" name="invitationId" value={invitation.id} />
            <button type="submit" className="secondary">
              New link<span className="visually-hidden"> for {invitation.email}</span>
            </button>
          </Form>
          <Form method="get">
            <input type="hidden" name="revoke" value={invitation.id} />
            <button type="submit" className="secondary">
              Revoke<span className="visually-hidden"> the invitation for {invitation.email}</span>
            </button>
          </Form>
        </div>
      </td>
    </tr>
  );
}

/** Moves keyboard and screen-reader focus to a panel that just appeared at the top of the page. */
function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

function IssuedLink({
  issued,
}: {
  issued: { email: string; link: string; emailed: boolean; expiresAt: string; resent: boolean };
}) {
  const hydrated = useHydrated();
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const heading = useFocusOnMount<HTMLHeadingElement>();
  async function copy() {
    try {
      await navigator.clipboard.writeText(issued.link);
      setCopied("yes");
    } catch {
      setCopied("no");
    }
  }
  return (
    <section className="card notice success" aria-labelledby="issued-title">
      <h2 id="issued-title" tabIndex={-1} ref={heading}>
        {issued.resent ? `New invitation link for ${issued.email}` : `Invitation created for ${issued.email}`}
      </h2>
      <p>
        {issued.emailed
          ? `We emailed this link to ${issued.email}. You can also copy it and send it yourself.`
          : `Copy this link and send it to ${issued.email}: this server does not send email.`}{" "}
        It works once and expires on {day(issued.expiresAt)}.
      </p>
      <div className="field">
        <label htmlFor="invitation-link">Invitation link</label>
        <div className="copy-box">
          <input id="invitation-link" type="text" readOnly value={issued.link} onFocus={(e) => e.currentTarget.select()} />
          {hydrated ? (
            <button type="button" className="secondary" onClick={copy}>
              Copy link
            </button>
          ) : null}
        </div>
      </div>
      <p role="status" className="small">
        {copied === "yes" ? "The link was copied to the clipboard." : copied === "no" ? "Copying failed: select the link and copy it yourself." : ""}
      </p>
      <p>
        <strong>This link is shown only once.</strong> If it gets lost, use “New link” in the open invitations list.
      </p>
    </section>
  );
}

function ConfirmRemove({ member, orgName, cancelTo }: { member: MemberRow; orgName: string; cancelTo: string }) {
  const actionData = useActionData<typeof action>();
  const [form] = useForm({
    id: "confirm-remove",
    lastResult: resultFor(actionData, "remove", ["membershipId", member.membershipId]),
  });
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="card notice warn" aria-labelledby="confirm-remove-title">
      <h2 id="confirm-remove-title" tabIndex={-1} ref={heading}>
        {member.isYou ? "Remove yourself?" : `Remove ${member.displayName}?`}
      </h2>
      <p>
        {member.isYou
          ? `You will lose access to ${orgName} at once.`
          : `${member.displayName} (${member.email}) will lose access to ${orgName} at once.`}{" "}
        The account stays, and so does everything entered with it. An administrator can invite them again later.
      </p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="remove" />
        <input type="hidden" name="membershipId" value={member.membershipId} />
        <div className="actions">
          <button type="submit" className="danger">
            {member.isYou ? "Yes, remove me" : `Yes, remove ${member.displayName}`}
          </button>
          <Link to={cancelTo} className="button secondary">
            Cancel
          </Link>
        </div>
      </Form>
    </section>
  );
}

function ConfirmRevoke({ invitation, cancelTo }: { invitation: InvitationRow; cancelTo: string }) {
  const actionData = useActionData<typeof action>();
  const [form] = useForm({
    id: "confirm-revoke",
    lastResult: resultFor(actionData, "revoke", ["invitationId", invitation.id]),
  });
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="card notice warn" aria-labelledby="confirm-revoke-title">
      <h2 id="confirm-revoke-title" tabIndex={-1} ref={heading}>
        Revoke the invitation for {invitation.email}?
      </h2>
      <p>The invitation link will stop working at once. You can invite {invitation.email} again later.</p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="revoke" />
        <input type="hidden" name="invitationId" value={invitation.id} />
        <div className="actions">
          <button type="submit" className="danger">
            Yes, revoke the invitation
          </button>
          <Link to={cancelTo} className="button secondary">
            Cancel
          </Link>
        </div>
      </Form>
    </section>
  );
}
