// Starts a single sign-on through the organization's directory: a link (the sign-in page's
// button, or an organization page that requires it) lands here and leaves for the directory.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SsoRefusedPage } from "~/modules/auth/components/sso-refused";
import { REFUSAL_STATUS } from "~/modules/auth/sso-refusal";
import { SsoRefused, startSsoSignIn } from "~/modules/auth/sso.server";
import { safeRedirect } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Single sign-on — Praxis" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const slug = params.org ?? "";
  const returnTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), `/o/${slug}`);
  try {
    const { url, cookie } = await startSsoSignIn(slug, request, returnTo);
    return redirect(url, { headers: { "Set-Cookie": cookie, "Cache-Control": "no-store" } });
  } catch (error) {
    if (!(error instanceof SsoRefused)) throw error;
    return json({ slug, reason: error.reason, message: error.message }, { status: REFUSAL_STATUS[error.reason] });
  }
}

export default function SsoStart() {
  const refused = useLoaderData<typeof loader>();
  return <SsoRefusedPage {...refused} />;
}
