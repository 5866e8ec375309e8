import { Link } from "@remix-run/react";
import type { PracticeLink } from "~/modules/plans/alignment.server";

const KIND_LABEL = { leadership: "Leadership", management: "Management" } as const;

/** "Leadership B: Builds trust…" for a dimension link. */
export function dimensionLabel(link: Pick<PracticeLink, "dimensionKind" | "dimensionLetter" | "dimensionText">): string | null {
  if (!link.dimensionKind || !link.dimensionLetter) return null;
  return `${KIND_LABEL[link.dimensionKind]} ${link.dimensionLetter}${link.dimensionText ? `: ${link.dimensionText}` : ""}`;
}

/** The practices an objective or measure is linked to, primary first, each linking to its page. */
export function PracticeLinkList({ orgSlug, links, empty }: { orgSlug: string; links: PracticeLink[]; empty: string }) {
  if (links.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="practice-links">
      {links.map((l) => {
        const dimension = dimensionLabel(l);
        return (
          <li key={l.token}>
            <Link to={`/o/${orgSlug}/practices/${l.practiceNumber}`}>
              Practice {l.practiceNumber}: {l.practiceName}
            </Link>{" "}
            {l.isPrimary ? <span className="badge">Primary</span> : <span className="badge neutral">Secondary</span>}
            {dimension ? <span className="practice-link-dimension">{dimension}</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
