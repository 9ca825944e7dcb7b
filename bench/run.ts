// `npm run bench`: the scheduler's numbers on a real PostgreSQL (docs/design.md, "The scheduler
// protocol"). Starts a throw-away embedded PostgreSQL (or uses BENCH_DATABASE_URL), gives every
// scenario its own freshly migrated database, prints a table and writes bench/results/latest.json.
//
//   BENCH_ROWS        rows in the claim-latency table        (default 1000000)
//   BENCH_CLAIMS      measured claims per index variant      (default 200)
//   BENCH_NOOP_TASKS  tasks in the no-op throughput run      (default 5000)
//   BENCH_NOOP_RUNS   no-op runs; the median is reported      (default 3)
//   BENCH_NOOP_WARMUP no-op runs before those, not in the median (default 2)
//   BENCH_BUDGET_S    budget of the budget-efficiency run, s (default 60)
//   BENCH_POOL_MAX    Prisma pool size of the processor      (default 10)
//   BENCH_ENG_TARGETS  published targets in the engagement history     (default 300000)
//   BENCH_ENG_RUNS     measured calls per engagement query and variant  (default 20)
//   BENCH_PUBLISH_NOW  publish-now round trips measured          (default 20)
//   BENCH_BURST_POSTS  posts due in the burst's minute (scenario 7)  (default 10000)
//   BENCH_API_TASKS    tasks in the API scenario's workspace (21× that in the table)  (default 5000)
//   BENCH_API_S        seconds per API load figure                 (default 10)
//   BENCH_API_FIGURES  which API figures: accounts,tasks,stats,schedule (default all)
//   BENCH_API_RATE_LIMIT  API_RATE_LIMIT_PER_MINUTE of the API scenario's server; 0 = off (default 1000000)
//   BENCH_API_CLIENT   fetch: the earlier fetch-based load generator (default node:http)
//   BENCH_INBOX_ITEMS  stored inbox items in the inbox scenario (500 workspaces)  (default 100000)
//   BENCH_INBOX_RUNS   measured calls per inbox figure             (default 50)
//   BENCH_ONLY        comma-separated scenarios to run: claim, noop, budget, engagement, publishnow, burst, api, inbox (default all)
//   BENCH_DATABASE_URL  a server where the bench may CREATE/DROP DATABASE (instead of embedded)
import { budgetMs as budgetMsFor, PROCESS_MAX_DURATION_S } from "../lib/scheduler/budget";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Db } from "../lib/db";
import type { ProcessSummary } from "../lib/scheduler/process";
import { cpuBetween, sampleCpu } from "./cpu";
import { startBenchServer, transactions, type BenchServer } from "./db";
import { forgetAppDb, pointAppAt } from "./app-env";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { seedAccounts, seedDueTasks, seedEngagementHistory, seedTaskHistory, taskMix, type EngagementHistory } from "./seed";
import { fmtInt, fmtMs, mean, percentile, round, table } from "./stats";
import { runBurst, type BurstResult } from "./burst";
import { apiLoad, type ApiLoadResult } from "./api";
import { inboxBench } from "./inbox";

// The scheduler logs a JSON line per run at info level; keep stdout for the report.
process.env.LOG_LEVEL ??= "silent";
// lib/* is imported after LOG_LEVEL is set: the logger reads it once, at import.
const { createPrisma } = await import("../lib/db");
const { claimTasks } = await import("../lib/scheduler/sql/claim");
const { processPendingTasks } = await import("../lib/scheduler/process");
const { PUBLISH_NOW_BUDGET_MS, taskHandlers } = await import("../lib/agent-scheduler");
const { scheduleTask } = await import("../lib/posting/schedule");
const { ScheduleTaskInput } = await import("../lib/validation/tasks");
const { sweepEngagement } = await import("../lib/engagement-sweep");
const { bestTimes, queueScorer } = await import("../lib/ai/best-time");
const { analytics, analyticsCsv, AnalyticsQuery } = await import("../lib/analytics");
const { PrismaClient } = await import("../lib/generated/prisma/client");

function intEnv(name: string, def: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return def;
  const n = Number(raw.replace(/_/g, ""));
  if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number ≥ ${min} (got ${raw})`);
  return Math.floor(n);
}

const CFG = {
  rows: intEnv("BENCH_ROWS", 1_000_000, 1_000),
  claims: intEnv("BENCH_CLAIMS", 200),
  claimLimit: 50,
  claimWarmup: 10,
  noopTasks: intEnv("BENCH_NOOP_TASKS", 5_000),
  noopRuns: intEnv("BENCH_NOOP_RUNS", 3),
  noopWarmup: intEnv("BENCH_NOOP_WARMUP", 2),
  noopAccounts: 50,
  budgetS: intEnv("BENCH_BUDGET_S", 60, 8),
  budgetAccounts: 100,
  budgetLatencyMs: 200,
  poolMax: intEnv("BENCH_POOL_MAX", 10),
  // Processor settings of scenarios 2 and 3; the lease is production's (300 s maxDuration + 30 s).
  concurrency: 50,
  batchSize: 50,
  perAccountConcurrency: 2,
  leaseMs: 330_000,
  // Scenario 5: 500 workspaces, 4 accounts each, 180 days of history; bws_0 is the big one.
  engagement: {
    workspaces: 500,
    accountsPerWorkspace: 4,
    published: intEnv("BENCH_ENG_TARGETS", 300_000, 10_000),
    big: 20_000,
    days: 180,
    watchedEvery: 10,
    seenYesterdayEvery: 4,
  } satisfies EngagementHistory,
  engagementRuns: intEnv("BENCH_ENG_RUNS", 20),
  publishNow: intEnv("BENCH_PUBLISH_NOW", 20),
  publishNowLatencyMs: 200,
  engagementWarmup: 3,
  // Scenario 7: a burst through the real route, per-minute and 5-minute cron (bench/burst.ts).
  burst: {
    posts: intEnv("BENCH_BURST_POSTS", 10_000, 100),
    accounts: 500,
    workspaces: 50,
    latencyMs: 200,
    leadS: 10,
    // Production's defaults (lib/env.ts): 10 publishes at a time per call, up to 4 fan-out calls.
    concurrency: 10,
    fanOutMax: 4,
    poolMax: 40,
  },
  // Scenario 8: the API on `next start` (bench/api.ts).
  apiTasks: intEnv("BENCH_API_TASKS", 5_000, 100),
  apiSeconds: intEnv("BENCH_API_S", 10),
  // The inbox scenario (bench/inbox.ts).
  inbox: { workspaces: 500, accountsPerWorkspace: 4, items: intEnv("BENCH_INBOX_ITEMS", 100_000), sweepHistory: 200_000, runs: intEnv("BENCH_INBOX_RUNS", 50) },
};

const SCENARIOS = ["claim", "noop", "budget", "engagement", "publishnow", "burst", "api", "inbox"] as const;
type Scenario = (typeof SCENARIOS)[number];
const ONLY = (() => {
  const raw = process.env.BENCH_ONLY?.trim();
  if (!raw) return new Set<Scenario>(SCENARIOS);
  const names = raw.split(",").map((x) => x.trim());
  for (const n of names) if (!SCENARIOS.includes(n as Scenario)) throw new Error(`BENCH_ONLY: unknown scenario ${n} (${SCENARIOS.join(", ")})`);
  return new Set(names as Scenario[]);
})();

const log = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

/** Index and table scan counters; read after the measuring client disconnected (stats flush on exit). */
async function scanCounters(server: BenchServer, url: string) {
  const idx = await server.sql<{ indexrelname: string; idx_scan: string }>(
    url,
    `SELECT indexrelname, idx_scan FROM pg_stat_user_indexes WHERE relname = 'AgentTask'`,
  );
  const tbl = await server.sql<{ seq_scan: string }>(url, `SELECT seq_scan FROM pg_stat_user_tables WHERE relname = 'AgentTask'`);
  return {
    seqScan: Number(tbl[0]?.seq_scan ?? 0),
    idx: Object.fromEntries(idx.map((r) => [r.indexrelname, Number(r.idx_scan)])) as Record<string, number>,
  };
}

function scanDelta(before: Awaited<ReturnType<typeof scanCounters>>, after: Awaited<ReturnType<typeof scanCounters>>) {
  const idx: Record<string, number> = {};
  for (const [k, v] of Object.entries(after.idx)) {
    const d = v - (before.idx[k] ?? 0);
    if (d > 0) idx[k] = d;
  }
  return { seqScans: after.seqScan - before.seqScan, indexScans: idx };
}

async function measureClaims(url: string, label: string, n: number) {
  const prisma = createPrisma(url, 1);
  try {
    const claimOnce = async (i: number) => {
      const t0 = performance.now();
      const rows = await claimTasks(prisma, {
        invocationId: `inv_bench_${label}_${i}`,
        now: new Date(),
        limit: CFG.claimLimit,
        leaseMs: CFG.leaseMs,
      });
      return { ms: performance.now() - t0, rows: rows.length };
    };
    // Connection set-up, plan cache and buffer warm-up are not what we measure.
    for (let i = 0; i < CFG.claimWarmup; i++) await claimOnce(-i - 1);
    const samples: number[] = [];
    let short = 0;
    for (let i = 0; i < n; i++) {
      const r = await claimOnce(i);
      samples.push(r.ms);
      if (r.rows < CFG.claimLimit) short++;
    }
    return { samples, short };
  } finally {
    await prisma.$disconnect();
  }
}

async function roundTrip(url: string, n: number): Promise<number[]> {
  const prisma = createPrisma(url, 1);
  try {
    const samples: number[] = [];
    for (let i = 0; i < n + CFG.claimWarmup; i++) {
      const t0 = performance.now();
      await prisma.$queryRaw`SELECT 1`;
      if (i >= CFG.claimWarmup) samples.push(performance.now() - t0);
    }
    return samples;
  } finally {
    await prisma.$disconnect();
  }
}

async function claimLatency(server: BenchServer) {
  const url = await server.freshDatabase("claim");
  // Both variants claim from the same table; each claim turns `limit` due rows into running ones.
  const dueNeeded = Math.ceil(2 * (CFG.claims + CFG.claimWarmup) * CFG.claimLimit * 1.1);
  const mix = taskMix(CFG.rows, dueNeeded);
  const workspaces = 20;
  const accounts = 100;
  await seedAccounts(server, url, { workspaces, accounts, simulation: null });
  const t0 = performance.now();
  await seedTaskHistory(server, url, {
    rows: CFG.rows,
    mix,
    accounts,
    workspaces,
    onProgress: (done) => log(`claim table: ${fmtInt(done)} / ${fmtInt(CFG.rows)} rows`),
  });
  await server.sql(url, `VACUUM ANALYZE "AgentTask"`);
  await server.sql(url, `ANALYZE "SocialAccount"`);
  const loadS = (performance.now() - t0) / 1000;
  const size = await server.sql<{ table: string; indexes: string }>(
    url,
    `SELECT pg_size_pretty(pg_table_size('"AgentTask"')) AS table, pg_size_pretty(pg_indexes_size('"AgentTask"')) AS indexes`,
  );
  log(`claim table loaded in ${loadS.toFixed(1)} s (${size[0].table} heap, ${size[0].indexes} indexes)`);
  const claimsPossible = Math.floor(mix.duePending / CFG.claimLimit / 2) - CFG.claimWarmup;
  const claims = Math.max(1, Math.min(CFG.claims, claimsPossible));

  const rtt = await roundTrip(url, claims);

  log(`claiming ${claims} × ${CFG.claimLimit} with the partial index`);
  const s0 = await scanCounters(server, url);
  const withIdx = await measureClaims(url, "idx", claims);
  const s1 = await scanCounters(server, url);

  const def = await server.sql<{ indexdef: string }>(
    url,
    `SELECT indexdef FROM pg_indexes WHERE tablename = 'AgentTask' AND indexname = 'AgentTask_due_idx'`,
  );
  if (!def[0]) throw new Error(`AgentTask_due_idx not found: did the migration change?`);
  await server.sql(url, `DROP INDEX "AgentTask_due_idx"`);
  log(`claiming ${claims} × ${CFG.claimLimit} without it`);
  const noIdx = await measureClaims(url, "noidx", claims);
  const s2 = await scanCounters(server, url);
  await server.sql(url, def[0].indexdef);

  const stat = (s: number[]) => ({ p50: round(percentile(s, 50), 2), p99: round(percentile(s, 99), 2), mean: round(mean(s), 2) });
  return {
    rows: CFG.rows,
    mix,
    loadSeconds: round(loadS, 1),
    tableSize: size[0].table,
    indexSize: size[0].indexes,
    claims,
    limit: CFG.claimLimit,
    roundTripMs: stat(rtt),
    withIndex: { ...stat(withIdx.samples), shortClaims: withIdx.short, scans: scanDelta(s0, s1) },
    withoutIndex: { ...stat(noIdx.samples), shortClaims: noIdx.short, scans: scanDelta(s1, s2) },
  };
}

interface ExactlyOnce {
  ok: boolean;
  completed: number;
  completedWithOnePost: number;
  posts: number;
  redelivered: number;
  stillRunning: number;
  otherStatus: number;
}

/** Every completed task has exactly one SimulatedPost, delivered once; nothing else was posted. */
async function exactlyOnce(server: BenchServer, url: string): Promise<ExactlyOnce> {
  const [r] = await server.sql<Record<string, string>>(
    url,
    `SELECT
       (SELECT count(*) FROM "AgentTask" WHERE status = 'completed') AS completed,
       (SELECT count(*) FROM "AgentTask" t
          JOIN "SimulatedPost" s ON s."accountId" = t."accountId" AND s."idempotencyKey" = t."idempotencyKey"
         WHERE t.status = 'completed' AND s.deliveries = 1) AS "completedWithOnePost",
       (SELECT count(*) FROM "SimulatedPost") AS posts,
       (SELECT count(*) FROM "SimulatedPost" WHERE deliveries > 1) AS "redelivered",
       (SELECT count(*) FROM "AgentTask" WHERE status = 'running') AS "stillRunning",
       (SELECT count(*) FROM "AgentTask" WHERE status NOT IN ('completed', 'pending', 'running')) AS "otherStatus"`,
  );
  const n = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])) as unknown as Omit<ExactlyOnce, "ok">;
  const ok =
    n.completed > 0 &&
    n.completed === n.completedWithOnePost &&
    n.posts === n.completed &&
    n.redelivered === 0 &&
    n.stillRunning === 0 &&
    n.otherStatus === 0;
  return { ok, ...n };
}

/** Completions per wall-clock second, from the attempt rows the processor wrote. */
async function completionsPerSecond(server: BenchServer, url: string, startedAt: Date): Promise<number[]> {
  const rows = await server.sql<{ s: number; n: string }>(
    url,
    `SELECT floor(extract(epoch FROM "finishedAt" - $1::timestamp))::int AS s, count(*) AS n
     FROM "TaskAttempt" WHERE outcome = 'completed' GROUP BY 1 ORDER BY 1`,
    [startedAt.toISOString().replace("Z", "")],
  );
  const last = rows.length ? Math.max(...rows.map((r) => r.s)) : -1;
  const out = Array.from({ length: last + 1 }, () => 0);
  for (const r of rows) if (r.s >= 0) out[r.s] = Number(r.n);
  return out;
}

async function runProcessor(
  server: BenchServer,
  url: string,
  opts: { budgetMs: number; hardLimitMs?: number; publishTimeoutMs: number },
) {
  const prisma = createPrisma(url, CFG.poolMax);
  let result;
  const xactBefore = await transactions(server, url);
  try {
    await prisma.$queryRaw`SELECT 1`; // open the first connection outside the measured call
    const startedAt = new Date();
    const before = sampleCpu(server.dataDir);
    const summary: ProcessSummary = await processPendingTasks({
      prisma,
      handlers: taskHandlers,
      budgetMs: opts.budgetMs,
      hardLimitMs: opts.hardLimitMs,
      leaseMs: CFG.leaseMs,
      batchSize: CFG.batchSize,
      concurrency: CFG.concurrency,
      perAccountConcurrency: CFG.perAccountConcurrency,
      publishTimeoutMs: opts.publishTimeoutMs,
    });
    // Read before disconnecting: the backends' CPU time vanishes from /proc when they exit.
    const cpu = cpuBetween(before, sampleCpu(server.dataDir));
    result = { summary, startedAt, cpu };
  } finally {
    await prisma.$disconnect();
  }
  // Backends flush their statistics when they exit, so this count is complete.
  const xacts = (await transactions(server, url)) - xactBefore;
  const tasksTouched = Math.max(1, result.summary.claimed + result.summary.reclaimed);
  // The simulated platform's own insert (one per delivery) stands in for a network call; the
  // scheduler's share is the rest (docs/benchmarks.md).
  const [sim] = await server.sql<{ n: string }>(url, `SELECT coalesce(sum(deliveries), 0) AS n FROM "SimulatedPost"`);
  return {
    ...result,
    statementsPerTask: round(xacts / tasksTouched, 2),
    schedulerStatementsPerTask: round((xacts - Number(sim?.n ?? 0)) / tasksTouched, 2),
  };
}

function roundCpu(c: ReturnType<typeof cpuBetween>) {
  return {
    wallS: round(c.wallS, 2),
    nodeS: round(c.nodeS, 2),
    postgresS: c.postgresS === null ? null : round(c.postgresS, 2),
    nodeCorePct: round(c.nodeCorePct, 0),
    postgresCorePct: c.postgresCorePct === null ? null : round(c.postgresCorePct, 0),
    otherS: c.otherS === null ? null : round(c.otherS, 2),
    otherCorePct: c.otherCorePct === null ? null : round(c.otherCorePct, 0),
  };
}

async function noopOnce(server: BenchServer, run: number, label: string) {
  const url = await server.freshDatabase(`noop${run}`);
  const sim = { failRate: 0, failureClass: "transient" as const, latencyMs: 0 };
  await seedAccounts(server, url, { workspaces: 1, accounts: CFG.noopAccounts, simulation: sim });
  await seedDueTasks(server, url, { n: CFG.noopTasks, accounts: CFG.noopAccounts });
  await server.sql(url, `ANALYZE`);
  const { summary, cpu, statementsPerTask, schedulerStatementsPerTask } = await runProcessor(server, url, { budgetMs: 3_600_000, publishTimeoutMs: 20_000 });
  const check = await exactlyOnce(server, url);
  const tasksPerSecond = round(summary.completed / (summary.ms / 1000), 1);
  log(`no-op ${label}: ${tasksPerSecond} tasks/s`);
  return { summary, tasksPerSecond, statementsPerTask, schedulerStatementsPerTask, cpu: roundCpu(cpu), exactlyOnce: check };
}

/**
 * Several runs on fresh databases: on a 2-core machine one run varies by ±15 %. The first runs of
 * a process are slower while V8 compiles the hot paths (1,364 → 2,120 tasks/s over three runs), so
 * warm-up runs come first and are reported apart: the cold figure is what a freshly started
 * function does, the median what a warm one does (docs/benchmarks.md, "No-op throughput").
 */
async function noopThroughput(server: BenchServer) {
  log(`no-op throughput: ${CFG.noopWarmup} warm-up + ${CFG.noopRuns} × ${fmtInt(CFG.noopTasks)} due tasks over ${CFG.noopAccounts} accounts, latency 0 ms`);
  const warmup = [];
  for (let i = 0; i < CFG.noopWarmup; i++) warmup.push(await noopOnce(server, i, `warm-up run ${i + 1}/${CFG.noopWarmup}`));
  const runs = [];
  for (let i = 0; i < CFG.noopRuns; i++) runs.push(await noopOnce(server, CFG.noopWarmup + i, `run ${i + 1}/${CFG.noopRuns}`));
  const rates = runs.map((r) => r.tasksPerSecond);
  const median = [...runs].sort((a, b) => a.tasksPerSecond - b.tasksPerSecond)[Math.floor((runs.length - 1) / 2)];
  return {
    tasks: CFG.noopTasks,
    accounts: CFG.noopAccounts,
    runs: runs.length,
    tasksPerSecond: median.tasksPerSecond,
    minTasksPerSecond: Math.min(...rates),
    maxTasksPerSecond: Math.max(...rates),
    msPerTask: round(median.summary.ms / Math.max(1, median.summary.completed), 3),
    statementsPerTask: median.statementsPerTask,
    schedulerStatementsPerTask: median.schedulerStatementsPerTask,
    // The median run's details; every run's are in `all`.
    summary: median.summary,
    cpu: median.cpu,
    exactlyOnce: {
      ...median.exactlyOnce,
      ok: [...warmup, ...runs].every((r) => r.exactlyOnce.ok),
    },
    /** The first run of the process (the first warm-up run when there is one). */
    coldTasksPerSecond: (warmup[0] ?? runs[0]).tasksPerSecond,
    warmupRuns: warmup.length,
    all: runs,
    warmup,
  };
}

async function budgetEfficiency(server: BenchServer) {
  const url = await server.freshDatabase("budget");
  const latency = CFG.budgetLatencyMs;
  const ideal = CFG.concurrency / (latency / 1000);
  const budgetMs = CFG.budgetS * 1000;
  const publishTimeoutMs = 5_000;
  // More than the ideal could finish in the budget, so the processor never runs dry.
  const tasks = Math.max(20_000, Math.ceil(ideal * CFG.budgetS * 1.3));
  const sim = { failRate: 0, failureClass: "transient" as const, latencyMs: latency };
  await seedAccounts(server, url, { workspaces: 1, accounts: CFG.budgetAccounts, simulation: sim });
  await seedDueTasks(server, url, { n: tasks, accounts: CFG.budgetAccounts });
  await server.sql(url, `ANALYZE`);
  log(`budget efficiency: ${CFG.budgetS} s budget, ${latency} ms latency, ${fmtInt(tasks)} due tasks over ${CFG.budgetAccounts} accounts`);
  // As in production: the budget is when to stop claiming; the function may live until
  // maxDuration (300 s) less the margin, so publishes started near the budget's end still fit.
  const hardLimitMs = budgetMsFor(PROCESS_MAX_DURATION_S);
  const { summary, startedAt, cpu, statementsPerTask, schedulerStatementsPerTask } = await runProcessor(server, url, {
    budgetMs,
    hardLimitMs,
    publishTimeoutMs,
  });
  const check = await exactlyOnce(server, url);
  const perSecond = await completionsPerSecond(server, url, startedAt);
  // Claiming goes on for the whole budget (mayClaim in lib/scheduler/budget.ts).
  const claimWindowS = budgetMs / 1000;
  const steady = perSecond.slice(2, Math.max(3, Math.floor(claimWindowS) - 1));
  const elapsedS = summary.ms / 1000;
  const achieved = summary.completed / elapsedS;
  return {
    tasks,
    accounts: CFG.budgetAccounts,
    latencyMs: latency,
    budgetS: CFG.budgetS,
    publishTimeoutMs,
    claimWindowS,
    summary,
    idealTasksPerSecond: ideal,
    tasksPerSecond: round(achieved, 1),
    shareOfIdealPct: round((100 * achieved) / ideal, 1),
    perBudgetSecond: round(summary.completed / CFG.budgetS, 1),
    shareOfIdealOverBudgetPct: round((100 * summary.completed) / (ideal * CFG.budgetS), 1),
    steadyStateTasksPerSecond: round(percentile(steady, 50), 1),
    completionsPerSecond: perSecond,
    statementsPerTask,
    schedulerStatementsPerTask,
    cpu: roundCpu(cpu),
    exactlyOnce: check,
  };
}

// ------------------------------------------------------------------------------------------------
// 5. Engagement queries at scale: the sweep (lib/engagement-sweep.ts, once per process call) and
// best times (lib/ai/best-time.ts, on page loads and queue picks), over a long history.

/** Indexes of migration 20261122070000_engagement_indexes; the scenario measures without and with them. */
const ENGAGEMENT_INDEXES = ["PostTarget_published_idx", "AgentTask_open_collect_idx", "PostTarget_workspace_published_idx"];
/** The sweep's settings at their defaults (lib/env.ts). */
const SWEEP_SETTINGS = { activeMinMs: 300_000, idleMinMs: 21_600_000, idleThresholdMs: 300_000 };

/**
 * A Prisma client whose one connection runs auto_explain (ANALYZE, BUFFERS) on every statement and
 * sends each plan back as a notice: the plan of the statement exactly as the library sends it.
 */
function explainingPrisma(url: string) {
  const plans: string[] = [];
  const pool = new pg.Pool({
    connectionString: url,
    max: 1,
    options: [
      "session_preload_libraries=auto_explain",
      "auto_explain.log_min_duration=0",
      "auto_explain.log_analyze=on",
      "auto_explain.log_buffers=on",
      "auto_explain.log_level=notice",
    ]
      .map((o) => `-c ${o}`)
      .join(" "),
  });
  pool.on("connect", (c) => c.on("notice", (n) => plans.push(n.message ?? "")));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) }) as unknown as Db;
  return {
    prisma,
    /** The plan of the last statement that mentions `table`, then forgets all. */
    take(table: string): string {
      const plan = [...plans].reverse().find((p) => p.includes(`"${table}"`)) ?? "(no plan captured)";
      plans.length = 0;
      return plan;
    },
    async close() {
      await prisma.$disconnect();
      await pool.end().catch(() => {});
    },
  };
}

/** One line per plan: the duration, the scans (with index names) and the top node's buffers. */
function planSummary(plan: string) {
  const duration = Number(/duration: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN);
  // "Seq Scan on T", "Index [Only] Scan [Backward] using I on T", "Bitmap Index Scan on I": table or index name.
  const scans = [...plan.matchAll(/(Seq Scan|Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)?(?: using "?(\w+)"?)? on "?(\w+)"?/g)].map(
    (m) => `${m[1]} ${m[2] ?? m[3]}`,
  );
  const buf = /Buffers: shared ([^\n]*)/.exec(plan)?.[1]?.trim() ?? "";
  return { durationMs: round(duration, 2), scans: [...new Set(scans)], buffers: buf };
}

async function timeCalls(n: number, warmup: number, call: () => Promise<unknown>, between?: () => Promise<void>) {
  const samples: number[] = [];
  for (let i = -warmup; i < n; i++) {
    const t0 = performance.now();
    await call();
    if (i >= 0) samples.push(performance.now() - t0);
    await between?.();
  }
  return { p50: round(percentile(samples, 50), 2), p95: round(percentile(samples, 95), 2), mean: round(mean(samples), 2), n };
}

/** Queued sweep tasks are removed after each call (untimed), so every call does the full work again. */
const unqueue = (server: BenchServer, url: string) => async () => {
  await server.sql(url, `DELETE FROM "AgentTask" WHERE type = 'collect_engagement' AND status = 'pending' AND "idempotencyKey" LIKE '%:sweep:%'`);
};

async function measureEngagement(server: BenchServer, url: string, label: string) {
  const W = CFG.engagement.workspaces;
  const big = "bws_0";
  const bigAccount = "bacc_0";
  const bigAccounts = Array.from({ length: CFG.engagement.accountsPerWorkspace }, (_, k) => `bacc_${k * W}`);
  const small = "bws_1";
  const now = new Date();
  const n = CFG.engagementRuns;
  const warm = CFG.engagementWarmup;
  const prisma = createPrisma(url, 1);
  const queued: number[] = [];
  const sweepOnce = async () => {
    const r = await sweepEngagement(prisma, { ...SWEEP_SETTINGS, now });
    queued.push(r.queued);
  };
  let sizes: Record<string, number> = {};
  let timing;
  try {
    log(`engagement (${label}): sweep × ${n}`);
    const sweep = await timeCalls(n, warm, sweepOnce, unqueue(server, url));
    log(`engagement (${label}): best times × ${n} per case`);
    const bigWs = await timeCalls(n, warm, () => bestTimes(prisma, big, { now }));
    const bigAcct = await timeCalls(n, warm, () => bestTimes(prisma, big, { accountId: bigAccount, now }));
    const bigQueue = await timeCalls(n, warm, () => queueScorer(prisma, big, bigAccounts, now));
    const smallWs = await timeCalls(n, warm, () => bestTimes(prisma, small, { now }));
    // Analytics (lib/analytics.ts) over the big workspace's whole history and its last 30 days.
    log(`engagement (${label}): analytics × ${n} per case`);
    const range = (days: number) => ({ from: new Date(now.getTime() - days * 86_400_000).toISOString(), to: now.toISOString() });
    const analyticsAll = await timeCalls(n, warm, () => analytics(prisma, big, AnalyticsQuery.parse({ ...range(CFG.engagement.days + 1), interval: "week" }), now));
    const analytics30 = await timeCalls(n, warm, () => analytics(prisma, big, AnalyticsQuery.parse({ ...range(30), interval: "day" }), now));
    const analyticsCsvAll = await timeCalls(n, warm, () => analyticsCsv(prisma, big, AnalyticsQuery.parse({ ...range(CFG.engagement.days + 1) }), now));
    sizes = {
      bigWorkspace: (await bestTimes(prisma, big, { now })).sampleSize,
      bigAccount: (await bestTimes(prisma, big, { accountId: bigAccount, now })).sampleSize,
      smallWorkspace: (await bestTimes(prisma, small, { now })).sampleSize,
    };
    const analyticsTargets = (await analytics(prisma, big, AnalyticsQuery.parse(range(CFG.engagement.days + 1)), now)).totals.targets;
    sizes = { ...sizes, analyticsTargets };
    timing = { sweep, bigWorkspace: bigWs, bigAccount: bigAcct, bigQueue, smallWorkspace: smallWs, analyticsAll, analytics30, analyticsCsvAll };
  } finally {
    await prisma.$disconnect();
  }
  // One call of each under auto_explain, for the plans.
  const ex = explainingPrisma(url);
  const plans: Record<string, string> = {};
  try {
    await sweepEngagement(ex.prisma, { ...SWEEP_SETTINGS, now });
    plans.sweep = ex.take("EngagementSnapshot");
    await unqueue(server, url)();
    await bestTimes(ex.prisma, big, { now });
    plans.bigWorkspace = ex.take("EngagementSnapshot");
    await bestTimes(ex.prisma, big, { accountId: bigAccount, now });
    plans.bigAccount = ex.take("EngagementSnapshot");
    await bestTimes(ex.prisma, small, { now });
    plans.smallWorkspace = ex.take("EngagementSnapshot");
    const all = { from: new Date(now.getTime() - (CFG.engagement.days + 1) * 86_400_000).toISOString(), to: now.toISOString(), interval: "week" };
    await analytics(ex.prisma, big, AnalyticsQuery.parse(all), now);
    plans.analytics = ex.take("PostTarget");
  } finally {
    await ex.close();
  }
  const summaries = Object.fromEntries(Object.entries(plans).map(([k, v]) => [k, planSummary(v)]));
  return {
    timing,
    sweepQueued: { min: Math.min(...queued), max: Math.max(...queued) },
    sampleSizes: sizes,
    plans: summaries,
    planText: plans,
  };
}

async function engagementQueries(server: BenchServer) {
  const url = await server.freshDatabase("engagement");
  const e = CFG.engagement;
  log(`engagement history: ${e.workspaces} workspaces, ${fmtInt(e.published)} published targets over ${e.days} days (${fmtInt(e.big)} in bws_0)`);
  const t0 = performance.now();
  await seedAccounts(server, url, { workspaces: e.workspaces, accounts: e.workspaces * e.accountsPerWorkspace, simulation: null });
  await seedEngagementHistory(server, url, e, (m) => log(`engagement history: ${m}`));
  await server.sql(url, `VACUUM ANALYZE`);
  const loadS = (performance.now() - t0) / 1000;
  const [c] = await server.sql<Record<string, string>>(
    url,
    `SELECT
       (SELECT count(*) FROM "PostTarget" WHERE status = 'published') AS published,
       (SELECT count(*) FROM "PostTarget" WHERE status = 'published' AND "publishedAt" > (now() AT TIME ZONE 'UTC') - interval '7 days') AS "lastWeek",
       (SELECT count(*) FROM "PostTarget" WHERE status = 'published' AND "workspaceId" = 'bws_0') AS big,
       (SELECT count(*) FROM "PostTarget") AS targets,
       (SELECT count(*) FROM "EngagementSnapshot") AS snapshots,
       (SELECT count(*) FROM "AgentTask") AS tasks,
       (SELECT count(DISTINCT "workspaceId") FROM "Presence" WHERE "lastSeenAt" > (now() AT TIME ZONE 'UTC') - interval '5 minutes') AS watched,
       pg_size_pretty(pg_total_relation_size('"PostTarget"')) AS "targetSize",
       pg_size_pretty(pg_total_relation_size('"EngagementSnapshot"')) AS "snapshotSize"`,
  );
  log(`engagement history loaded in ${loadS.toFixed(1)} s: ${fmtInt(Number(c.targets))} targets (${c.targetSize}), ${fmtInt(Number(c.snapshots))} snapshots (${c.snapshotSize})`);

  const defs = await server.sql<{ indexname: string; indexdef: string }>(
    url,
    `SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY($1::text[])`,
    [ENGAGEMENT_INDEXES],
  );
  const missing = ENGAGEMENT_INDEXES.filter((n) => !defs.some((d) => d.indexname === n));
  if (missing.length) throw new Error(`${missing.join(", ")} not found: did the migration change?`);
  for (const d of defs) await server.sql(url, `DROP INDEX "${d.indexname}"`);
  const without = await measureEngagement(server, url, "without the new indexes");
  for (const d of defs) await server.sql(url, d.indexdef);
  await server.sql(url, `ANALYZE`);
  const withIdx = await measureEngagement(server, url, "with them");
  return {
    loadSeconds: round(loadS, 1),
    counts: Object.fromEntries(Object.entries(c).map(([k, v]) => [k, /^\d+$/.test(v) ? Number(v) : v])),
    indexes: defs.map((d) => d.indexdef),
    without,
    withIndexes: withIdx,
  };
}

/**
 * Publish now (scenario 6): what the schedule route does for a post due at once — schedule it
 * (compliance gate, one post, three targets and tasks) and, after the response, one process call
 * for the workspace with the publish-now budget — timed from the request to the last target
 * published, at 200 ms platform latency, one post at a time.
 */
async function publishNowLatency(server: BenchServer) {
  log(`publish now: ${CFG.publishNow} posts to 3 accounts each, ${CFG.publishNowLatencyMs} ms latency`);
  const url = await server.freshDatabase("publishnow");
  const sim = { failRate: 0, failureClass: "transient" as const, latencyMs: CFG.publishNowLatencyMs };
  await seedAccounts(server, url, { workspaces: 1, accounts: 3, simulation: sim });
  const prisma = createPrisma(url, CFG.poolMax);
  const responded: number[] = [];
  const published: number[] = [];
  try {
    const accountIds = ["bacc_0", "bacc_1", "bacc_2"];
    for (let i = 0; i < CFG.publishNow + 2; i++) {
      const t0 = performance.now();
      const input = ScheduleTaskInput.parse({ accountIds, content: `Fresh rolls, batch ${i}` });
      const r = await scheduleTask(prisma, "bws_0", input, new Date());
      const t1 = performance.now();
      const s = await processPendingTasks({
        prisma,
        handlers: taskHandlers,
        workspaceId: "bws_0",
        budgetMs: PUBLISH_NOW_BUDGET_MS,
        hardLimitMs: budgetMsFor(PROCESS_MAX_DURATION_S),
        leaseMs: CFG.leaseMs,
        batchSize: CFG.batchSize,
        concurrency: CFG.concurrency,
        perAccountConcurrency: CFG.perAccountConcurrency,
        publishTimeoutMs: 20_000,
      });
      const t2 = performance.now();
      if (s.completed !== r.tasks.length) throw new Error(`publish now: ${s.completed} of ${r.tasks.length} published`);
      if (i < 2) continue; // warm-up
      responded.push(t1 - t0);
      published.push(t2 - t0);
    }
  } finally {
    await prisma.$disconnect();
  }
  const stat = (xs: number[]) => ({ p50: round(percentile(xs, 50), 1), p95: round(percentile(xs, 95), 1), max: round(Math.max(...xs), 1) });
  return { posts: CFG.publishNow, targetsPerPost: 3, latencyMs: CFG.publishNowLatencyMs, responseMs: stat(responded), publishedMs: stat(published), exactlyOnce: await exactlyOnce(server, url) };
}

/**
 * Scenario 7: the burst, once per cron interval, each on a fresh database, through the real
 * process route (its env: this database and production's scheduler settings).
 */
async function bursts(server: BenchServer): Promise<BurstResult[]> {
  const out: BurstResult[] = [];
  for (const cronEveryS of [60, 300]) {
    const url = await server.freshDatabase(`burst${cronEveryS}`);
    const b = CFG.burst;
    await pointAppAt(url, {
      DATABASE_POOL_MAX: String(b.poolMax),
      SCHEDULER_CONCURRENCY: String(b.concurrency),
      SCHEDULER_FANOUT_MAX: String(b.fanOutMax),
      SCHEDULER_CRON_INTERVAL_S: String(cronEveryS),
    });
    const route = await import("../app/api/agent/process/route");
    out.push(await runBurst(server, url, { ...b, cronEveryS }, (req) => route.POST(req), log));
    await forgetAppDb();
  }
  return out;
}

async function main() {
  const t0 = performance.now();
  const loadAtStart = os.loadavg()[0];
  log(`starting (${CFG.rows.toLocaleString("en-US")} rows, ${CFG.budgetS} s budget)`);
  const server = await startBenchServer();
  const onSignal = () => {
    void server.close().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const versionUrl = await server.freshDatabase("meta");
    const [v] = await server.sql<{ server_version: string }>(versionUrl, `SHOW server_version`);
    const [sb] = await server.sql<{ shared_buffers: string }>(versionUrl, `SHOW shared_buffers`);
    // maxRSS is in KiB and only grows: read after each scenario to see which one set the peak.
    const rssMiB = () => round(process.resourceUsage().maxRSS / 1024, 1);

    const claim = ONLY.has("claim") ? await claimLatency(server) : undefined;
    const rssAfterClaim = rssMiB();
    const noop = ONLY.has("noop") ? await noopThroughput(server) : undefined;
    const rssAfterNoop = rssMiB();
    const budget = ONLY.has("budget") ? await budgetEfficiency(server) : undefined;
    const engagement = ONLY.has("engagement") ? await engagementQueries(server) : undefined;
    const publishNow = ONLY.has("publishnow") ? await publishNowLatency(server) : undefined;
    const burst = ONLY.has("burst") ? await bursts(server) : undefined;
    const api = ONLY.has("api") ? await apiLoad(server, { tasks: CFG.apiTasks, seconds: CFG.apiSeconds }, log) : undefined;
    const inbox = ONLY.has("inbox") ? await inboxBench(server, CFG.inbox, log) : undefined;
    const totalS = (performance.now() - t0) / 1000;
    const env = {
      date: new Date().toISOString(),
      node: process.version,
      postgres: v.server_version,
      database: server.origin,
      cores: os.cpus().length,
      memoryGiB: round(os.totalmem() / 2 ** 30, 1),
      platform: `${os.platform()} ${os.arch()}`,
      loadAverageAtStart: round(loadAtStart, 2),
      loadAverageAtEnd: round(os.loadavg()[0], 2),
      sharedBuffers: sb.shared_buffers,
      peakRssMiB: rssMiB(),
      peakRssAfterMiB: { claim: rssAfterClaim, noop: rssAfterNoop },
      totalSeconds: round(totalS, 1),
    };
    const results = { env, config: CFG, claim, noop, budget, engagement, publishNow, burst, api, inbox };
    print(results);
    const out = path.join(process.cwd(), "bench", "results");
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, "latest.json"), JSON.stringify(results, null, 2) + "\n");
    log(`wrote bench/results/latest.json`);
    const burstOk = (burst ?? []).every((b) => b.exactlyOnce.ok);
    if ((noop && !noop.exactlyOnce.ok) || (budget && !budget.exactlyOnce.ok) || (publishNow && !publishNow.exactlyOnce.ok) || !burstOk) process.exitCode = 1;
  } finally {
    await server.close();
  }
}

type Results = {
  env: {
    date: string;
    node: string;
    postgres: string;
    database: string;
    cores: number;
    memoryGiB: number;
    platform: string;
    loadAverageAtStart: number;
    loadAverageAtEnd: number;
    sharedBuffers: string;
    peakRssMiB: number;
    peakRssAfterMiB: { claim: number; noop: number };
    totalSeconds: number;
  };
  claim?: Awaited<ReturnType<typeof claimLatency>>;
  noop?: Awaited<ReturnType<typeof noopThroughput>>;
  budget?: Awaited<ReturnType<typeof budgetEfficiency>>;
  engagement?: Awaited<ReturnType<typeof engagementQueries>>;
  publishNow?: Awaited<ReturnType<typeof publishNowLatency>>;
  burst?: BurstResult[];
  api?: ApiLoadResult;
  inbox?: Awaited<ReturnType<typeof inboxBench>>;
};

function print({ env, claim, noop, budget, engagement, publishNow, burst, api, inbox }: Results) {
  if (inbox) {
    const t = inbox.timing;
    const row = (name: string, x: { p50: number; p95: number; p99: number; n: number }) => [name, fmtMs(x.p50), fmtMs(x.p95), fmtMs(x.p99), String(x.n)];
    console.log(`\nInbox (${fmtInt(inbox.config.items)} items, ${inbox.config.workspaces} workspaces, ${fmtInt(inbox.config.sweepHistory)} finished sweeps; ${inbox.queuedPerCall.min}–${inbox.queuedPerCall.max} sweeps queued per call)`);
    console.log(
      table([
        ["call", "p50", "p95", "p99", "n"],
        row("sweepInbox (target p95 < 200 ms)", t.sweep),
        row("GET /api/inbox: open, newest first", t.listOpen),
        row("   … unanswered + negative + bluesky", t.listFiltered),
        row("   … status=all, limit 100", t.listAll),
        row("   … second page (cursor)", t.listPage2),
      ]),
    );
  }
  const eo = (c: ExactlyOnce) =>
    c.ok
      ? `OK: ${fmtInt(c.completed)} completed = ${fmtInt(c.posts)} posts, each delivered once`
      : `FAILED: ${fmtInt(c.completed)} completed, ${fmtInt(c.posts)} posts, ${c.redelivered} redelivered, ${c.stillRunning} still running`;
  const scans = (s: { seqScans: number; indexScans: Record<string, number> }) =>
    [
      ...Object.entries(s.indexScans).map(([k, v]) => `${k} ×${v}`),
      ...(s.seqScans ? [`seq scan ×${s.seqScans}`] : []),
    ].join(", ") || "none recorded";
  const cpuLine = (c: ReturnType<typeof roundCpu>) =>
    `Node ${c.nodeS} s (${c.nodeCorePct} % of a core)` +
    (c.postgresS === null ? "" : `, PostgreSQL ${c.postgresS} s (${c.postgresCorePct} %)`) +
    (c.otherS === null ? "" : `, other processes ${c.otherS} s (${c.otherCorePct} %)`) +
    ` over ${c.wallS} s`;
  const lines = [["Figure", "Value"]];
  const notes: string[] = [];
  if (claim) {
    lines.push(
      [`1. Claim ${claim.limit} of ${fmtInt(claim.rows)} rows (${fmtInt(claim.mix.duePending)} due), p50`, fmtMs(claim.withIndex.p50)],
      [`   … p99`, fmtMs(claim.withIndex.p99)],
      [`   … without AgentTask_due_idx, p50`, fmtMs(claim.withoutIndex.p50)],
      [`   … without AgentTask_due_idx, p99`, fmtMs(claim.withoutIndex.p99)],
      [`   (Prisma round trip of SELECT 1, p50)`, fmtMs(claim.roundTripMs.p50)],
    );
    notes.push(
      `Claim scans  with index: ${scans(claim.withIndex.scans)}`,
      `             without:    ${scans(claim.withoutIndex.scans)}`,
      `Claim table  ${claim.tableSize} heap + ${claim.indexSize} indexes, loaded in ${claim.loadSeconds} s; ${claim.claims} measured claims per variant` +
        (claim.withIndex.shortClaims + claim.withoutIndex.shortClaims ? ` (WARNING: ${claim.withIndex.shortClaims + claim.withoutIndex.shortClaims} returned fewer than ${claim.limit})` : ""),
    );
  }
  if (noop) {
    lines.push(
      [`2. No-op throughput (${fmtInt(noop.tasks)} tasks, 0 ms latency), median of ${noop.runs}`, `${fmtInt(noop.tasksPerSecond)} tasks/s`],
      [`   … range over the runs`, `${fmtInt(noop.minTasksPerSecond)}–${fmtInt(noop.maxTasksPerSecond)} tasks/s`],
      [`   … first run of the process (cold; ${noop.warmupRuns} warm-up run${noop.warmupRuns === 1 ? "" : "s"} before the median's)`, `${fmtInt(noop.coldTasksPerSecond)} tasks/s`],
      [`   … median run: wall time / completed`, `${fmtMs(noop.summary.ms)} / ${fmtInt(noop.summary.completed)}`],
    );
    notes.push(
      `No-op run    claimed ${noop.summary.claimed}, completed ${noop.summary.completed}, retried ${noop.summary.retried}, failed ${noop.summary.failed}, deferred ${noop.summary.deferred}, lost leases ${noop.summary.lostLeases} (median run)`,
    );
  }
  if (budget) {
    const b = budget.summary;
    lines.push(
      [`3. Budget run (${budget.budgetS} s, ${budget.latencyMs} ms latency, concurrency ${CFG.concurrency}): completed`, fmtInt(b.completed)],
      [`   … tasks/s over the call's ${(b.ms / 1000).toFixed(1)} s`, `${budget.tasksPerSecond} tasks/s`],
      [`   … ideal (concurrency ÷ latency)`, `${budget.idealTasksPerSecond} tasks/s`],
      [`   … share of ideal`, `${budget.shareOfIdealPct} %`],
      [`   … share of ideal over the whole ${budget.budgetS} s budget`, `${budget.shareOfIdealOverBudgetPct} %`],
      [`   … steady state (median completions/s while claiming)`, `${budget.steadyStateTasksPerSecond} tasks/s`],
    );
    notes.push(
      `Budget run   claimed ${b.claimed}, completed ${b.completed}, retried ${b.retried}, failed ${b.failed}, deferred ${b.deferred}, still due ${fmtInt(b.stillDue)}, lost leases ${b.lostLeases}`,
    );
  }
  const sql = (r: { statementsPerTask: number; schedulerStatementsPerTask: number }, name: string) =>
    `${r.statementsPerTask} statements per task (${name}; ${r.schedulerStatementsPerTask} without the simulated platform's own insert)`;
  if (noop || budget) notes.push(`SQL          ${[noop && sql(noop, "no-op"), budget && sql(budget, "budget run")].filter(Boolean).join(", ")}`);
  if (noop) notes.push(`CPU no-op    ${cpuLine(noop.cpu)}`);
  if (budget) notes.push(`CPU budget   ${cpuLine(budget.cpu)}`);
  if (noop) {
    notes.push(`Exactly-once no-op:   ${eo(noop.exactlyOnce)}${noop.runs > 1 ? ` (median run; ${noop.exactlyOnce.ok ? "all" : "NOT all"} ${noop.runs + noop.warmupRuns} runs OK)` : ""}`);
  }
  if (budget) notes.push(`Exactly-once budget:  ${eo(budget.exactlyOnce)}`);
  lines.push([`4. Peak RSS of the bench process`, `${env.peakRssMiB} MiB`]);
  if (claim && noop) lines.push([`   … peak after scenario 1 / 2`, `${env.peakRssAfterMiB.claim} / ${env.peakRssAfterMiB.noop} MiB`]);
  lines.push([`   Node / PostgreSQL`, `${env.node} / ${env.postgres}`], [`   Cores / memory`, `${env.cores} / ${env.memoryGiB} GiB`]);
  if (engagement) {
    const c = engagement.counts;
    const { without: a, withIndexes: w } = engagement;
    const pair = (x: { p50: number; p95: number }, y: { p50: number; p95: number }) =>
      `${fmtMs(x.p50)} / ${fmtMs(x.p95)} → ${fmtMs(y.p50)} / ${fmtMs(y.p95)}`;
    lines.push(
      [`5. Engagement over ${fmtInt(Number(c.published))} published targets, p50 / p95: without → with new indexes`, ""],
      [`   Sweep, all workspaces (queues ${w.sweepQueued.max} per call)`, pair(a.timing.sweep, w.timing.sweep)],
      [`   Best times, big workspace (${fmtInt(w.sampleSizes.bigWorkspace)} targets)`, pair(a.timing.bigWorkspace, w.timing.bigWorkspace)],
      [`   … one account of it (${fmtInt(w.sampleSizes.bigAccount)} targets)`, pair(a.timing.bigAccount, w.timing.bigAccount)],
      [`   … queue scorer, its ${CFG.engagement.accountsPerWorkspace} accounts`, pair(a.timing.bigQueue, w.timing.bigQueue)],
      [`   Best times, small workspace (${fmtInt(w.sampleSizes.smallWorkspace)} targets)`, pair(a.timing.smallWorkspace, w.timing.smallWorkspace)],
      [`   Analytics, big workspace, whole history by week (${fmtInt(w.sampleSizes.analyticsTargets)} targets)`, pair(a.timing.analyticsAll, w.timing.analyticsAll)],
      [`   … its last 30 days by day`, pair(a.timing.analytics30, w.timing.analytics30)],
      [`   … CSV export of the whole history`, pair(a.timing.analyticsCsvAll, w.timing.analyticsCsvAll)],
    );
    const plan = (label: string, x: ReturnType<typeof planSummary>) =>
      `             ${label.padEnd(16)} ${fmtMs(x.durationMs).padStart(8)} in SQL; ${x.scans.join(", ")}; buffers ${x.buffers}`;
    notes.push(
      `Engagement   ${fmtInt(Number(c.targets))} targets (${fmtInt(Number(c.lastWeek))} published in the last 7 days, ${fmtInt(Number(c.big))} in bws_0; ${c.targetSize}), ` +
        `${fmtInt(Number(c.snapshots))} snapshots (${c.snapshotSize}), ${fmtInt(Number(c.tasks))} tasks, ${c.watched} watched workspaces; loaded in ${engagement.loadSeconds} s; ${CFG.engagementRuns} calls per figure`,
      `             sweep queued ${a.sweepQueued.min}–${a.sweepQueued.max} / ${w.sweepQueued.min}–${w.sweepQueued.max} per call (without / with); its tasks are deleted between calls`,
      `Plans without the new indexes (one call under auto_explain):`,
      ...Object.entries(a.plans).map(([k, v]) => plan(k, v)),
      `Plans with ${engagement.indexes.length ? engagement.indexes.map((d) => /INDEX "?(\w+)"?/.exec(d)?.[1]).join(", ") : "(no new indexes)"}:`,
      ...Object.entries(w.plans).map(([k, v]) => plan(k, v)),
    );
  }
  if (publishNow) {
    const p = publishNow;
    lines.push(
      [`6. Publish now (${p.posts} posts × ${p.targetsPerPost} accounts, ${p.latencyMs} ms latency): answered, p50 / p95 / max`, `${fmtMs(p.responseMs.p50)} / ${fmtMs(p.responseMs.p95)} / ${fmtMs(p.responseMs.max)}`],
      [`   … every target published, p50 / p95 / max`, `${fmtMs(p.publishedMs.p50)} / ${fmtMs(p.publishedMs.p95)} / ${fmtMs(p.publishedMs.max)}`],
    );
    notes.push(`Exactly-once publish now: ${eo(p.exactlyOnce)}`);
  }
  for (const b of burst ?? []) {
    const c = b.config;
    const every = c.cronEveryS === 60 ? "per-minute cron" : `cron every ${c.cronEveryS / 60} min`;
    lines.push(
      [`7. Burst, ${every}: ${fmtInt(c.posts)} posts in one minute, ${c.accounts} accounts, ${c.latencyMs} ms: lag p50 / p95 / p99`, `${fmtMs(b.lagMs.p50)} / ${fmtMs(b.lagMs.p95)} / ${fmtMs(b.lagMs.p99)}`],
      [`   … max lag; cron calls + fan-out calls; most invocations at once`, `${fmtMs(b.lagMs.max)}; ${b.cronCalls} + ${b.fanOutCalls}; ${b.maxConcurrentInvocations}`],
      [`   … SQL statements per task (without the simulated platform's insert)`, `${b.statementsPerTask} (${b.schedulerStatementsPerTask})`],
    );
    notes.push(`Exactly-once burst (${every}): ${b.exactlyOnce.ok ? "OK" : "FAILED"}: ${fmtInt(b.exactlyOnce.posts)} posts, ${b.exactlyOnce.redelivered} redelivered, ${b.exactlyOnce.notCompleted} not completed, in ${b.wallS} s`);
  }
  if (api) {
    lines.push([`8. API on next start (${fmtInt(api.tasksInWorkspace)} tasks in the workspace, ${fmtInt(api.tasksInTable)} in all): requests/s, p50 / p95`, ""]);
    for (const f of api.figures) {
      lines.push([`   ${f.name}, ${f.clients} client${f.clients > 1 ? "s" : ""}${f.errors ? ` (${f.errors} errors)` : ""}`, `${f.perSecond}/s, ${fmtMs(f.p50Ms)} / ${fmtMs(f.p95Ms)}`]);
      const pct = (v: number | null) => (v === null ? "?" : `${v} %`);
      lines.push([`     … CPU, % of one core: server / PostgreSQL / load generator / rest of the machine`, `${pct(f.cpu.serverPct)} / ${pct(f.cpu.postgresPct)} / ${pct(f.cpu.generatorPct)} / ${pct(f.cpu.otherPct)}`]);
    }
  }
  notes.push(`Total bench time ${env.totalSeconds} s; 1-minute load average ${env.loadAverageAtStart} at start, ${env.loadAverageAtEnd} at end (${env.cores} cores)`);
  const out = [
    "",
    `Herald scheduler benchmark — ${env.date.slice(0, 10)}, ${env.platform}, ${env.database} PostgreSQL (shared_buffers ${env.sharedBuffers}), Prisma pool ${CFG.poolMax}`,
    "",
    table(lines),
    "",
    ...notes,
    "",
  ];
  process.stdout.write(out.join("\n") + "\n");
}

await main();
