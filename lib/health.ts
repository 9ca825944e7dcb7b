// Health (docs/design.md, "Health"): "down" when the database is unreachable or migrations are
// pending; "degraded" when no cron process call has succeeded for two cron intervals or tasks wait
// longer than HEALTH_OVERDUE_MS after they could have been claimed; otherwise "ok". Each verdict
// but "ok" comes with reasons a person can act on.
import { db } from "./db";
import { pendingMigrations } from "./db/migrate";
import { clock } from "./clock";
import { env, type Env } from "./env";
import { HELD_BY_PAUSE } from "./scheduler/sql/claim";
import { CRON_HEARTBEAT } from "./scheduler/sql/record-call";

export type HealthStatus = "ok" | "degraded" | "down";

/** How the cron's process calls ended (lib/scheduler/sql/record-call.ts); null before the first. */
export interface Heartbeat {
  firstAttemptAt: Date;
  lastAttemptAt: Date;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  lastError: string | null;
}

export interface HealthThresholds {
  cronIntervalMs: number;
  /** No successful process call for this long is degraded: two cron intervals. */
  staleAfterMs: number;
  /** A task waiting this long after it could have been claimed is overdue. */
  overdueAfterMs: number;
}

export function healthThresholds(e: Env = env()): HealthThresholds {
  const cronIntervalMs = e.SCHEDULER_CRON_INTERVAL_S * 1000;
  return {
    cronIntervalMs,
    staleAfterMs: 2 * cronIntervalMs,
    overdueAfterMs: e.HEALTH_OVERDUE_MS ?? Math.max(600_000, 2 * cronIntervalMs),
  };
}

/** "45 s", "12 min", "3 h 5 min", "4 days": whole units, rounded down. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} days`;
}

/**
 * The scheduler's verdict from what the database says: the reasons it is degraded, none when it
 * keeps up. A fresh install (no call recorded, nothing overdue) keeps up.
 */
export function schedulerReasons(s: {
  now: Date;
  heartbeat: Heartbeat | null;
  overdue: number;
  oldestOverdueAt: Date | null;
  thresholds: HealthThresholds;
}): string[] {
  const { now, heartbeat: hb, thresholds: t } = s;
  const reasons: string[] = [];
  const ago = (at: Date) => duration(now.getTime() - at.getTime());
  if (hb) {
    const since = hb.lastSuccessAt ?? hb.firstAttemptAt;
    if (now.getTime() - since.getTime() > t.staleAfterMs) {
      const failedLast = hb.lastFailureAt && (!hb.lastSuccessAt || hb.lastFailureAt > hb.lastSuccessAt);
      reasons.push(
        (hb.lastSuccessAt
          ? `No process call has succeeded for ${ago(hb.lastSuccessAt)}`
          : `No process call has succeeded since the first one ${ago(hb.firstAttemptAt)} ago`) +
          ` (cron interval ${duration(t.cronIntervalMs)})` +
          (failedLast && hb.lastFailureAt ? `; the last one, ${ago(hb.lastFailureAt)} ago, failed (${hb.lastError ?? "Error"})` : ""),
      );
    }
  }
  if (s.overdue > 0) {
    const n = s.overdue === 1 ? "1 task is" : `${s.overdue} tasks are`;
    const oldest = s.oldestOverdueAt && s.overdue > 1 ? ` (the oldest by ${ago(s.oldestOverdueAt)})` : "";
    reasons.push(`${n} overdue by more than ${duration(t.overdueAfterMs)}${oldest}`);
    if (!hb) reasons.push("No process call has been recorded yet: is the cron calling /api/agent/process?");
  }
  return reasons;
}

interface Counts {
  oldest: Date | null;
  due: bigint;
  heldByPause: bigint;
  expired: bigint;
  overdue: bigint;
  oldestOverdue: Date | null;
}

/**
 * Health of the whole installation, or with `workspaceId` of one workspace's tasks (the admin
 * page): the cron's record is shared, the task counts are the workspace's own.
 */
export async function health(opts: { now?: Date; workspaceId?: string } = {}) {
  const now = opts.now ?? clock.now();
  const ws = opts.workspaceId ?? null;
  try {
    const prisma = db();
    const thresholds = healthThresholds();
    const pending = await pendingMigrations((sql) => prisma.$queryRawUnsafe(sql));
    const cutoff = new Date(now.getTime() - thresholds.overdueAfterMs);
    // Overdue counts from when a task could first be claimed: its time, or its account's rate-limit
    // reset if later; a paused workspace's tasks wait on purpose (docs/decisions.md, "Emergency stop").
    const countsRead = prisma.$queryRaw<Counts[]>`
      WITH overdue AS (
        SELECT GREATEST(t."scheduledAt", a."rateLimitedUntil") AS since
        FROM "AgentTask" t
        LEFT JOIN "SocialAccount" a ON a.id = t."accountId"
        WHERE t.status = 'pending' AND t."scheduledAt" < ${cutoff}::timestamp
          AND NOT ${HELD_BY_PAUSE}
          AND (a."rateLimitedUntil" IS NULL OR a."rateLimitedUntil" < ${cutoff}::timestamp)
          AND (${ws}::text IS NULL OR t."workspaceId" = ${ws}::text)
      )
      , due AS MATERIALIZED (
        SELECT t."scheduledAt", ${HELD_BY_PAUSE} AS paused
        FROM "AgentTask" t
        WHERE t.status = 'pending' AND t."scheduledAt" <= ${now}::timestamp
          AND (${ws}::text IS NULL OR t."workspaceId" = ${ws}::text)
      )
      SELECT
        -- Lag and due leave out what the emergency stop holds, which waits on purpose; counted apart.
        (SELECT min("scheduledAt") FROM due WHERE NOT paused) AS oldest,
        (SELECT count(*) FROM due WHERE NOT paused) AS due,
        (SELECT count(*) FROM due WHERE paused) AS "heldByPause",
        (SELECT count(*) FROM "AgentTask" WHERE status = 'running' AND "leaseExpiresAt" < ${now}::timestamp
           AND (${ws}::text IS NULL OR "workspaceId" = ${ws}::text)) AS expired,
        (SELECT count(*) FROM overdue) AS overdue,
        (SELECT min(since) FROM overdue) AS "oldestOverdue"`;
    const heartbeatRead = prisma.schedulerHeartbeat.findUnique({ where: { id: CRON_HEARTBEAT } });
    // With migrations pending a read may name a column or table not there yet: then it counts as
    // empty, and the verdict is "down" with the pending migrations as the reason.
    const [[c], heartbeat] = await Promise.all(
      pending.length ? [countsRead.catch((): Counts[] => []), heartbeatRead.catch(() => null)] : [countsRead, heartbeatRead],
    );
    const overdue = Number(c?.overdue ?? 0);
    const reasons = pending.length ? [`Migrations are pending: ${pending.join(", ")}`] : [];
    reasons.push(...schedulerReasons({ now, heartbeat, overdue, oldestOverdueAt: c?.oldestOverdue ?? null, thresholds }));
    const status: HealthStatus = pending.length ? "down" : reasons.length ? "degraded" : "ok";
    return {
      ok: status !== "down",
      status,
      reasons,
      database: "ok" as const,
      migrations: { current: pending.length === 0, pending },
      scheduler: {
        lagMs: c?.oldest ? now.getTime() - new Date(c.oldest).getTime() : 0,
        due: Number(c?.due ?? 0),
        heldByPause: Number(c?.heldByPause ?? 0),
        expiredLeases: Number(c?.expired ?? 0),
        overdue,
        lastSuccessAt: heartbeat?.lastSuccessAt ?? null,
        lastAttemptAt: heartbeat?.lastAttemptAt ?? null,
        lastFailureAt: heartbeat?.lastFailureAt ?? null,
        cronIntervalS: thresholds.cronIntervalMs / 1000,
        overdueAfterMs: thresholds.overdueAfterMs,
      },
    };
  } catch {
    return { ok: false, status: "down" as HealthStatus, reasons: ["The database is unreachable."], database: "unreachable" as const };
  }
}

export type Health = Awaited<ReturnType<typeof health>>;
