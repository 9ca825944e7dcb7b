// Bulk loaders: plain INSERT … SELECT generate_series, so a million rows take seconds, not the
// minutes Prisma's createMany would. Timestamps are UTC wall-clock values, as Prisma writes them
// into these `timestamp(3)` columns.
import type { BenchServer } from "./db";

/**
 * Platforms of the bench accounts, round-robin. Only platforms whose posting limit (lib/scheduler/
 * pace.ts) the runs stay well under, or that have none: a 60 s run posts about 130 times per
 * account, and X's 100 per 15 min would turn the rest into deferrals, measuring pacing instead.
 */
export const PLATFORMS = ["bluesky", "mastodon", "linkedin", "facebook"] as const;
const PLATFORM_ARRAY = `ARRAY[${PLATFORMS.map((p) => `'${p}'`).join(",")}]::"Platform"[]`;
const NOW = `(now() AT TIME ZONE 'UTC')`;

export interface Simulation {
  failRate: number;
  failureClass: "transient";
  latencyMs: number;
}

/** Workspaces `bws_0…` and simulated accounts `bacc_0…`; account a belongs to workspace a % W. */
export async function seedAccounts(
  server: BenchServer,
  url: string,
  opts: { workspaces: number; accounts: number; simulation: Simulation | null },
): Promise<void> {
  await server.sql(
    url,
    `INSERT INTO "Workspace" (id, name, "timeZone", "updatedAt")
     SELECT 'bws_' || w, 'Bench workspace ' || w, 'Europe/Berlin', ${NOW}
     FROM generate_series(0, $1::int - 1) w`,
    [opts.workspaces],
  );
  await server.sql(
    url,
    `INSERT INTO "SocialAccount" (id, "workspaceId", platform, handle, simulation, "updatedAt")
     SELECT 'bacc_' || a, 'bws_' || (a % $2::int), (${PLATFORM_ARRAY})[1 + a % ${PLATFORMS.length}],
            'bench-' || a, $3::jsonb, ${NOW}
     FROM generate_series(0, $1::int - 1) a`,
    [opts.accounts, opts.workspaces, opts.simulation === null ? null : JSON.stringify(opts.simulation)],
  );
}

/** How the rows of the claim-latency table are split by status. */
export interface TaskMix {
  duePending: number;
  futurePending: number;
  running: number;
  needsReview: number;
  failed: number;
  cancelled: number;
  completed: number;
}

/**
 * A realistic mix for a table of `rows` tasks: mostly finished history, 10% pending of which
 * 60% are due — or more due rows if the claims to be measured need them.
 */
export function taskMix(rows: number, dueNeeded: number): TaskMix {
  const share = (f: number) => Math.floor(rows * f);
  const duePending = Math.min(Math.max(share(0.06), dueNeeded), Math.floor(rows * 0.9));
  const futurePending = share(0.04);
  const running = share(0.002);
  const needsReview = share(0.001);
  const failed = share(0.015);
  const cancelled = share(0.02);
  const completed = Math.max(0, rows - duePending - futurePending - running - needsReview - failed - cancelled);
  return { duePending, futurePending, running, needsReview, failed, cancelled, completed };
}

/**
 * Inserts `rows` AgentTask rows with the given status mix, interleaved through the heap as in a
 * real table: row i gets slot (i × 1000003) mod rows, a permutation, and the slot picks its status.
 * Ids are md5-based like cuids (random order in the primary key). Accounts round-robin.
 */
export async function seedTaskHistory(
  server: BenchServer,
  url: string,
  opts: { rows: number; mix: TaskMix; accounts: number; workspaces: number; chunk?: number; onProgress?: (done: number) => void },
): Promise<void> {
  const { rows, mix } = opts;
  const b1 = mix.duePending;
  const b2 = b1 + mix.futurePending;
  const b3 = b2 + mix.running;
  const b4 = b3 + mix.needsReview;
  const b5 = b4 + mix.failed;
  const b6 = b5 + mix.cancelled;
  const chunk = opts.chunk ?? 250_000;
  for (let from = 0; from < rows; from += chunk) {
    const to = Math.min(rows, from + chunk) - 1;
    await server.sql(
      url,
      `WITH s AS (
         SELECT i, (i::bigint * 1000003 % $3::bigint)::int AS slot, i % $4::int AS acct
         FROM generate_series($1::int, $2::int) i
       ), k AS (
         SELECT i, slot, acct,
           CASE WHEN slot < ${b1} THEN 'due'
                WHEN slot < ${b2} THEN 'future'
                WHEN slot < ${b3} THEN 'running'
                WHEN slot < ${b4} THEN 'needs_review'
                WHEN slot < ${b5} THEN 'failed'
                WHEN slot < ${b6} THEN 'cancelled'
                ELSE 'completed' END AS kind
         FROM s
       ), r AS (
         SELECT k.*,
           CASE kind
             WHEN 'due' THEN ${NOW} - make_interval(secs => 3600.0 * slot / GREATEST(${b1}, 1))
             WHEN 'future' THEN ${NOW} + make_interval(secs => 60 + 30 * 86400.0 * (slot - ${b1}) / GREATEST(${mix.futurePending}, 1))
             WHEN 'running' THEN ${NOW} - interval '30 seconds'
             ELSE ${NOW} - interval '1 hour' - make_interval(secs => 365 * 86400.0 * (slot - ${b3}) / GREATEST($3::int - ${b3}, 1))
           END AS at,
           CASE WHEN i % 100 < 85 THEN 'social_post' WHEN i % 100 < 97 THEN 'collect_engagement' ELSE 'refresh_token' END AS ttype
         FROM k
       )
       INSERT INTO "AgentTask" (id, "workspaceId", type, platform, "accountId", "scheduledAt", status, priority,
         content, config, "retryCount", "lastError", "lastErrorCode", result, "executedAt", "idempotencyKey",
         "lockedBy", "leaseExpiresAt", "processingStartedAt", "executionTimeMs", "createdAt", "updatedAt")
       SELECT
         'c' || substr(md5(i::text), 1, 24),
         'bws_' || (acct % $5::int),
         ttype::"TaskType",
         (${PLATFORM_ARRAY})[1 + acct % ${PLATFORMS.length}],
         'bacc_' || acct,
         at,
         (CASE WHEN kind IN ('due', 'future') THEN 'pending' ELSE kind END)::"TaskStatus",
         CASE WHEN i % 50 = 0 THEN 1 ELSE 0 END,
         'Bench post ' || i || ': fresh sourdough out of the oven at 7, come early and say hello!',
         '{}'::jsonb,
         CASE WHEN kind = 'failed' THEN 3 ELSE 0 END,
         CASE WHEN kind = 'failed' THEN 'Simulated platform error (HTTP 503).' END,
         CASE WHEN kind = 'failed' THEN 'simulated_server_error' END,
         CASE WHEN kind = 'completed' AND ttype = 'social_post' THEN jsonb_build_object(
           'platformPostId', 'sim_' || substr(md5('p' || i), 1, 20),
           'url', 'https://example.invalid/bench-' || acct || '/' || substr(md5('p' || i), 1, 20),
           'simulated', true) END,
         CASE WHEN kind IN ('completed', 'failed') THEN at + interval '2 seconds' END,
         'bench-' || i,
         CASE WHEN kind = 'running' THEN 'inv_bench_other' END,
         CASE WHEN kind = 'running' THEN ${NOW} + interval '5 minutes' END,
         CASE WHEN kind = 'running' THEN at END,
         CASE WHEN kind = 'completed' THEN 150 + i % 700 END,
         at - interval '1 day',
         ${NOW}
       FROM r`,
      [from, to, rows, opts.accounts, opts.workspaces],
    );
    opts.onProgress?.(to + 1);
  }
}

/**
 * `n` due social_post tasks in workspace bws_0, round-robin over its accounts (so a claimed batch
 * spreads over many accounts, as a real due set does), due over the last hour, oldest first.
 */
export async function seedDueTasks(server: BenchServer, url: string, opts: { n: number; accounts: number }): Promise<void> {
  await server.sql(
    url,
    `INSERT INTO "AgentTask" (id, "workspaceId", type, platform, "accountId", "scheduledAt", status, content,
       "idempotencyKey", "createdAt", "updatedAt")
     SELECT 'c' || substr(md5('due' || i), 1, 24), 'bws_0', 'social_post',
            (${PLATFORM_ARRAY})[1 + (i % $2::int) % ${PLATFORMS.length}],
            'bacc_' || (i % $2::int),
            ${NOW} - interval '1 minute' - make_interval(secs => 3600.0 * ($1::int - i) / $1::int),
            'pending',
            'Bench post ' || i || ': fresh sourdough out of the oven at 7, come early and say hello!',
            'due-' || i, ${NOW} - interval '1 day', ${NOW}
     FROM generate_series(0, $1::int - 1) i`,
    [opts.n, opts.accounts],
  );
}
