// Scenario "inbox" (issue 15 item 7; docs/benchmarks.md, "Inbox"): 500 workspaces, 2,000 accounts
// with cursors, 100k stored InboxItem rows, a history of completed sweeps and some watched
// workspaces, all seeded set-based; then sweepInbox (lib/inbox/sweep.ts) and GET /api/inbox's
// listInbox (lib/inbox/queries.ts) timed call by call. Target: sweep p95 < 200 ms per call.
import { performance } from "node:perf_hooks";
import type { BenchServer } from "./db";
import { seedAccounts } from "./seed";
import { fmtInt, mean, percentile, round } from "./stats";

export interface InboxBenchConfig {
  workspaces: number;
  accountsPerWorkspace: number;
  items: number;
  sweepHistory: number;
  runs: number;
}

export interface Timing {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  n: number;
}

const NOW = `(now() AT TIME ZONE 'UTC')`;

async function time(n: number, warmup: number, call: () => Promise<unknown>, between?: () => Promise<void>): Promise<Timing> {
  const s: number[] = [];
  for (let i = -warmup; i < n; i++) {
    const t0 = performance.now();
    await call();
    if (i >= 0) s.push(performance.now() - t0);
    await between?.();
  }
  return { p50: round(percentile(s, 50), 2), p95: round(percentile(s, 95), 2), p99: round(percentile(s, 99), 2), mean: round(mean(s), 2), n };
}

export async function inboxBench(server: BenchServer, cfg: InboxBenchConfig, log: (m: string) => void) {
  // lib/* after the runner set LOG_LEVEL (the logger reads it at import).
  const { createPrisma } = await import("../lib/db");
  const { sweepInbox } = await import("../lib/inbox/sweep");
  const { listInbox } = await import("../lib/inbox/queries");
  const { ListInboxQuery } = await import("../lib/validation/inbox");
  const url = await server.freshDatabase("inbox");
  const accounts = cfg.workspaces * cfg.accountsPerWorkspace;
  const t0 = performance.now();
  await seedAccounts(server, url, { workspaces: cfg.workspaces, accounts, simulation: null });
  // Real accounts (credentials set), so the sweep considers every one of a network it reads.
  await server.sql(url, `UPDATE "SocialAccount" SET credentials = 'bench-credentials'`);
  // Cursors: last swept 0–120 minutes ago, so part of the accounts is due on every call.
  await server.sql(
    url,
    `INSERT INTO "InboxCursor" ("accountId", "workspaceId", cursor, "lastSweptAt", "updatedAt")
     SELECT a.id, a."workspaceId", 'c' || a.id, ${NOW} - (hashtext(a.id) & 127) * interval '1 minute', ${NOW} FROM "SocialAccount" a`,
  );
  // One workspace in ten has someone watching.
  await server.sql(
    url,
    `INSERT INTO "Presence" ("workspaceId", "userId", "lastSeenAt") SELECT 'bws_' || w, 'user_' || w, ${NOW} FROM generate_series(0, $1::int - 1, 10) w`,
    [cfg.workspaces],
  );
  await server.sql(
    url,
    `INSERT INTO "InboxItem" (id, "workspaceId", "accountId", platform, kind, "remoteId", "authorHandle", text, "remoteCreatedAt", "collectedAt",
                              status, sentiment, intent, "classifiedBy", "answeredAt", "createdAt", "updatedAt")
     SELECT 'bitem_' || i, a."workspaceId", a.id, a.platform, (CASE WHEN (i / $2::int) % 4 = 1 THEN 'mention' ELSE 'reply' END)::"InboxKind", 'r' || i,
            'fan' || (i % 997), 'Bench reply number ' || i, ${NOW} - ((i / $2::int) * 97 % 43200) * interval '1 minute', ${NOW},
            -- Mixed by the item's rank within its account (i / accounts), not by i, which fixes the account.
            (CASE WHEN (i / $2::int) % 5 = 0 THEN 'done' WHEN (i / $2::int) % 17 = 0 THEN 'hidden' ELSE 'open' END)::"InboxStatus",
            (ARRAY['positive','neutral','negative'])[1 + (i / $2::int) % 3], 'other', 'rules', CASE WHEN (i / $2::int) % 4 = 0 THEN ${NOW} END, ${NOW}, ${NOW}
     FROM generate_series(0, $1::int - 1) i
     JOIN "SocialAccount" a ON a.id = 'bacc_' || (i % $2::int)`,
    [cfg.items, accounts],
  );
  // Finished sweeps: the NOT EXISTS on pending/running sweeps must not scan them.
  await server.sql(
    url,
    `INSERT INTO "AgentTask" (id, "workspaceId", type, platform, "accountId", "scheduledAt", status, "idempotencyKey", "createdAt", "updatedAt")
     SELECT 'bsweep_' || i, a."workspaceId", 'inbox_sweep', a.platform, a.id, ${NOW} - (i / $2::int) * interval '1 hour', 'completed',
            'inbox:' || a.id || ':h' || i, ${NOW}, ${NOW}
     FROM generate_series(0, $1::int - 1) i
     JOIN "SocialAccount" a ON a.id = 'bacc_' || (i % $2::int)`,
    [cfg.sweepHistory, accounts],
  );
  await server.sql(url, `VACUUM ANALYZE`);
  const loadS = round((performance.now() - t0) / 1000, 1);
  log(`inbox: seeded ${fmtInt(cfg.items)} items, ${fmtInt(accounts)} accounts, ${fmtInt(cfg.sweepHistory)} finished sweeps in ${loadS} s`);

  const prisma = createPrisma(url, 2);
  const now = new Date();
  const queued: number[] = [];
  // Queued sweep tasks are removed after each call (untimed), so each call does the whole work again.
  const unqueue = async () => {
    await server.sql(url, `DELETE FROM "AgentTask" WHERE type = 'inbox_sweep' AND status = 'pending'`);
  };
  try {
    log(`inbox: sweepInbox × ${cfg.runs}`);
    const sweep = await time(cfg.runs, 5, async () => queued.push((await sweepInbox(prisma, { now, idleThresholdMs: 5 * 60_000 })).queued), unqueue);
    const list = (q: Record<string, string>) => () => listInbox(prisma, "bws_0", { userId: null }, ListInboxQuery.parse(q));
    log(`inbox: listInbox × ${cfg.runs} per case`);
    const listOpen = await time(cfg.runs, 5, list({}));
    const listFiltered = await time(cfg.runs, 5, list({ unanswered: "true", sentiment: "negative", network: "bluesky" }));
    const listAll = await time(cfg.runs, 5, list({ status: "all", limit: "100" }));
    const page1 = await listInbox(prisma, "bws_0", { userId: null }, ListInboxQuery.parse({}));
    const listPage2 = await time(cfg.runs, 5, list({ cursor: page1.nextCursor ?? "" }));
    return {
      loadSeconds: loadS,
      config: cfg,
      queuedPerCall: { min: Math.min(...queued), max: Math.max(...queued) },
      timing: { sweep, listOpen, listFiltered, listAll, listPage2 },
    };
  } finally {
    await prisma.$disconnect();
  }
}
