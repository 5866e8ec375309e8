// postgres.js 3.4.x crashes the whole process when a transaction's connection is cut by the server
// (a PostgreSQL restart, a failover, a proxy closing it): the transaction's automatic ROLLBACK is
// queued on the closed connection and its deferred write dereferences the null socket inside a
// setImmediate, where no caller can catch it (porsager/postgres#1154, #1208). `npm run faults`
// found it: the server died on the first restart of PostgreSQL. scripts/patch-postgres.mjs (run
// on npm install) guards that write; this test plays a PostgreSQL server that cuts the connection
// in the middle of a transaction, and fails if the process would have crashed or the pool does not
// serve again afterwards.
import net from "node:net";
import postgres from "postgres";
import { afterEach, describe, expect, it } from "vitest";

function message(type: string, payload: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, "latin1");
  header.writeInt32BE(payload.length + 4, 1);
  return Buffer.concat([header, payload]);
}
const cstring = (s: string) => Buffer.from(`${s}\0`, "utf8");
const int16 = (n: number) => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const ready = (status: "I" | "T") => message("Z", Buffer.from(status, "latin1"));

/** One column "n" of type int4 with the value 1, as PostgreSQL answers `select 1 as n`. */
function selectOneReply(): Buffer {
  const field = Buffer.concat([cstring("n"), int32(0), int16(0), int32(23), int16(4), int32(-1), int16(0)]);
  return Buffer.concat([
    message("T", Buffer.concat([int16(1), field])),
    message("D", Buffer.concat([int16(1), int32(1), Buffer.from("1")])),
    message("C", cstring("SELECT 1")),
    ready("I"),
  ]);
}

/**
 * A minimal PostgreSQL server: trusts every connection, answers BEGIN and simple `select 1`, and
 * closes the connection as soon as a transaction sends anything else, the way a fast shutdown of
 * the server cuts its sessions.
 */
function fakeServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let started = false;
    socket.on("data", (data) => {
      if (!started) {
        started = true;
        socket.write(Buffer.concat([message("R", int32(0)), ready("I")]));
        return;
      }
      const text = data.toString("latin1");
      if (data[0] === 0x51 /* Q */ && /begin/i.test(text)) socket.write(Buffer.concat([message("C", cstring("BEGIN")), ready("T")]));
      else if (data[0] === 0x51 && /select 1/i.test(text)) socket.write(selectOneReply());
      else socket.destroy();
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

describe("postgres.js when the server cuts a transaction's connection", () => {
  it("rejects the transaction, does not crash the process, and serves the next query on a new connection", async () => {
    const server = await fakeServer();
    cleanups.push(server.close);
    const client = postgres({ host: "127.0.0.1", port: server.port, user: "praxis", database: "praxis", max: 1, fetch_types: false, onnotice: () => {} });
    cleanups.push(() => client.end({ timeout: 1 }));
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", onUncaught);
    cleanups.push(async () => void process.off("uncaughtException", onUncaught));

    await expect(client.begin(async (tx) => tx`select ${1}::int as n`)).rejects.toMatchObject({ code: "CONNECTION_CLOSED" });
    // The crash happened in a setImmediate after the rejection: give it a few turns.
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 50));
    expect(uncaught.map(String)).toEqual([]);

    const rows = await client.unsafe("select 1 as n");
    expect(rows).toEqual([{ n: 1 }]);
  });
});
