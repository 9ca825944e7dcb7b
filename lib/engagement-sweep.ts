// Presence-throttled engagement refresh (the seed's "Heartbeat-gesteuerte Drosselung des
// Collectors"): once per process call, recent published targets whose numbers are stale get a
// collect_engagement task — often while someone has the workspace open, rarely when nobody does.
// One set-based statement, so the cost does not grow with a loop over targets.
import type { Db } from "./db";
import type { Env } from "./env";
import type { BeforeClaim } from "./scheduler/process";
import { SETTING_BOUNDS } from "./validation/settings";

/** Only posts published this recently are refreshed (the last fixed collection is at +1 week). */
export const ENGAGEMENT_SWEEP_WINDOW_MS = 7 * 24 * 3_600_000;
/** At most this many collections queued per call, so a huge backlog cannot swamp a run. */
export const ENGAGEMENT_SWEEP_CAP = 100;
/** Upper bound on the sweep's one statement; the rest of the call belongs to publishing. */
export const ENGAGEMENT_SWEEP_TIMEOUT_MS = 5_000;
/**
 * Cron calls drift by seconds and a snapshot is stored a moment after its call starts: without
 * this slack a 5-minute interval on a 5-minute cron would refresh only every other call.
 */
const CRON_SLACK_MS = 30_000;
/** Below publishes due at the same moment: fresh numbers can wait, a post cannot. */
const SWEEP_PRIORITY = -1;

export interface EngagementSweepSettings {
  /** Minimum age of a target's numbers before a refresh while the workspace has an active client. */
  activeMinMs: number;
  /** The same when nobody has had it open within idleThresholdMs. */
  idleMinMs: number;
  /** Presence (POST /api/heartbeat) newer than this counts as an active client. */
  idleThresholdMs: number;
}

export interface EngagementSweepOptions extends EngagementSweepSettings {
  now: Date;
  /** Only this workspace (tests, manual runs); all workspaces when absent. */
  workspaceId?: string;
  /** Defaults to ENGAGEMENT_SWEEP_CAP. */
  limit?: number;
  /** Statement timeout; defaults to ENGAGEMENT_SWEEP_TIMEOUT_MS. */
  timeoutMs?: number;
}

export interface EngagementSweepResult {
  /** Collections queued, in total and for targets of workspaces someone is watching. */
  queued: number;
  active: number;
  /** Another invocation was sweeping at the same moment, so this one left it to it. */
  busy: boolean;
}

export function sweepSettingsFromEnv(e: Env): EngagementSweepSettings {
  return {
    activeMinMs: e.ENGAGEMENT_ACTIVE_MIN_MS,
    idleMinMs: e.ENGAGEMENT_IDLE_MIN_MS,
    idleThresholdMs: e.CLIENT_IDLE_THRESHOLD_MS,
  };
}

/** The sweep as a process call's first step (lib/agent-scheduler.ts hands it to the scheduler). */
export function engagementSweep(settings: EngagementSweepSettings): BeforeClaim {
  return ({ prisma, now, workspaceId, timeoutMs }) =>
    sweepEngagement(prisma, { ...settings, now, workspaceId, timeoutMs: Math.min(ENGAGEMENT_SWEEP_TIMEOUT_MS, timeoutMs) });
}

/**
 * Queues collect_engagement tasks, due now, for published targets (simulated accounts included)
 * of the last ENGAGEMENT_SWEEP_WINDOW_MS whose latest snapshot — or publish time, without one —
 * is at least activeMinMs old (workspace watched) or idleMinMs old (nobody watching).
 *
 * Skipped: targets with a collection running or pending within the interval (the fixed +1 h /
 * +1 day collections count once they are that close; the +1 week one days ahead does not), or a
 * pending retry; targets whose collection failed within the idle interval (a deleted post must not
 * be asked about every five minutes); accounts that are not active (they need reconnecting first).
 *
 * Idempotent: the key is the target plus the time bucket of its interval, so overlapping calls
 * collide on AgentTask's unique (workspaceId, idempotencyKey); a transaction-scoped advisory lock
 * lets only one invocation sweep at a time, so even calls straddling a bucket edge cannot both queue.
 */
export async function sweepEngagement(prisma: Db, opts: EngagementSweepOptions): Promise<EngagementSweepResult> {
  const limit = opts.limit ?? ENGAGEMENT_SWEEP_CAP;
  const timeoutMs = Math.max(1, Math.floor(opts.timeoutMs ?? ENGAGEMENT_SWEEP_TIMEOUT_MS));
  if (limit <= 0) return { queued: 0, active: 0, busy: false };
  const now = opts.now;
  const t = now.getTime();
  const ws = opts.workspaceId ?? null;
  const since = new Date(t - ENGAGEMENT_SWEEP_WINDOW_MS);
  // Presence older than the longest idle threshold a workspace may set counts for none (an index range).
  const seenFloor = new Date(t - Math.max(opts.idleThresholdMs, SETTING_BOUNDS.clientIdleThresholdMs.max));
  const lockKey = `herald:engagement-sweep:${ws ?? "*"}`;

  const [, rows] = await prisma.$transaction([
    // Local to this transaction, so a pooled connection (pgbouncer) keeps its own setting.
    prisma.$queryRaw`SELECT set_config('statement_timeout', ${String(timeoutMs)}, true)`,
    prisma.$queryRaw<{ locked: boolean; queued: bigint; active: bigint }[]>`
      WITH lock AS MATERIALIZED (
        SELECT pg_try_advisory_xact_lock(hashtextextended(${lockKey}, 0)) AS locked
      ), watched AS MATERIALIZED (
        -- Each workspace's own idle threshold and intervals, where it set them (docs/decisions.md,
        -- "Workspace settings"), else the deployment's.
        SELECT DISTINCT p."workspaceId" FROM "Presence" p
        LEFT JOIN "WorkspaceSettings" ws ON ws."workspaceId" = p."workspaceId"
        WHERE p."lastSeenAt" > ${seenFloor}::timestamp
          AND p."lastSeenAt" > ${now}::timestamp - COALESCE(ws."clientIdleThresholdMs", ${opts.idleThresholdMs}) * interval '1 millisecond'
          AND (${ws}::text IS NULL OR p."workspaceId" = ${ws}::text)
      ), recent AS (
        SELECT pt.id, pt."workspaceId", pt."accountId", pt.platform, (w."workspaceId" IS NOT NULL) AS active,
               COALESCE(
                 (SELECT max(s."collectedAt") FROM "EngagementSnapshot" s WHERE s."postTargetId" = pt.id),
                 pt."publishedAt"
               ) AS fresh,
               COALESCE(ws."engagementIdleMs", ${opts.idleMinMs})::bigint AS idle_ms,
               CASE WHEN w."workspaceId" IS NOT NULL THEN COALESCE(ws."engagementActiveMs", ${opts.activeMinMs})
                    ELSE COALESCE(ws."engagementIdleMs", ${opts.idleMinMs}) END::bigint AS ms
        FROM "PostTarget" pt
        JOIN "SocialAccount" a ON a.id = pt."accountId" AND a.status = 'active'
        LEFT JOIN watched w ON w."workspaceId" = pt."workspaceId"
        LEFT JOIN "WorkspaceSettings" ws ON ws."workspaceId" = pt."workspaceId"
        WHERE pt.status = 'published'
          AND pt."platformPostId" IS NOT NULL
          AND pt."publishedAt" > ${since}::timestamp
          AND (${ws}::text IS NULL OR pt."workspaceId" = ${ws}::text)
          AND (SELECT locked FROM lock)
      ), stale AS (
        SELECT r.* FROM recent r
        -- Older than the interval, less a little slack for cron drift (CRON_SLACK_MS).
        WHERE r.fresh <= ${now}::timestamp - (r.ms - LEAST(${CRON_SLACK_MS}, r.ms / 10)) * interval '1 millisecond'
          AND NOT EXISTS (
            SELECT 1 FROM "AgentTask" x
            WHERE x."postTargetId" = r.id AND x.type = 'collect_engagement'
              AND (
                x.status = 'running'
                OR (x.status = 'pending' AND (x."retryCount" > 0
                    OR x."scheduledAt" <= ${now}::timestamp + r.ms * interval '1 millisecond'))
                OR (x.status IN ('failed', 'needs_review')
                    AND x."updatedAt" > ${now}::timestamp - (r.idle_ms - LEAST(${CRON_SLACK_MS}, r.idle_ms / 10)) * interval '1 millisecond')
              )
          )
        -- Watched workspaces first, then the stalest numbers.
        ORDER BY r.active DESC, r.fresh
        LIMIT ${limit}
      ), ins AS (
        INSERT INTO "AgentTask" (id, "workspaceId", type, platform, "accountId", "postTargetId", "scheduledAt",
                                 priority, "idempotencyKey", "createdAt", "updatedAt")
        SELECT gen_random_uuid()::text, s."workspaceId", 'collect_engagement', s.platform, s."accountId", s.id,
               ${now}::timestamp, ${SWEEP_PRIORITY},
               'engagement:' || s.id || ':sweep:' || CASE WHEN s.active THEN 'a' ELSE 'i' END || (${t}::bigint / s.ms)::text,
               ${now}::timestamp, ${now}::timestamp
        FROM stale s
        ON CONFLICT ("workspaceId", "idempotencyKey") DO NOTHING
        RETURNING "postTargetId"
      )
      SELECT (SELECT locked FROM lock) AS locked,
             count(*) AS queued,
             count(*) FILTER (WHERE ins."postTargetId" IN (SELECT id FROM stale WHERE active)) AS active
      FROM ins`,
  ]);
  const r = rows[0];
  return { queued: Number(r?.queued ?? 0), active: Number(r?.active ?? 0), busy: r ? !r.locked : false };
}
