import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useParams } from "@remix-run/react";
import { z } from "zod";
import { FormErrors, TextField } from "~/components/forms";
import { PublicHeader } from "~/components/layout";
import { getOptionalSession, signOut } from "~/modules/auth/auth.server";
import { PASSWORD_MAX, PASSWORD_MIN } from "~/modules/auth/password.constants";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "~/modules/auth/permissions";
import { acceptWithNewAccountSchema, INVITATION_VALID_DAYS } from "~/modules/orgs/members.schema";
import { acceptInvitation, getInvitationByToken, InvitationUnavailable } from "~/modules/orgs/members.server";
import { replyOnFieldErrors } from "~/utils/forms.server";
import { badRequest } from "~/utils/http.server";

const joinSchema = z.object({ intent: z.literal("join") });

// The token is a credential in the address: keep the page out of shared and browser caches. (The
// server's Referrer-Policy already keeps the path from other sites; "no-referrer" here would make
// browsers send "Origin: null" with the page's forms, which the origin check rightly refuses.)
const PRIVATE_HEADERS = { "Cache-Control": "no-store" };
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const invitation = data?.invitation;
  return [{ title: invitation && invitation.status === "valid" ? `Join ${invitation.orgName} — Praxis` : "Invitation — Praxis" }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const [found, session] = await Promise.all([getInvitationByToken(params.token ?? ""), getOptionalSession(request)]);
  const signedIn = session ? { email: session.user.email, displayName: session.user.displayName } : null;
  if (found.status === "unknown") {
    return json({ invitation: { status: "unknown" as const }, signedIn }, { status: 404, headers: PRIVATE_HEADERS });
  }
  const { orgId: _orgId, invitationId: _invitationId, expiresAt, ...shown } = found;
  return json(
    { invitation: { ...shown, expiresAt: expiresAt.toISOString() }, signedIn },
    { status: found.status === "valid" ? 200 : 410, headers: PRIVATE_HEADERS },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const here = `/invite/${token}`;
  const formData = await request.formData();
  try {
    switch (formData.get("intent")) {
      case "sign-out": {
        const cookie = await signOut(request);
        return redirect(here, { headers: { "Set-Cookie": cookie } });
      }
      case "join": {
        const session = await getOptionalSession(request);
        if (!session) return redirect(`/sign-in?redirectTo=${encodeURIComponent(here)}`);
        const submission = parseWithZod(formData, { schema: joinSchema });
        if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
        const outcome = await replyOnFieldErrors(submission, () => acceptInvitation(token, { user: session.user }, request));
        if (!outcome.ok) return outcome.response;
        return redirect(`/o/${outcome.value.orgSlug}`);
      }
      case "create-account": {
        const hideFields = ["password"];
        const submission = parseWithZod(formData, { schema: acceptWithNewAccountSchema });
        if (submission.status !== "success") return json({ result: submission.reply({ hideFields }) }, { status: 400 });
        const { displayName, password } = submission.value;
        const outcome = await replyOnFieldErrors(
          submission,
          () => acceptInvitation(token, { newAccount: { displayName, password } }, request),
          { hideFields },
        );
        if (!outcome.ok) return outcome.response;
        return redirect(`/o/${outcome.value.orgSlug}`, { headers: { "Set-Cookie": outcome.value.cookie ?? "" } });
      }
      default:
        badRequest("The form sent an unknown action.");
    }
  } catch (error) {
    // Used, expired or withdrawn since the page was shown (a double submit, say): the page itself
    // explains what happened.
    if (error instanceof InvitationUnavailable) return redirect(here);
    throw error;
  }
}

const dayFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" });

export default function Invitation() {
  const { invitation, signedIn } = useLoaderData<typeof loader>();
  return (
    <>
      <PublicHeader signedIn={Boolean(signedIn)} />
      <main id="main" className="page narrow">
        {invitation.status === "unknown" ? (
          <>
            <h1>This invitation link does not work</h1>
            <p>
              The link may be incomplete (check that you copied all of it), or it may have been replaced by a newer link.
            </p>
            <p>Ask the administrator who invited you to send you a new invitation.</p>
            <p>
              <Link to="/">Go to the start page</Link>
            </p>
          </>
        ) : invitation.status === "expired" ? (
          <>
            <h1>This invitation has expired</h1>
            <p>
              Your invitation to join {invitation.orgName} expired on {dayFormat.format(new Date(invitation.expiresAt))}.
              Invitations are valid for {INVITATION_VALID_DAYS} days.
            </p>
            <p>Ask an administrator of {invitation.orgName} to send you a new invitation.</p>
          </>
        ) : invitation.status === "used" ? (
          <>
            <h1>This invitation has already been used</h1>
            <p>Each invitation link works once, and this one has already been accepted.</p>
            <p>
              If you accepted it,{" "}
              {signedIn ? (
                <Link to="/orgs">open your organizations</Link>
              ) : (
                <Link to="/sign-in?redirectTo=/orgs">sign in</Link>
              )}{" "}
              to reach {invitation.orgName}. Otherwise, ask an administrator of {invitation.orgName} for a new invitation.
            </p>
          </>
        ) : invitation.status === "revoked" ? (
          <>
            <h1>This invitation was withdrawn</h1>
            <p>
              An administrator of {invitation.orgName} withdrew this invitation, or replaced it with a newer one sent to the
              same address.
            </p>
            <p>If you still need access, ask them for a new invitation.</p>
          </>
        ) : (
          <ValidInvitation invitation={invitation} signedIn={signedIn} />
        )}
      </main>
    </>
  );
}

type ValidData = {
  orgName: string;
  email: string;
  role: keyof typeof ROLE_LABELS;
  departmentName: string | null;
  expiresAt: string;
  accountExists: boolean;
};

function ValidInvitation({
  invitation,
  signedIn,
}: {
  invitation: ValidData;
  signedIn: { email: string; displayName: string } | null;
}) {
  const { token } = useParams();
  const here = `/invite/${token ?? ""}`;
  const sameEmail = signedIn && signedIn.email.toLowerCase() === invitation.email.toLowerCase();
  return (
    <>
      <h1>Join {invitation.orgName}</h1>
      <p>
        You were invited to join {invitation.orgName} in Praxis as <strong>{ROLE_LABELS[invitation.role]}</strong>
        {invitation.departmentName ? <> in {invitation.departmentName}</> : null}. {ROLE_DESCRIPTIONS[invitation.role]}
      </p>
      <p className="small muted">This invitation expires on {dayFormat.format(new Date(invitation.expiresAt))}.</p>
      {signedIn ? (
        sameEmail ? (
          <JoinForm orgName={invitation.orgName} email={signedIn.email} />
        ) : (
          <div className="card">
            <h2>You are signed in with another account</h2>
            <p>
              This invitation is for <strong>{invitation.email}</strong>, but you are signed in as{" "}
              <strong>{signedIn.email}</strong>. Sign out, then accept the invitation with the right account.
            </p>
            <Form method="post">
              <input type="hidden" name="intent" value="sign-out" />
              <button type="submit" className="secondary">
                Sign out
              </button>
            </Form>
          </div>
        )
      ) : invitation.accountExists ? (
        <div className="card">
          <h2>Sign in to accept</h2>
          <p>
            You already have a Praxis account with <strong>{invitation.email}</strong>. Sign in with it, and you will come
            back here to join {invitation.orgName}.
          </p>
          <p>
            <Link to={`/sign-in?redirectTo=${encodeURIComponent(here)}`} className="button">
              Sign in to accept
            </Link>
          </p>
        </div>
      ) : (
        <NewAccountForm email={invitation.email} orgName={invitation.orgName} />
      )}
    </>
  );
}

function JoinForm({ orgName, email }: { orgName: string; email: string }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form] = useForm({ id: "join", lastResult: actionData && "result" in actionData ? actionData.result : undefined });
  return (
    <Form method="post" className="stack card" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <p>You are signed in as {email}.</p>
      <input type="hidden" name="intent" value="join" />
      <div className="actions">
        <button type="submit" disabled={navigation.state === "submitting"}>
          Join {orgName}
        </button>
      </div>
    </Form>
  );
}

function NewAccountForm({ email, orgName }: { email: string; orgName: string }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "create-account",
    lastResult: actionData && "result" in actionData ? actionData.result : undefined,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: acceptWithNewAccountSchema }),
  });
  return (
    <section aria-labelledby="new-account-title">
      <h2 id="new-account-title">Create your account</h2>
      <Form method="post" className="stack card" {...getFormProps(form)} noValidate>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="create-account" />
        <div className="field">
          <label htmlFor="invitation-email">Email</label>
          <p className="hint" id="invitation-email-hint">
            The address this invitation was sent to. You will sign in with it.
          </p>
          <input
            id="invitation-email"
            type="email"
            value={email}
            readOnly
            autoComplete="username"
            aria-describedby="invitation-email-hint"
          />
        </div>
        <TextField meta={fields.displayName} label="Your name" autoComplete="name" />
        <TextField
          meta={fields.password}
          label="Password"
          type="password"
          autoComplete="new-password"
          hint={`${PASSWORD_MIN} to ${PASSWORD_MAX} characters. A passphrase of a few words is easy to remember and hard to guess.`}
        />
        <div className="actions">
          <button type="submit" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? "Joining…" : `Create account and join ${orgName}`}
          </button>
        </div>
      </Form>
    </section>
  );
}
