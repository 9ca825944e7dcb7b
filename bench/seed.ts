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

/** Shape of the engagement-history scenario's data. */
export interface EngagementHistory {
  /** Workspaces bws_0…; bws_0 is the big one. Each has `accountsPerWorkspace` accounts. */
  workspaces: number;
  accountsPerWorkspace: number;
  /** Published targets over `days`, oldest first in the heap (a table grows in time order). */
  published: number;
  /** Of those, in bws_0 (every (published ÷ big)-th row, so spread evenly through time). */
  big: number;
  days: number;
  /** Workspaces with a client seen a minute ago (every n-th, bws_0 included), and ones seen a day ago. */
  watchedEvery: number;
  seenYesterdayEvery: number;
}

/**
 * A long engagement history: per published target a Post, a PostTarget and 2–4 EngagementSnapshots
 * (at +1 h, +1 day, +1 week, and for a third of them a sweep refresh at +2 days, each only once it is
 * in the past), and for targets of the last 8 days idle-sweep refreshes with their completed tasks
 * every 6 h 5 min; 2 % failed targets without a platform post id; the scheduler's tasks (every
 * publish; for targets of the last 8 days also the fixed collections); and presence rows. Accounts come from seedAccounts (account a in workspace a % workspaces).
 */
export async function seedEngagementHistory(
  server: BenchServer,
  url: string,
  h: EngagementHistory,
  onProgress?: (msg: string) => void,
): Promise<void> {
  // Foreign-key checks are triggers that would double the load time; the rows are consistent by
  // construction, so a superuser loads with them off (session_replication_role = replica).
  const [{ rolsuper }] = await server.sql<{ rolsuper: boolean }>(url, `SELECT rolsuper FROM pg_roles WHERE rolname = current_user`);
  if (rolsuper) {
    const u = new URL(url);
    u.searchParams.set("options", "-c session_replication_role=replica -c maintenance_work_mem=256MB");
    url = u.toString();
  }
  // Secondary indexes are built once after the load, which is several times faster than keeping
  // them up to date row by row; primary keys stay (foreign keys refer to them).
  const secondary = await server.sql<{ indexdef: string; indexname: string }>(
    url,
    `SELECT indexname, indexdef FROM pg_indexes i
     WHERE schemaname = 'public' AND tablename = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [["Post", "PostTarget", "EngagementSnapshot", "AgentTask"]],
  );
  for (const d of secondary) await server.sql(url, `DROP INDEX "${d.indexname}"`);
  const W = h.workspaces;
  const every = Math.max(1, Math.round(h.published / h.big));
  // Row i of `total`: failed if i % 50 = 49 (2 %), else published; time ascends with i.
  const total = Math.ceil(h.published / 0.98);
  const rows = `
    SELECT i,
      'c' || substr(md5('t' || i), 1, 24) AS tid,
      'c' || substr(md5('p' || i), 1, 24) AS pid,
      CASE WHEN i % ${every} = 0 THEN 0 ELSE 1 + (i::bigint * 2654435761 % ${W - 1})::int END AS ws,
      i % ${h.accountsPerWorkspace} AS slot,
      i % 50 = 49 AS failed,
      ${NOW} - make_interval(secs => ${h.days} * 86400.0 * ($2::int - i) / $2::int) AS at
    FROM generate_series($1::int, LEAST($1::int + 99999, $2::int - 1)) i`;
  for (let from = 0; from < total; from += 100_000) {
    await server.sql(
      url,
      `WITH r AS (${rows})
       INSERT INTO "Post" (id, "workspaceId", text, status, "scheduledAt", "createdAt", "updatedAt")
       SELECT pid, 'bws_' || ws, 'Bench post ' || i || ': fresh sourdough out of the oven at 7, come early and say hello!',
              (CASE WHEN failed THEN 'failed' ELSE 'published' END)::"PostStatus", at, at - interval '1 day', at
       FROM r`,
      [from, total],
    );
    await server.sql(
      url,
      `WITH r AS (${rows})
       INSERT INTO "PostTarget" (id, "workspaceId", "postId", "accountId", platform, status, "platformPostId", url, error,
                                 "publishedAt", "createdAt", "updatedAt")
       SELECT tid, 'bws_' || ws, pid, 'bacc_' || (ws + ${W} * slot), (${PLATFORM_ARRAY})[1 + (ws + ${W} * slot) % ${PLATFORMS.length}],
              (CASE WHEN failed THEN 'failed' ELSE 'published' END)::"TargetStatus",
              CASE WHEN NOT failed THEN 'sim_' || substr(md5('x' || i), 1, 20) END,
              CASE WHEN NOT failed THEN 'https://example.invalid/bench/' || substr(md5('x' || i), 1, 20) END,
              CASE WHEN failed THEN 'Simulated platform error (HTTP 503).' END,
              CASE WHEN NOT failed THEN at END, at - interval '1 day', at
       FROM r`,
      [from, total],
    );
    onProgress?.(`${Math.min(total, from + 100_000).toLocaleString("en-US")} / ${total.toLocaleString("en-US")} targets`);
  }
  // Snapshots in collection order, as they would have been written.
  const offsets = `ARRAY[interval '1 hour', interval '1 day', interval '7 days', interval '2 days']`;
  await server.sql(
    url,
    `INSERT INTO "EngagementSnapshot" (id, "workspaceId", "postTargetId", likes, reposts, replies, impressions, simulated, "collectedAt")
     SELECT 'c' || substr(md5('s' || t.id || ':' || k), 1, 24), t."workspaceId", t.id,
            (5 + h % 40) * k, (h / 40 % 8) * k, (h / 320 % 5) * k, (200 + h % 900) * k, true,
            t."publishedAt" + (${offsets})[k]
     FROM (SELECT id, "workspaceId", "publishedAt", ('x' || substr(md5(id), 1, 7))::bit(28)::int AS h
           FROM "PostTarget" WHERE status = 'published') t
     CROSS JOIN LATERAL generate_series(1, 2 + t.h % 3) k
     WHERE t."publishedAt" + (${offsets})[k] <= ${NOW}
     ORDER BY t."publishedAt" + (${offsets})[k]`,
  );
  // Recent targets are also refreshed by the idle sweep, every 6 h 5 min here: the last refresh's
  // age is then spread evenly up to a little past the 6 h interval, so each call finds about as
  // many stale targets as one 5-minute step makes stale, as in a steady state.
  const refresh = `interval '6 hours 5 minutes'`;
  const refreshes = `
    SELECT t.id, t."workspaceId", t."accountId", t.platform, t."publishedAt" + ${refresh} * j AS at, j
    FROM "PostTarget" t
    CROSS JOIN LATERAL generate_series(1, floor(extract(epoch FROM ${NOW} - t."publishedAt") / extract(epoch FROM ${refresh}))::int) j
    WHERE t.status = 'published' AND t."publishedAt" > ${NOW} - interval '8 days'`;
  await server.sql(
    url,
    `INSERT INTO "EngagementSnapshot" (id, "workspaceId", "postTargetId", likes, reposts, replies, impressions, simulated, "collectedAt")
     SELECT 'c' || substr(md5('r' || r.id || ':' || j), 1, 24), r."workspaceId", r.id, 10 + j, j / 3, j / 5, 300 + 20 * j, true, r.at
     FROM (${refreshes}) r ORDER BY r.at`,
  );
  await server.sql(
    url,
    `INSERT INTO "AgentTask" (id, "workspaceId", type, platform, "accountId", "postTargetId", "scheduledAt", status, priority,
       "idempotencyKey", "executedAt", "createdAt", "updatedAt")
     SELECT 'c' || substr(md5('q' || r.id || ':' || j), 1, 24), r."workspaceId", 'collect_engagement', r.platform, r."accountId", r.id,
            r.at, 'completed', -1, 'engagement:' || r.id || ':sweep:r' || j, r.at, r.at, r.at
     FROM (${refreshes}) r ORDER BY r.at`,
  );
  // Each target's latest numbers, as recordSnapshot keeps them (the migration's backfill).
  await server.sql(
    url,
    `UPDATE "PostTarget" pt
     SET likes = s.likes, reposts = s.reposts, replies = s.replies, impressions = s.impressions,
         "engagementAt" = s."collectedAt", "engagementSimulated" = s.simulated
     FROM (SELECT DISTINCT ON ("postTargetId") "postTargetId", likes, reposts, replies, impressions, simulated, "collectedAt"
           FROM "EngagementSnapshot" ORDER BY "postTargetId", "collectedAt" DESC) s
     WHERE s."postTargetId" = pt.id`,
  );
  onProgress?.(`snapshots`);
  // The scheduler's own rows: every target's publish, and for those of the last 8 days the fixed
  // collections (+1 h, +1 day done; +1 week pending until it is due). Older collections are left
  // out to keep the load short; the sweep only looks at tasks of recent targets.
  await server.sql(
    url,
    `INSERT INTO "AgentTask" (id, "workspaceId", type, platform, "accountId", "postTargetId", "scheduledAt", status,
       "idempotencyKey", "executedAt", "createdAt", "updatedAt")
     SELECT 'c' || substr(md5('a' || t.id || ':' || k), 1, 24), t."workspaceId",
            (CASE WHEN k = 0 THEN 'social_post' ELSE 'collect_engagement' END)::"TaskType", t.platform, t."accountId", t.id,
            t."publishedAt" + d,
            (CASE WHEN t."publishedAt" + d <= ${NOW} THEN 'completed' ELSE 'pending' END)::"TaskStatus",
            CASE WHEN k = 0 THEN 'post:' || t.id ELSE 'engagement:' || t.id || ':' || k END,
            CASE WHEN t."publishedAt" + d <= ${NOW} THEN t."publishedAt" + d + interval '2 seconds' END,
            t."publishedAt" - interval '1 day', LEAST(t."publishedAt" + d, ${NOW})
     FROM "PostTarget" t
     CROSS JOIN LATERAL (VALUES (0, interval '0'), (1, interval '1 hour'), (2, interval '1 day'), (3, interval '7 days')) v(k, d)
     WHERE t.status = 'published' AND (k = 0 OR t."publishedAt" > ${NOW} - interval '8 days')
     ORDER BY t."publishedAt" + d`,
  );
  onProgress?.(`tasks`);
  for (const d of secondary) await server.sql(url, d.indexdef);
  onProgress?.(`${secondary.length} indexes`);
  await server.sql(
    url,
    `INSERT INTO "Presence" ("workspaceId", "userId", "lastSeenAt")
     SELECT 'bws_' || w, 'buser_' || w,
            CASE WHEN w % $2::int = 0 THEN ${NOW} - interval '1 minute' ELSE ${NOW} - interval '1 day' END
     FROM generate_series(0, $1::int - 1) w
     WHERE w % $2::int = 0 OR w % $3::int = 1`,
    [W, h.watchedEvery, h.seenYesterdayEvery],
  );
}
