// The page a refused single sign-on ends on: what happened, in plain words, and what to do next.
import { Link } from "@remix-run/react";
import { PublicHeader } from "~/components/layout";
import type { SsoRefusal } from "../sso-refusal";

const NEXT: Record<SsoRefusal, string> = {
  not_started_here: "Start again from this browser: the sign-in has to begin and end in the same browser.",
  expired_or_used: "Start again: each sign-in can be finished once, within 10 minutes.",
  directory_unreachable: "Try again in a few minutes. If it keeps happening, tell your IT department: the organization's single sign-on settings may point to the wrong address.",
  directory_declined: "Try again. If your directory keeps declining, ask your IT department whether you are allowed to use Praxis.",
  not_verified: "Try again. If it keeps happening, tell your IT department: the directory and Praxis do not agree on the settings (client ID, secret) or on the time.",
  no_verified_email: "Ask your IT department to give your directory account a verified email address.",
  foreign_domain: "Sign in with your work account. If this is your work address, ask an administrator to verify its domain in Praxis (Settings → Email domains).",
};

export function SsoRefusedPage({ slug, reason, message }: { slug: string; reason: SsoRefusal; message: string }) {
  return (
    <>
      <PublicHeader />
      <main id="main" className="page narrow">
        <h1>Single sign-on did not work</h1>
        <div className="card stack notice warn" role="alert">
          <p>{message}</p>
          <p>{NEXT[reason]}</p>
        </div>
        <div className="actions">
          <a className="button" href={`/sso/${encodeURIComponent(slug)}`}>
            Start again
          </a>
          <Link to={`/sign-in?org=${encodeURIComponent(slug)}`}>Back to sign in</Link>
        </div>
      </main>
    </>
  );
}
