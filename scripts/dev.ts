// `npm run dev`: Herald on a fresh machine in one command.
//
//  1. Reads .env.local (DEV_ENV_FILE names another file). With DATABASE_URL set, uses it; without,
//     starts a persistent embedded PostgreSQL in .data/pg (DEV_DATA_DIR moves .data) on port
//     DEV_DB_PORT (default 54329, another free port if that one is taken).
//  2. Generates CRON_SECRET, CREDENTIALS_KEY and BETTER_AUTH_SECRET once into
//     .data/dev-secrets.json unless set; BETTER_AUTH_URL defaults to http://localhost:PORT.
//  3. Applies the migrations; on an empty database creates a demo workspace and prints its key.
//  4. Runs `next dev` on PORT (default 3000) and, in this process, a ticker that calls
//     POST /api/agent/process every DEV_TICK_SECONDS (default 60) like the production cron.
//     The app logs at LOG_LEVEL, default warn here (the ticker prints its own summary).
// Ctrl-C stops the ticker, next dev and the database, in that order.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { setTimeout as sleep } from "node:timers/promises";
import { DateTime } from "luxon";
import { createApiKey, createWorkspace } from "../lib/auth/api-keys";
import { db } from "../lib/db";
import { migrate, MigrationError } from "../lib/db/migrate";
import {
  clusterDir,
  dataDir,
  describeDatabase,
  ensureDevSecrets,
  envValue,
  isPortFree,
  loadLocalEnv,
  lockDataDir,
  MIGRATIONS_DIR,
  openDatabase,
  readDevState,
  redactUrl,
  ROOT,
  say,
  shortPath,
  warn,
  writeDevState,
  type Database,
} from "./lib/dev-db";

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

let stopping = false;
let databaseReady: Promise<Database | null> | undefined;
let prismaUsed = false;
let next: ChildProcess | undefined;
const ticker = new AbortController();

// ---------------------------------------------------------------------------------------------
// Configuration.

function positiveNumber(name: string, fallback: number, max: number): number {
  const raw = envValue(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 1 || n > max) throw new Error(`${name} must be a number between 1 and ${max}, got "${raw}".`);
  return n;
}

async function appPort(): Promise<number> {
  if (envValue("PORT") !== undefined) {
    const port = positiveNumber("PORT", 3000, 65535);
    if (!Number.isInteger(port)) throw new Error(`PORT must be a whole number, got "${envValue("PORT")}".`);
    if (!(await isPortFree(port))) throw new Error(`Port ${port} is in use. Stop what uses it, or set PORT to another port.`);
    return port;
  }
  for (let port = 3000; port < 3020; port++) {
    if (await isPortFree(port)) {
      if (port !== 3000) say(`Port 3000 is in use; the app uses ${port}.`);
      return port;
    }
  }
  throw new Error("Ports 3000-3019 are all in use; set PORT.");
}

function localTimeZone(): string {
  const candidates = [envValue("TZ"), Intl.DateTimeFormat().resolvedOptions().timeZone];
  for (const tz of candidates) {
    if (tz && DateTime.local().setZone(tz).isValid) return tz;
  }
  return "UTC";
}

// ---------------------------------------------------------------------------------------------
// The demo workspace: created once, on an empty database.

/** Identifies a database across runs (the local cluster's port may change, its data does not). */
function databaseKey(d: Database): string {
  if (d.source !== "env") return "local";
  try {
    const u = new URL(d.url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return d.url;
  }
}

/** Returns the new key when a demo workspace was created. */
async function ensureDemo(d: Database): Promise<string | null> {
  const dir = dataDir();
  const key = databaseKey(d);
  if (d.source === "created") {
    // A new local cluster (first start, or .data/pg was deleted) has no demo yet.
    const state = readDevState(dir);
    if (state.demos?.[key]) {
      delete state.demos[key];
      writeDevState(state, dir);
    }
  }
  if (readDevState(dir).demos?.[key]) {
    say('Demo workspace exists (its key was printed on first start). New keys: npm run workspace:create -- --name "Acme"');
    return null;
  }
  prismaUsed = true;
  const existing = await db().workspace.count();
  if (existing > 0) {
    say(`${existing} workspace(s) in the database. New ones: npm run workspace:create -- --name "Acme"`);
    return null;
  }
  const ws = await createWorkspace({ name: "Demo Workspace", timeZone: localTimeZone() });
  const apiKey = await createApiKey(ws.id, "demo");
  const state = readDevState(dir);
  state.demos = { ...state.demos, [key]: { workspaceId: ws.id, createdAt: new Date().toISOString() } };
  writeDevState(state, dir);
  say(`Created "${ws.name}" (time zone ${ws.timeZone}). Its API key is shown only now:`);
  say("");
  say(`    API key: ${apiKey.key}`);
  say("");
  return apiKey.key;
}

function curlExample(base: string, key: string): string {
  const at = new Date(Date.now() + 60_000);
  at.setUTCMilliseconds(0);
  const body = JSON.stringify({ platform: "bluesky", content: "Hello from Herald!", scheduledAt: at.toISOString() });
  return [
    `curl -X POST ${base}/api/agent/schedule \\`,
    `  -H "Authorization: Bearer ${key}" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '${body}'`,
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------
// The ticker: the local stand-in for the production cron.

interface ProcessSummary {
  success: true;
  claimed: number;
  completed: number;
  retried: number;
  failed: number;
  needsReview?: number;
  adopted?: number;
  reclaimed?: number;
  stillDue?: number;
  ms?: number;
}

function describeFetchError(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === "TimeoutError") return "timed out";
  return e.cause?.code ?? e.cause?.message ?? e.message;
}

async function waitUntilHealthy(base: string, signal: AbortSignal): Promise<boolean> {
  let complained = false;
  while (!signal.aborted) {
    try {
      // The first request compiles the route, which can take a while under next dev.
      const res = await fetch(`${base}/api/health`, { signal: AbortSignal.any([signal, AbortSignal.timeout(120_000)]) });
      const text = await res.text();
      if (res.ok) return true;
      if (!complained) warn(`/api/health answered ${res.status}: ${text.slice(0, 300)} (still waiting)`);
      complained = true;
    } catch {
      // not listening yet
    }
    try {
      await sleep(1_000, undefined, { signal });
    } catch {
      return false;
    }
  }
  return false;
}

async function tick(base: string, secret: string, signal: AbortSignal): Promise<void> {
  try {
    const res = await fetch(`${base}/api/agent/process`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}` },
      // The route's own budget ends it within maxDuration (300 s).
      signal: AbortSignal.any([signal, AbortSignal.timeout(330_000)]),
    });
    const body = (await res.json().catch(() => null)) as
      | ProcessSummary
      | { success: false; error?: { code?: string; message?: string } }
      | null;
    if (!res.ok || !body || body.success !== true) {
      const msg = body && body.success === false ? body.error?.message : undefined;
      warn(`Tick failed: HTTP ${res.status}${msg ? ` (${msg})` : ""}`);
      return;
    }
    if (body.claimed > 0 || (body.reclaimed ?? 0) > 0) {
      const extra = [
        body.needsReview ? `needs review ${body.needsReview}` : "",
        body.reclaimed ? `reclaimed ${body.reclaimed}` : "",
        body.stillDue ? `still due ${body.stillDue}` : "",
      ].filter(Boolean);
      say(
        `Tick: claimed ${body.claimed}, completed ${body.completed}, retried ${body.retried}, failed ${body.failed}` +
          (extra.length ? `, ${extra.join(", ")}` : "") +
          (body.ms !== undefined ? ` (${body.ms} ms)` : ""),
      );
    }
  } catch (err) {
    if (!signal.aborted) warn(`Tick failed: ${describeFetchError(err)}`);
  }
}

async function runTicker(opts: { base: string; secret: string; everyMs: number; onReady: () => void }) {
  const { signal } = ticker;
  if (!(await waitUntilHealthy(opts.base, signal))) return;
  opts.onReady();
  // One tick at a time: the next waits for the previous one to finish, then the interval.
  while (!signal.aborted) {
    await tick(opts.base, opts.secret, signal);
    try {
      await sleep(opts.everyMs, undefined, { signal });
    } catch {
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Start-up and shutdown.

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | "timeout"> {
  return Promise.race([p, sleep(ms, "timeout" as const, { ref: false })]);
}

/** Signals next dev's process group (next dev and the next-server it starts); false if gone. */
function signalNext(signal: NodeJS.Signals | 0): boolean {
  if (!next?.pid) return false;
  try {
    process.kill(-next.pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops next dev and everything it started. next dev runs in a process group of its own so that
 * its next-server child goes too, even when next dev itself has died.
 */
async function stopNext(): Promise<void> {
  const child = next;
  if (!child) return;
  const running = child.exitCode === null && child.signalCode === null;
  const exited = running ? new Promise((resolve) => child.once("exit", resolve)) : Promise.resolve();
  signalNext("SIGTERM");
  if ((await withTimeout(exited, 10_000)) === "timeout") warn("next dev did not stop; killing it.");
  // Give the group's stragglers a moment, then make sure nothing of it outlives us.
  for (let i = 0; i < 30 && signalNext(0); i++) await sleep(100);
  signalNext("SIGKILL");
}

async function shutdown(code: number): Promise<never> {
  stopping = true;
  // Whatever happens below, do not hang around (and keep the process alive until then).
  setTimeout(() => {
    warn("Shutdown took too long; exiting.");
    process.exit(code || 1);
  }, 30_000);

  ticker.abort();
  await stopNext();
  if (prismaUsed) await db().$disconnect().catch(() => {});
  const database = await databaseReady?.catch(() => null);
  if (database && database.source !== "env" && database.source !== "running") {
    if ((await withTimeout(database.stop(), 15_000)) === "timeout") warn("PostgreSQL did not stop in time.");
    else say("Stopped the local PostgreSQL.");
  }
  say("Bye.");
  process.exit(code);
}

function onSignal(signal: NodeJS.Signals): void {
  // npm and tsx forward Ctrl-C as well, so one keypress can arrive more than once.
  if (stopping) return;
  say(`${signal === "SIGINT" ? "Ctrl-C" : signal}: shutting down...`);
  void shutdown(0);
}

async function main(): Promise<void> {
  for (const sig of SIGNALS) process.on(sig, onSignal);
  const t0 = Date.now();

  const envFile = loadLocalEnv();
  if (envFile) say(`Read ${shortPath(envFile)}.`);
  const dir = dataDir();
  // One dev server per data directory: a second one stops here, before it touches anything.
  lockDataDir({ command: "npm run dev" }, dir);
  const port = await appPort();
  lockDataDir({ command: "npm run dev", url: `http://localhost:${port}` }, dir);
  const tickSeconds = positiveNumber("DEV_TICK_SECONDS", 60, 86_400);

  const generated = ensureDevSecrets(dir);
  if (generated.length) {
    const names = generated.length > 1 ? `${generated.slice(0, -1).join(", ")} and ${generated.at(-1)}` : generated[0];
    say(`Generated ${names} in ${shortPath(dir)}/dev-secrets.json.`);
  }

  databaseReady = openDatabase({ startCluster: "always" });
  const database = await databaseReady;
  if (!database || stopping) return;
  say(describeDatabase(database, dir));

  // Like `npm run db:migrate`: a configured DIRECT_URL (no transaction pooler) for migrations.
  const migrationUrl = (database.source === "env" && envValue("DIRECT_URL")) || database.url;
  let status;
  try {
    status = await migrate(migrationUrl, MIGRATIONS_DIR);
  } catch (err) {
    if (!(err instanceof MigrationError)) {
      throw new Error(`Could not migrate ${redactUrl(migrationUrl)}: ${(err as Error).message}`);
    }
    if (database.source !== "env") {
      // Before the first release migrations may still be edited; the local data is disposable.
      throw new Error(
        `${err.message}\n[herald] The local database is out of date with prisma/migrations. ` +
          `To start it over (its data is lost): rm -rf ${shortPath(clusterDir(dir))}`,
      );
    }
    throw err;
  }
  if (status.pending.length) say(`Applied migration(s): ${status.pending.join(", ")}.`);
  else say(`Migrations up to date (${status.applied.length}).`);
  if (stopping) return;

  process.env.DATABASE_URL = database.url;
  const demoKey = await ensureDemo(database);
  if (prismaUsed) await db().$disconnect();
  if (stopping) return;

  const base = `http://localhost:${port}`;
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  next = spawn(process.execPath, [nextBin, "dev", "--port", String(port)], {
    cwd: ROOT,
    // Its own process group (see stopNext); Ctrl-C reaches it through us.
    detached: true,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      CRON_SECRET: process.env.CRON_SECRET,
      CREDENTIALS_KEY: process.env.CREDENTIALS_KEY,
      BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET,
      // Links in emails (password reset, invitations) and the trusted origin follow the real port.
      BETTER_AUTH_URL: envValue("BETTER_AUTH_URL") ?? base,
      PORT: String(port),
      // The ticker is this setup's cron: posts due before its next tick are run by their own request.
      SCHEDULER_CRON_INTERVAL_S: envValue("SCHEDULER_CRON_INTERVAL_S") ?? String(Math.ceil(tickSeconds)),
      // The ticker prints a line per tick that did something; the app's info logs (one JSON
      // line per tick) would bury it. LOG_LEVEL=info in .env.local brings them back.
      LOG_LEVEL: envValue("LOG_LEVEL") ?? "warn",
    },
  });
  // Last resort if this process ends without shutdown() (an uncaught error).
  process.once("exit", () => signalNext("SIGKILL"));
  next.once("error", (err) => {
    warn(`Could not start next dev: ${err.message}`);
    if (!stopping) void shutdown(1);
  });
  next.once("exit", (code, signal) => {
    if (stopping) return;
    warn(`next dev exited (${signal ?? `code ${code}`}); shutting down.`);
    void shutdown(code ? code : 1);
  });

  say(`Starting next dev on ${base} (the first compile takes a moment)...`);
  void runTicker({
    base,
    secret: process.env.CRON_SECRET!,
    everyMs: tickSeconds * 1000,
    onReady: () => {
      say(`Ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${base} (create an account at ${base}/sign-up)`);
      say(`Publishing due posts every ${tickSeconds} s (POST /api/agent/process). Ctrl-C stops everything.`);
      if (demoKey) {
        say("Schedule a post one minute from now (no account keys: it publishes in simulation mode):");
        console.log(`\n${curlExample(base, demoKey)}\n`);
        say(`Then, with TASK_ID from the reply's task.id:`);
        say(`  curl -H "Authorization: Bearer ${demoKey}" ${base}/api/agent/tasks/$TASK_ID`);
      }
    },
  });
}

main().catch(async (err) => {
  warn(err instanceof Error ? err.message : String(err));
  await shutdown(1);
});
