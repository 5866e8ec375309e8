import fs from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";

// The e2e server delivers mail into a folder (MAIL_FILE_DIR in playwright.config.ts), one JSON
// file per message: the tests read survey links the only way anyone gets them, as their owner.

export const MAIL_DIR = ".e2e-data/mail";

export type Mail = { file: string; to: string; subject: string; text: string; link: string | null; path: string | null };

function read(): Mail[] {
  if (!fs.existsSync(MAIL_DIR)) return [];
  return fs
    .readdirSync(MAIL_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => {
      const m = JSON.parse(fs.readFileSync(path.join(MAIL_DIR, file), "utf8")) as { to: string; subject: string; text: string };
      const link = /https?:\/\/\S+\/respond\/[A-Za-z0-9_-]+/.exec(m.text)?.[0] ?? null;
      return { file, ...m, link, path: link ? new URL(link).pathname : null };
    });
}

/** Every message delivered so far, oldest first. */
export function allMail(): Mail[] {
  return read();
}

/** Waits until `count` messages matching `match` arrived after `since` (a snapshot of allMail()). */
export async function waitForMail(since: Mail[], match: (m: Mail) => boolean, count: number): Promise<Mail[]> {
  const seen = new Set(since.map((m) => m.file));
  let found: Mail[] = [];
  await expect
    .poll(
      () => {
        found = read().filter((m) => !seen.has(m.file) && match(m));
        return found.length;
      },
      { timeout: 30_000, message: "emails delivered to the mail folder" },
    )
    .toBeGreaterThanOrEqual(count);
  return found;
}

/** Every respond token in the delivered mail (for searching pages for any of them). */
export function allTokens(): string[] {
  return read()
    .map((m) => m.path?.split("/").pop() ?? null)
    .filter((t): t is string => Boolean(t));
}
