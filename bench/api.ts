// Scenario 8 of `npm run bench`: the API under load on `next start` (issue 12, docs/benchmarks.md
// §8). The production build (scripts/lib/next-build.ts: rebuilt only when a source file changed)
// runs against a fresh bench database on this machine; a load generator in this process keeps N
// clients busy for a while (keep-alive, one request at a time each) and counts answers.
import { spawn } from "node:child_process";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { forgetAppDb, pointAppAt } from "./app-env";
import type { BenchServer } from "./db";
import { freePort } from "../lib/db/embedded";
import { ensureBuilt } from "../scripts/lib/next-build";
import { percentile, round } from "./stats";
import { cpuBetween, processTreeCpuSeconds, sampleCpu } from "./cpu";

export interface LoadFigure {
  name: string;
  clients: number;
  seconds: number;
  requests: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  /** Answers other than the expected status. */
  errors: number;
  /** Share of one core each used during the measured part: the server (next start), its database, this load generator, the rest of the machine. */
  cpu: { serverPct: number | null; postgresPct: number | null; generatorPct: number; otherPct: number | null };
}

/** An answer: its status and (read to the end) body. */
interface Answer {
  status: number;
  body: string;
}

/**
 * The load generator's client: node:http on a keep-alive agent, one socket per client. WHATWG
 * fetch costs several times its CPU per request, and on two cores every cycle the generator spends
 * is one the server under test does not get (docs/benchmarks.md §8). BENCH_API_CLIENT=fetch keeps
 * the earlier fetch-based generator for comparison.
 */
function client(base: string, sockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets, keepAliveMsecs: 120_000 });
  const viaFetch = process.env.BENCH_API_CLIENT === "fetch";
  return (p: string, init: { method?: string; headers: Record<string, string>; body?: string }): Promise<Answer> => {
    if (viaFetch) return fetch(`${base}${p}`, init).then(async (r) => ({ status: r.status, body: await r.text() }));
    return new Promise((resolve, reject) => {
      const req = http.request(`${base}${p}`, { method: init.method ?? "GET", headers: init.headers, agent }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(init.body);
    });
  };
}

export interface ApiLoadResult {
  tasksInWorkspace: number;
  tasksInTable: number;
  figures: LoadFigure[];
  /** Posts scheduled per second (each to three accounts), from the schedule figure. */
  postsPerSecond: number | null;
}

const ROOT = path.resolve(import.meta.dirname, "..");

/** `clients` loops sending `make()` for `seconds` (after a 2 s warm-up); latencies of the measured part. */
async function load(name: string, clients: number, seconds: number, expect: number, make: (i: number) => Promise<Answer>, cpuOf: { serverPid: number; pgDataDir?: string }): Promise<LoadFigure> {
  let n = 0;
  const run = async (untilMs: number, record: boolean, lat: number[], errors: { n: number }) => {
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < untilMs) {
          const t = performance.now();
          const res = await make(n++);
          if (!record) continue;
          lat.push(performance.now() - t);
          if (res.status !== expect) errors.n++;
        }
      }),
    );
  };
  await run(performance.now() + 2_000, false, [], { n: 0 });
  const lat: number[] = [];
  const errors = { n: 0 };
  const server0 = processTreeCpuSeconds(cpuOf.serverPid);
  const cpu0 = sampleCpu(cpuOf.pgDataDir);
  const t0 = performance.now();
  await run(t0 + seconds * 1000, true, lat, errors);
  const took = (performance.now() - t0) / 1000;
  const used = cpuBetween(cpu0, sampleCpu(cpuOf.pgDataDir));
  const server1 = processTreeCpuSeconds(cpuOf.serverPid);
  const serverPct = server0 === null || server1 === null ? null : round((100 * (server1 - server0)) / used.wallS, 0);
  return {
    name,
    clients,
    seconds: round(took, 1),
    requests: lat.length,
    perSecond: round(lat.length / took, 1),
    p50Ms: round(percentile(lat, 50), 1),
    p95Ms: round(percentile(lat, 95), 1),
    errors: errors.n,
    cpu: {
      serverPct,
      postgresPct: used.postgresCorePct === null ? null : round(used.postgresCorePct, 0),
      generatorPct: round(used.nodeCorePct, 0),
      // otherCorePct counts the server too (it is neither this process nor the database).
      otherPct: used.otherCorePct === null || serverPct === null ? null : Math.max(0, round(used.otherCorePct - serverPct, 0)),
    },
  };
}

export async function apiLoad(server: BenchServer, opts: { tasks: number; seconds: number }, log: (msg: string) => void): Promise<ApiLoadResult> {
  const url = await server.freshDatabase("api");
  await pointAppAt(url);
  const { createApiKey, createWorkspace } = await import("../lib/auth/api-keys");
  const { db } = await import("../lib/db");

  // The measured workspace: three simulated accounts and `tasks` tasks of history; 20 other
  // workspaces with as many each, so the table is not the workspace alone.
  const ws = await createWorkspace({ name: "Load Bakery", timeZone: "Europe/Berlin" });
  const { key } = await createApiKey(ws.id, "bench");
  const accounts: string[] = [];
  for (const platform of ["bluesky", "mastodon", "linkedin"] as const) {
    accounts.push((await db().socialAccount.create({ data: { workspaceId: ws.id, platform, handle: `load-${platform}` } })).id);
  }
  await server.sql(url, `INSERT INTO "Workspace" (id, name, "timeZone", slug, "updatedAt") SELECT 'other_' || w, 'Other ' || w, 'UTC', 'other-' || w, now() FROM generate_series(0, 19) w`);
  await server.sql(
    url,
    `INSERT INTO "AgentTask" (id, "workspaceId", type, platform, "accountId", "scheduledAt", status, content, config, result,
       "idempotencyKey", "executedAt", "executionTimeMs", "lastError", "lastErrorCode", "createdAt", "updatedAt")
     SELECT 'load_' || i, CASE WHEN i % 21 = 0 THEN $2 ELSE 'other_' || (i % 20) END,
            (ARRAY['social_post','collect_engagement']::"TaskType"[])[1 + (i / 3) % 2],
            (ARRAY['bluesky','mastodon','linkedin']::"Platform"[])[1 + i % 3],
            CASE WHEN i % 21 = 0 THEN ($3::text[])[1 + i % 3] END,
            now() - make_interval(mins => i % 43200),
            (ARRAY['completed','completed','completed','completed','failed','pending','cancelled']::"TaskStatus"[])[1 + i % 7],
            'Load post ' || i || ': fresh rye and caraway at the market stall today, come by before noon!',
            '{"link":"https://example.com/bread"}'::jsonb, CASE WHEN i % 7 < 4 THEN '{"platformPostId":"p","url":"https://example.com/p"}'::jsonb END,
            'load-' || i, now(), 100 + i % 200,
            CASE WHEN i % 7 = 4 THEN 'The platform said no.' END, CASE WHEN i % 7 = 4 THEN 'code_' || (i % 5) END, now(), now()
     FROM generate_series(0, $1::int * 21 - 1) i`,
    [opts.tasks, ws.id, accounts],
  );
  await server.sql(url, `ANALYZE`);
  const [{ n: inWorkspace }] = await server.sql<{ n: string }>(url, `SELECT count(*) AS n FROM "AgentTask" WHERE "workspaceId" = $1`, [ws.id]);
  const [{ n: inTable }] = await server.sql<{ n: string }>(url, `SELECT count(*) AS n FROM "AgentTask"`);
  await forgetAppDb();

  const next = path.join(path.dirname(createRequire(import.meta.url).resolve("next/package.json")), "dist", "bin", "next");
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const rateLimit = process.env.BENCH_API_RATE_LIMIT ?? "1000000";
  const env: NodeJS.ProcessEnv = {
    ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", BETTER_AUTH_URL: base, PUBLIC_BASE_URL: base, LOG_LEVEL: "warn", PORT: String(port),
    // The key's rate limit runs (its cost is in every figure) but never refuses the load
    // (docs/decisions.md, "API rate limits"); BENCH_API_RATE_LIMIT=0 switches it off to measure
    // that cost.
    API_RATE_LIMIT_PER_MINUTE: rateLimit,
  };
  delete env.HERALD_FETCH_ALLOW_HOSTS;
  log("api load: building the app if its sources changed");
  await ensureBuilt(next, env, `bench-${process.pid}`);
  // BENCH_API_PROFILE=1: the server writes a CPU profile to bench/results/api-profile/ when it stops.
  const profile = process.env.BENCH_API_PROFILE === "1" ? ["--cpu-prof", `--cpu-prof-dir=${path.join(ROOT, "bench", "results", "api-profile")}`] : [];
  const app = spawn(process.execPath, [...profile, next, "start", "-p", String(port), "-H", "127.0.0.1", "--keepAliveTimeout", "120000"], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  app.stdout!.on("data", (b: Buffer) => (output += b.toString()));
  app.stderr!.on("data", (b: Buffer) => (output += b.toString()));
  try {
    for (let i = 0; ; i++) {
      if (i > 600) throw new Error(`next start did not answer in 60 s:\n${output.slice(-3000)}`);
      const ok = await fetch(`${base}/api/health`).then((r) => r.status === 200, () => false);
      if (ok) break;
      await sleep(100);
    }
    // On Vercel responses are compressed by its edge network, not by the function (Next's
    // `compress` applies to `next start` only), so the clients ask for no compression: the
    // figures are the function's own work (docs/benchmarks.md §8).
    const auth = { authorization: `Bearer ${key}`, "accept-encoding": "identity" };
    const call = client(base, 50);
    const get = (p: string) => () => call(p, { headers: auth });
    const tomorrow = Date.now() + 86_400_000;
    const schedule = (i: number) =>
      call("/api/agent/schedule", {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({
          accountIds: accounts,
          content: `Load test ${i}: sourdough, rye and spelt loaves at the market stall until noon.`,
          scheduledAt: new Date(tomorrow + i * 1000).toISOString(),
          idempotencyKey: `load-schedule-${i}`,
        }),
      });
    const s = opts.seconds;
    const figures: LoadFigure[] = [];
    const pageBytes = Buffer.byteLength((await get("/api/agent/tasks")()).body);
    log(`api load: ${inWorkspace} tasks in the workspace, ${inTable} in the table, a task-list page is ${pageBytes} bytes; ${s} s per figure; rate limit ${rateLimit}/min; ${process.env.BENCH_API_CLIENT === "fetch" ? "fetch" : "node:http"} client`);
    const cpuOf = { serverPid: app.pid!, pgDataDir: server.dataDir };
    // BENCH_API_FIGURES=tasks,schedule measures only those (accounts, tasks, stats, schedule).
    const only = new Set((process.env.BENCH_API_FIGURES ?? "accounts,tasks,stats,schedule").split(","));
    if (only.has("accounts")) figures.push(await load("GET /api/accounts", 50, s, 200, get("/api/accounts"), cpuOf));
    if (only.has("tasks")) figures.push(await load("GET /api/agent/tasks", 1, s, 200, get("/api/agent/tasks"), cpuOf));
    if (only.has("tasks")) figures.push(await load("GET /api/agent/tasks", 50, s, 200, get("/api/agent/tasks"), cpuOf));
    if (only.has("stats")) figures.push(await load("GET /api/agent/tasks/stats", 1, s, 200, get("/api/agent/tasks/stats"), cpuOf));
    if (only.has("stats")) figures.push(await load("GET /api/agent/tasks/stats", 50, s, 200, get("/api/agent/tasks/stats"), cpuOf));
    if (only.has("schedule")) figures.push(await load("POST /api/agent/schedule (3 accounts)", 16, s, 201, schedule, cpuOf));
    const sched = figures.find((f) => f.name.startsWith("POST /api/agent/schedule"));
    return { tasksInWorkspace: Number(inWorkspace), tasksInTable: Number(inTable), figures, postsPerSecond: sched?.perSecond ?? null };
  } finally {
    const exited = new Promise((resolve) => app.once("exit", resolve));
    try {
      process.kill(-app.pid!, "SIGTERM");
      await Promise.race([exited, sleep(15_000)]);
    } catch {
      // already gone
    }
  }
}
