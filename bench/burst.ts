// Scenario 7 of `npm run bench`: a burst — many posts due in the same minute over many accounts at
// a real platform's latency — driven by cron calls against the real process route, with its
// on-time claims and fan-out (docs/design.md, "On time", "Fan-out"; docs/benchmarks.md §7).
//
// The route handler runs in this process behind a local HTTP server, which stands for the
// deployment: the cron driver and the route's own fan-out calls both reach it over HTTP. All
// invocations therefore share this process's CPU and one connection pool, where Vercel would give
// each its own; on two cores that makes the figures a floor, not a ceiling.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { transactions, type BenchServer } from "./db";
import { seedAccounts } from "./seed";
import { percentile, round } from "./stats";

export interface BurstConfig {
  posts: number;
  accounts: number;
  workspaces: number;
  latencyMs: number;
  /** Seconds between cron calls: 60 (per-minute cron) or 300 (Vercel's 5-minute cron). */
  cronEveryS: number;
  /** How long before the burst's minute the first cron call comes. */
  leadS: number;
  concurrency: number;
  fanOutMax: number;
}

export interface BurstResult {
  config: BurstConfig;
  published: number;
  lagMs: { p50: number; p95: number; p99: number; max: number };
  cronCalls: number;
  fanOutCalls: number;
  maxConcurrentInvocations: number;
  statementsPerTask: number;
  schedulerStatementsPerTask: number;
  wallS: number;
  exactlyOnce: { ok: boolean; posts: number; redelivered: number; notCompleted: number };
}

/**
 * Runs one burst on `url` (a freshly migrated database) and measures it. `route` is the process
 * route's POST handler; the caller has pointed DATABASE_URL at `url` and set CRON_SECRET.
 */
export async function runBurst(
  server: BenchServer,
  url: string,
  cfg: BurstConfig,
  route: (req: Request) => Promise<Response>,
  log: (msg: string) => void,
): Promise<BurstResult> {
  const secret = process.env.CRON_SECRET!;
  let inFlight = 0;
  let maxInFlight = 0;
  let fanOutCalls = 0;
  const http_ = http.createServer(async (incoming, outgoing) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const target = new URL(`http://localhost${incoming.url}`);
    if (target.searchParams.get("fanout") === "0") fanOutCalls++;
    try {
      const res = await route(new Request(target, { method: "POST", headers: incoming.headers as Record<string, string> }));
      outgoing.writeHead(res.status, { "content-type": "application/json" }).end(await res.text());
    } finally {
      inFlight--;
    }
  });
  // Hundreds of calls may be in flight: no per-request timeout on this stand-in.
  http_.requestTimeout = 0;
  await new Promise<void>((resolve) => http_.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(http_.address() as AddressInfo).port}/api/agent/process`;
  process.env.SCHEDULER_FANOUT_URL = base;

  try {
    await seedAccounts(server, url, { workspaces: cfg.workspaces, accounts: cfg.accounts, simulation: { failRate: 0, failureClass: "transient", latencyMs: cfg.latencyMs } });
    // The burst's minute starts leadS after the first cron call; posts spread evenly over it.
    const startAt = Date.now() + 5_000;
    const minute = startAt + cfg.leadS * 1000;
    await server.sql(
      url,
      `INSERT INTO "AgentTask" (id, "workspaceId", type, platform, "accountId", "scheduledAt", status, content, "idempotencyKey", "createdAt", "updatedAt")
       SELECT 'burst_' || i, a."workspaceId", 'social_post', a.platform, a.id,
              to_timestamp(($3::bigint + (60000.0 * i / $1::int)) / 1000.0) AT TIME ZONE 'UTC', 'pending',
              'Burst post ' || i || ': two-for-one pretzels until noon!', 'burst-' || i, now(), now()
       FROM generate_series(0, $1::int - 1) i
       JOIN "SocialAccount" a ON a.id = 'bacc_' || (i % $2::int)`,
      [cfg.posts, cfg.accounts, minute],
    );
    await server.sql(url, `ANALYZE`);
    log(`burst: ${cfg.posts} posts over ${cfg.accounts} accounts due in one minute, cron every ${cfg.cronEveryS} s`);

    const xactBefore = await transactions(server, url);
    const calls: Promise<unknown>[] = [];
    let cronCalls = 0;
    const t0 = performance.now();
    await sleep(Math.max(0, startAt - Date.now()));
    // The cron: one call now (leadS before the minute), then every cronEveryS, until all are out.
    let polls = 0; // this driver's own statements, left out of the per-task count
    const left = async () => {
      polls++;
      const [r] = await server.sql<{ n: string }>(url, `SELECT count(*) AS n FROM "AgentTask" WHERE type = 'social_post' AND status <> 'completed'`);
      return Number(r.n);
    };
    const deadline = Date.now() + (cfg.leadS + 60 + 600) * 1000;
    for (;;) {
      cronCalls++;
      calls.push(fetch(base, { method: "POST", headers: { authorization: `Bearer ${secret}` }, signal: AbortSignal.timeout(400_000) }).then((r) => r.text()));
      const nextTick = Date.now() + cfg.cronEveryS * 1000;
      while (Date.now() < nextTick && (await left()) > 0) await sleep(1_000);
      if ((await left()) === 0 || Date.now() > deadline) break;
    }
    await Promise.allSettled(calls);
    const wallS = (performance.now() - t0) / 1000;
    const xacts = (await transactions(server, url)) - xactBefore - polls;

    const lags = await server.sql<{ ms: number }>(
      url,
      `SELECT extract(epoch FROM s."createdAt" - t."scheduledAt") * 1000 AS ms
       FROM "AgentTask" t JOIN "SimulatedPost" s ON s."accountId" = t."accountId" AND s."idempotencyKey" = t."idempotencyKey"
       WHERE t.type = 'social_post'`,
    );
    const ms = lags.map((r) => Number(r.ms));
    const [eo] = await server.sql<{ posts: string; redelivered: string; not_completed: string; deliveries: string }>(
      url,
      `SELECT (SELECT count(*) FROM "SimulatedPost") AS posts,
              (SELECT count(*) FROM "SimulatedPost" WHERE deliveries > 1) AS redelivered,
              (SELECT coalesce(sum(deliveries), 0) FROM "SimulatedPost") AS deliveries,
              (SELECT count(*) FROM "AgentTask" WHERE type = 'social_post' AND status <> 'completed') AS not_completed`,
    );
    const posts = Number(eo.posts);
    return {
      config: cfg,
      published: ms.length,
      lagMs: { p50: round(percentile(ms, 50), 0), p95: round(percentile(ms, 95), 0), p99: round(percentile(ms, 99), 0), max: round(Math.max(...ms), 0) },
      cronCalls,
      fanOutCalls,
      maxConcurrentInvocations: maxInFlight,
      statementsPerTask: round(xacts / Math.max(1, posts), 2),
      schedulerStatementsPerTask: round((xacts - Number(eo.deliveries)) / Math.max(1, posts), 2),
      wallS: round(wallS, 1),
      exactlyOnce: {
        ok: posts === cfg.posts && Number(eo.redelivered) === 0 && Number(eo.not_completed) === 0,
        posts,
        redelivered: Number(eo.redelivered),
        notCompleted: Number(eo.not_completed),
      },
    };
  } finally {
    await new Promise((resolve) => http_.close(resolve));
  }
}
