// The shared harness of the browser tests: builds the app at most once per source tree (see
// build-once below), starts `next start` against the calling test file's own database, launches
// Debian's chromium through playwright-core, and offers the helpers every scenario uses (API calls
// with the browser's cookie, axe-core, screenshots, signing up through the pages).
//
// Why `next build` + `next start` and not `next dev`: next dev holds a lock on .next/dev, which
// test/e2e/dev-start.test.ts needs at the same time in the same run; next build writes .next/ and
// leaves .next/dev alone, and a production server answers each page at once (no compile on first
// visit), so timings are steady.
//
// Build once: several browser test files run in parallel worker processes, and each needs a
// built app. `ensureBuilt` (scripts/lib/next-build.ts, shared with bench/api.ts) takes a lock (an atomic mkdir in test-results/, with the holder's pid, so a
// crashed holder's lock is taken over) and reads a marker file in .next/ that names the vitest run
// (its main process, the parent of every worker) and the source tree (a hash of every file git
// sees, tracked and untracked, not ignored) the build came from. The first file builds and writes
// the marker; the others wait for the lock, find their own run in it and skip the build — even when
// someone edited a file meanwhile, so .next/ is never rebuilt under a server another file started.
// A later run reuses the build only when the tree is unchanged: a stale .next/ is never served.
// For local runs: HERALD_BROWSER_APP_DIR serves the app from another checkout (e.g. a copy without
// someone's half-written page) and HERALD_BROWSER_SKIP_BUILD=1 reuses that checkout's last build.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { freePort } from "../../../lib/db/embedded";
import { ensureBuilt, runOf } from "../../../scripts/lib/next-build";

export const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
const APP = path.resolve(process.env.HERALD_BROWSER_APP_DIR ?? ROOT);
export const SHOTS = path.join(ROOT, "test-results", "browser");
const CHROMIUM = "/usr/bin/chromium";
const CHROME_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** The base URL of this file's server (one app per test file), for the Origin header of API calls. */
let currentBase = "";

export interface App {
  /** http://localhost:PORT of this file's server. */
  readonly base: string;
  /** The server's output so far (for failure messages). */
  readonly output: string;
  newContext(options?: { timezoneId?: string }): Promise<BrowserContext>;
  newPage(options?: { timezoneId?: string }): Promise<Page>;
  until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T>;
}

/**
 * Registers beforeAll/afterAll that start the app for the calling test file (against its database)
 * and end it; returns the handle the scenarios use.
 */
export function startApp(): App {
  let server: ChildProcess | undefined;
  let output = "";
  let base = "";
  const contexts: BrowserContext[] = [];
  const dirs: string[] = [];

  async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (server && (server.exitCode !== null || server.signalCode !== null)) throw new Error(`next start exited while waiting for ${what}:\n${output}`);
      const v = await check();
      if (v !== undefined) return v;
      await sleep(250);
    }
    throw new Error(`Timed out waiting for ${what}.\n${output.slice(-4000)}`);
  }

  async function newContext(options: { timezoneId?: string } = {}): Promise<BrowserContext> {
    const dir = mkdtempSync(path.join(os.tmpdir(), "herald-chromium-"));
    dirs.push(dir);
    const ctx = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROME_ARGS,
      viewport: { width: 1024, height: 900 },
      baseURL: base,
      // Each browser is a different person on a different network, as the platform's
      // X-Forwarded-For would say: Better Auth's per-IP limits (3 sign-ups per 10 s) apply to each
      // one, not to a test file's four sign-ups together, which failed now and then on a fast run.
      extraHTTPHeaders: { "x-forwarded-for": `198.51.100.${contexts.length + 1}` },
      ...options,
    });
    contexts.push(ctx);
    return ctx;
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does it).`);
    }
    mkdirSync(SHOTS, { recursive: true });
    const port = await freePort();
    base = `http://localhost:${port}`;
    currentBase = base;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      BETTER_AUTH_URL: base,
      PUBLIC_BASE_URL: base, // uploaded media's public URLs point at this server
      EVENTS_POLL_MS: "300",
      // The tests drive the cron themselves: only a post due now is run by its own request
      // (docs/design.md, "On time").
      SCHEDULER_CRON_INTERVAL_S: "1",
      LOG_LEVEL: "warn",
      PORT: String(port),
    };
    delete env.DEV_DATA_DIR;
    // The test set-up allow-lists loopback for fixture servers; lib/env.ts refuses that in production.
    delete env.HERALD_FETCH_ALLOW_HOSTS;
    const next = path.join(APP, "node_modules", ".bin", "next");
    // The run: vitest's main process, the parent of every forked test-file worker.
    if (process.env.HERALD_BROWSER_SKIP_BUILD !== "1") await ensureBuilt(next, env, runOf(process.ppid));
    // A long keep-alive: with Node's default 5 s, a request reusing a socket the server is just
    // closing fails with ECONNRESET on a busy machine (seen in CI).
    server = spawn(next, ["start", "-p", String(port), "-H", "127.0.0.1", "--keepAliveTimeout", "120000"], {
      cwd: APP,
      env,
      detached: true, // its own process group, so afterAll can end all of it
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout!.on("data", (b: Buffer) => (output += b.toString()));
    server.stderr!.on("data", (b: Buffer) => (output += b.toString()));
    await until("/api/health", 60_000, async () => {
      try {
        const r = await fetch(`${base}/api/health`);
        return r.status === 200 ? true : undefined;
      } catch {
        return undefined;
      }
    });
  }, 1_000_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    if (server?.pid) {
      try {
        process.kill(-server.pid, "SIGTERM");
        await sleep(500);
        process.kill(-server.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  });

  return {
    get base() {
      return base;
    },
    get output() {
      return output;
    },
    newContext,
    async newPage(options) {
      const ctx = await newContext(options);
      return ctx.pages()[0] ?? (await ctx.newPage());
    },
    until,
  };
}

/** Whether the page is wider than its window (it would scroll sideways on a phone). */
export const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

/** JSON API calls with the browser context's cookies, sent like the app's own pages send them. */
export async function api(page: Page, method: string, url: string, data?: unknown) {
  const res = await page.request.fetch(url, { method, data, headers: { origin: currentBase } });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { text };
  }
  return { status: res.status(), body };
}

/**
 * axe-core's WCAG 2 A/AA rules (labels, names, contrast, …) on the page as it is now, in light and
 * dark mode; returns the violations as readable lines (empty when clean).
 */
export async function axe(page: Page): Promise<string[]> {
  const source = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
  const out: string[] = [];
  // Next streams a page's metadata (its <title>) after the content a test waits for: give it a
  // moment, and if none comes, axe reports the missing title.
  await page.waitForFunction(() => document.title.trim() !== "", null, { timeout: 5_000 }).catch(() => undefined);
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: source });
    const violations = await page.evaluate(async () => {
      const w = window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } };
      const r = await w.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } });
      return r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    });
    out.push(...violations.map((v) => `[${colorScheme}] ${v}`));
  }
  await page.emulateMedia({ colorScheme: "light" });
  return out;
}

export const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

/** Signs a new user up and creates their workspace through the pages, as a new user would. */
export async function signUpWithWorkspace(page: Page, who: { name: string; email: string; workspace: string }): Promise<void> {
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(who.name);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password", { exact: true }).fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/workspaces\/new/, { timeout: 30_000 });
  await page.getByLabel("Workspace name").fill(who.workspace);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.waitForURL(/\/dashboard$/, { timeout: 30_000 });
}
