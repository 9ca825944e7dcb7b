// Shared by the local scripts (dev, db:migrate, workspace:create, credentials:rotate): .env.local, the local data
// directory (.data, or DEV_DATA_DIR) with its persistent embedded PostgreSQL, and the generated
// development secrets. Nothing here runs in production, where DATABASE_URL is always set.
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { freePort, startEmbeddedPostgres } from "../../lib/db/embedded";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const MIGRATIONS_DIR = path.join(ROOT, "prisma", "migrations");
export const DEV_DATABASE = "herald";
const DEFAULT_DB_PORT = 54329;

export const say = (msg: string) => console.log(`[herald] ${msg}`);
export const warn = (msg: string) => console.error(`[herald] ${msg}`);

/** Runs a one-off script's main and exits with its code; an error thrown out of it is one line and exit 1. */
export function runScript(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err) => {
      warn((err as Error).message);
      process.exit(1);
    },
  );
}

/**
 * lib/env validates the whole configuration; a one-off script serves no cron calls and signs nobody
 * in, so any CRON_SECRET and BETTER_AUTH_SECRET will do when none is configured: `npm run dev`'s
 * if it made them, else random ones.
 */
export function fillScriptSecrets(): void {
  if (!envValue("CRON_SECRET")) process.env.CRON_SECRET = readDevState(dataDir()).cronSecret ?? randomBytes(24).toString("hex");
  if (!envValue("BETTER_AUTH_SECRET")) {
    process.env.BETTER_AUTH_SECRET = readDevState(dataDir()).betterAuthSecret ?? randomBytes(32).toString("hex");
  }
}

/** A variable's value, or undefined when unset or blank (a copied example leaves blanks). */
export function envValue(name: string): string | undefined {
  const v = process.env[name]?.trim();
  return v ? v : undefined;
}

/** A path for messages: relative to the repository when inside it. */
export function shortPath(p: string): string {
  const rel = path.relative(ROOT, p);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : p;
}

/**
 * Loads .env.local (or DEV_ENV_FILE) without overriding variables already set in the process.
 * Returns the file loaded, if any.
 */
export function loadLocalEnv(): string | null {
  const file = path.resolve(ROOT, envValue("DEV_ENV_FILE") ?? ".env.local");
  if (!existsSync(file)) return null;
  process.loadEnvFile(file);
  return file;
}

/** The local data directory: .data in the repository unless DEV_DATA_DIR says otherwise. */
export function dataDir(): string {
  return path.resolve(ROOT, envValue("DEV_DATA_DIR") ?? ".data");
}

export function clusterDir(dir = dataDir()): string {
  return path.join(dir, "pg");
}

export function hasDevCluster(dir = dataDir()): boolean {
  return existsSync(path.join(clusterDir(dir), "PG_VERSION"));
}

// ---------------------------------------------------------------------------------------------
// .data/dev-secrets.json: generated secrets and what `npm run dev` already did (mode 0600).

export interface DevState {
  cronSecret?: string;
  credentialsKey?: string;
  betterAuthSecret?: string;
  /** The demo workspace `npm run dev` created, per database, so it is never created twice. */
  demos?: Record<string, { workspaceId: string; createdAt: string }>;
}

const stateFile = (dir: string) => path.join(dir, "dev-secrets.json");

export function readDevState(dir = dataDir()): DevState {
  const file = stateFile(dir);
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, "utf8")) as DevState;
  } catch (err) {
    throw new Error(`${shortPath(file)} is not valid JSON (${(err as Error).message}); fix or delete it.`);
  }
}

export function writeDevState(state: DevState, dir = dataDir()): void {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const file = stateFile(dir);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2) + "\n", { mode: 0o600 });
  renameSync(tmp, file);
}

/**
 * Puts CRON_SECRET, CREDENTIALS_KEY and BETTER_AUTH_SECRET into process.env: from the environment
 * when set there, otherwise from .data/dev-secrets.json, generated there the first time. Returns
 * the names generated now.
 */
export function ensureDevSecrets(dir = dataDir()): string[] {
  const state = readDevState(dir);
  const generated: string[] = [];
  if (!envValue("CRON_SECRET")) {
    if (!state.cronSecret) {
      state.cronSecret = randomBytes(24).toString("hex");
      generated.push("CRON_SECRET");
    }
    process.env.CRON_SECRET = state.cronSecret;
  }
  if (!envValue("CREDENTIALS_KEY")) {
    if (!state.credentialsKey) {
      state.credentialsKey = randomBytes(32).toString("hex");
      generated.push("CREDENTIALS_KEY");
    }
    process.env.CREDENTIALS_KEY = state.credentialsKey;
  }
  if (!envValue("BETTER_AUTH_SECRET")) {
    // Kept across restarts: a new secret would sign everybody out.
    if (!state.betterAuthSecret) {
      state.betterAuthSecret = randomBytes(32).toString("hex");
      generated.push("BETTER_AUTH_SECRET");
    }
    process.env.BETTER_AUTH_SECRET = state.betterAuthSecret;
  }
  if (generated.length) writeDevState(state, dir);
  return generated;
}

// ---------------------------------------------------------------------------------------------
// The data directory's lock (docs/decisions.md, "One dev server per data directory"): the process
// that may start or create the local cluster holds <data dir>/dev.lock. Two `npm run dev` in one
// folder once destroyed the first one's database: the second, finding no cluster yet, started
// its own over the same files.

interface LockHolder {
  pid: number;
  command: string;
  startedAt: string;
  /** Where the holder serves the app, when it is `npm run dev`. */
  url?: string;
}

const lockFile = (dir: string) => path.join(dir, "dev.lock");
let heldLock: string | null = null;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Who holds the data directory now (a live process), or null. */
export function lockHolder(dir = dataDir()): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(lockFile(dir), "utf8")) as LockHolder;
    return Number.isInteger(h.pid) && h.pid !== process.pid && alive(h.pid) ? h : null;
  } catch {
    return null;
  }
}

export class DataDirLockedError extends Error {
  constructor(
    readonly holder: LockHolder,
    dir: string,
  ) {
    super(
      `Herald is already running from ${shortPath(dir)}: ${holder.command} (pid ${holder.pid}, since ${holder.startedAt}` +
        `${holder.url ? `, ${holder.url}` : ""}). Nothing was changed. Use that one, stop it first, or set DEV_DATA_DIR to another folder.`,
    );
    this.name = "DataDirLockedError";
  }
}

/**
 * Takes <data dir>/dev.lock for this process (atomically: O_EXCL), or throws DataDirLockedError
 * naming the live holder. A lock left by a process that is gone is taken over. Released on exit.
 */
export function lockDataDir(info: { command: string; url?: string }, dir = dataDir()): void {
  if (heldLock) {
    // Held already: a later call only adds what is known now (the app's URL).
    if (info.url) {
      const h = JSON.parse(readFileSync(heldLock, "utf8")) as LockHolder;
      writeFileSync(heldLock, JSON.stringify({ ...h, url: info.url }) + "\n");
    }
    return;
  }
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const file = lockFile(dir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o644);
      const holder: LockHolder = { pid: process.pid, command: info.command, startedAt: new Date().toISOString(), url: info.url };
      writeFileSync(fd, JSON.stringify(holder) + "\n");
      closeSync(fd);
      heldLock = file;
      process.once("exit", releaseDataDirLock);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = lockHolder(dir);
      if (holder) throw new DataDirLockedError(holder, dir);
      // Stale (its process is gone, or it never finished writing): remove it and try once more.
      try {
        unlinkSync(file);
      } catch {
        // another process removed it first
      }
    }
  }
  const holder = lockHolder(dir);
  if (holder) throw new DataDirLockedError(holder, dir);
  throw new Error(`Could not take ${shortPath(file)}; remove it if no Herald process is running.`);
}

export function releaseDataDirLock(): void {
  if (!heldLock) return;
  try {
    const h = JSON.parse(readFileSync(heldLock, "utf8")) as LockHolder;
    if (h.pid === process.pid) unlinkSync(heldLock);
  } catch {
    // already gone
  }
  heldLock = null;
}

// ---------------------------------------------------------------------------------------------
// The database.

export interface Database {
  url: string;
  /** Where it came from, for messages. */
  source: "env" | "started" | "created" | "running";
  port?: number;
  /** Stops the embedded cluster if this process started it; otherwise does nothing. */
  stop: () => Promise<void>;
}

/** A connection string with its password masked, for printing. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable connection string)";
  }
}

function localUrl(port: number, database: string): string {
  return `postgresql://postgres:postgres@127.0.0.1:${port}/${database}`;
}

export async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    // No host: the wildcard address, which collides with anything bound to the port.
    srv.listen({ port, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

async function canConnect(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    const r = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (r.rowCount === 0) await c.query(`CREATE DATABASE "${name}"`);
  } finally {
    await c.end();
  }
}

/** The port of a cluster already running on `dir` (another `npm run dev`), from postmaster.pid. */
function runningClusterPort(dir: string): number | null {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ESRCH") return null; // stale file: postgres cleans it up
  }
  return port;
}

function wantedPort(): number {
  const raw = envValue("DEV_DB_PORT");
  if (raw === undefined) return DEFAULT_DB_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`DEV_DB_PORT must be a port number, got "${raw}".`);
  }
  return port;
}

/**
 * Starts (creating it the first time) the persistent local PostgreSQL in <data dir>/pg and its
 * `herald` database, or joins the one another process already runs there.
 */
export async function startDevCluster(dir = dataDir()): Promise<Database> {
  const pgDir = clusterDir(dir);
  const running = runningClusterPort(pgDir);
  if (running && (await canConnect(localUrl(running, "postgres")))) {
    await ensureDatabase(localUrl(running, "postgres"), DEV_DATABASE);
    return { url: localUrl(running, DEV_DATABASE), source: "running", port: running, stop: async () => {} };
  }

  // Starting or creating the cluster needs the data directory to ourselves.
  lockDataDir({ command: "a Herald script" }, dir);
  let port = wantedPort();
  if (!(await isPortFree(port))) {
    const taken = port;
    port = await freePort();
    say(`Port ${taken} is taken; the local PostgreSQL uses ${port} this time.`);
  }
  const fresh = !hasDevCluster(dir);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const log: string[] = [];
  let cluster;
  try {
    cluster = await startEmbeddedPostgres({
      dir: pgDir,
      port,
      persistent: true,
      onLog: (line) => {
        log.push(line.trimEnd());
        if (log.length > 30) log.shift();
      },
    });
  } catch (err) {
    const why = err instanceof Error ? err.message : "the server exited during start-up";
    throw new Error(
      `Could not start the local PostgreSQL in ${shortPath(pgDir)}: ${why}\n${log.slice(-12).join("\n")}`,
    );
  }
  await ensureDatabase(cluster.url("postgres"), DEV_DATABASE);
  return { url: cluster.url(DEV_DATABASE), source: fresh ? "created" : "started", port, stop: cluster.stop };
}

/**
 * DATABASE_URL when set; otherwise the local cluster (`npm run dev` always starts it, the other
 * scripts only when it already exists). Null when there is neither.
 */
export async function openDatabase(opts: { startCluster: "always" | "if-exists" }): Promise<Database | null> {
  const url = envValue("DATABASE_URL");
  if (url) return { url, source: "env", stop: async () => {} };
  if (opts.startCluster === "if-exists" && !hasDevCluster()) return null;
  return startDevCluster();
}

/** One line saying which database is in use. */
export function describeDatabase(d: Database, dir = dataDir()): string {
  const where = shortPath(clusterDir(dir));
  switch (d.source) {
    case "env":
      return `Database: ${redactUrl(d.url)} (DATABASE_URL)`;
    case "created":
      return `Created a local PostgreSQL in ${where} (port ${d.port}, database ${DEV_DATABASE}).`;
    case "started":
      return `Started the local PostgreSQL in ${where} (port ${d.port}, database ${DEV_DATABASE}).`;
    case "running":
      return `Using the local PostgreSQL already running in ${where} (port ${d.port}).`;
  }
}
