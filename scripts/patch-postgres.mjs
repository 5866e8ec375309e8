// Run by `npm install` / `npm ci` (postinstall). Guards postgres.js 3.4.x against writing to a
// connection the server has closed.
//
// When PostgreSQL cuts a session (restart, failover, a proxy closing it) in the middle of a
// transaction, postgres.js rejects the transaction's query, then queues the automatic ROLLBACK on
// the same, now closed, connection. The write is deferred with setImmediate and dereferences the
// null socket there, where no caller can catch it: the whole server process dies
// (porsager/postgres#1154, #1208; unfixed in 3.4.10). `npm run faults` hit it on the first restart.
// And closing a connection cancels a pending deferred write without forgetting it, so a reconnected
// connection could hold stale bytes and never flush again.
//
// The patch (the fix proposed upstream in porsager/postgres#1209): a deferred write on a closed
// connection rejects its queries with CONNECTION_CLOSED instead of throwing, and closing or
// terminating a connection drops the pending write. db/postgres-driver.test.ts fails without it.
// Idempotent; fails loudly if postgres.js changed so that the patch no longer applies (then check
// whether the new version fixed it and remove this script).
import fs from "node:fs";
import path from "node:path";
import url from "node:url";

const root = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), "..");
const pkgDir = path.join(root, "node_modules", "postgres");
const MARK = "/* praxis: closed-socket guard */";

const edits = [
  {
    from: "  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)",
    to:
      "  function nextWrite(fn) {\n" +
      `    ${MARK}\n` +
      "    if (!socket) {\n" +
      "      nextWriteTimer !== null && clearImmediate(nextWriteTimer)\n" +
      "      chunk = nextWriteTimer = null\n" +
      "      error(Errors.connection('CONNECTION_CLOSED', options))\n" +
      "      return false\n" +
      "    }\n" +
      "    const x = socket.write(chunk, fn)",
  },
  {
    // terminate() and closed(): forget the cancelled write.
    from: "\n    clearImmediate(nextWriteTimer)\n",
    to: "\n    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n",
    count: 2,
  },
];

if (!fs.existsSync(pkgDir)) process.exit(0);
const version = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8")).version;
const files = ["src/connection.js", "cjs/src/connection.js", "cf/src/connection.js"].map((f) => path.join(pkgDir, f)).filter((f) => fs.existsSync(f));
let patched = 0;
for (const file of files) {
  let text = fs.readFileSync(file, "utf8");
  if (text.includes(MARK)) continue;
  for (const edit of edits) {
    const found = text.split(edit.from).length - 1;
    if (found !== (edit.count ?? 1)) {
      console.error(`patch-postgres: postgres ${version} ${path.relative(pkgDir, file)} does not have the expected code (${found} × ${JSON.stringify(edit.from.trim().slice(0, 40))}). See scripts/patch-postgres.mjs.`);
      process.exit(1);
    }
    text = text.split(edit.from).join(edit.to);
  }
  fs.writeFileSync(file, text);
  patched++;
}
if (patched) console.log(`patch-postgres: guarded postgres ${version} against writes on closed connections (${patched} file${patched === 1 ? "" : "s"})`);
