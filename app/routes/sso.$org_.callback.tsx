// Back from the organization's directory: the sign-in is finished (and the browser sent on to
// where it was going), or refused with what happened and what to do next.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SsoRefusedPage } from "~/modules/auth/components/sso-refused";
import { REFUSAL_STATUS } from "~/modules/auth/sso-refusal";
import { finishSsoSignIn, SsoRefused } from "~/modules/auth/sso.server";
import { safeRedirect } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Single sign-on — Praxis" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const slug = params.org ?? "";
  try {
    const { cookies, returnTo } = await finishSsoSignIn(slug, request);
    const headers = new Headers({ "Cache-Control": "no-store" });
    for (const cookie of cookies) headers.append("Set-Cookie", cookie);
    return redirect(safeRedirect(returnTo, `/o/${slug}`), { headers });
  } catch (error) {
    if (!(error instanceof SsoRefused)) throw error;
    return json({ slug, reason: error.reason, message: error.message }, { status: REFUSAL_STATUS[error.reason], headers: { "Cache-Control": "no-store" } });
  }
}

export default function SsoCallback() {
  const refused = useLoaderData<typeof loader>();
  return <SsoRefusedPage {...refused} />;
}
