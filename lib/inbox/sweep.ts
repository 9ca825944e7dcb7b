// Presence-throttled inbox sweeps (docs/decisions.md, "Inbox"), queued once per process call like
// the engagement refresh (lib/engagement-sweep.ts): every account whose inbox can be read gets an
// inbox_sweep task when its last sweep is older than INBOX_ACTIVE_MS while someone has the
// workspace open, or INBOX_IDLE_MS when nobody does. One set-based statement; the task itself is
// claimed, leased, retried and paced per account by the scheduler like every other.
import type { Db } from "../db";
import type { BeforeClaim } from "../scheduler/process";
import { inboxNetworks } from "./sources";
import { SETTING_BOUNDS } from "../validation/settings";

export const INBOX_ACTIVE_MS = 2 * 60_000;
export const INBOX_IDLE_MS = 60 * 60_000;
export const INBOX_SWEEP_CAP = 100;
const INBOX_SWEEP_TIMEOUT_MS = 5_000;
/** Below publishes and engagement reads due at the same moment. */
const PRIORITY = -2;
const CRON_SLACK_MS = 30_000;

export interface InboxSweepOptions {
  now: Date;
  workspaceId?: string;
  /** Presence newer than this counts as someone watching (the deployment's CLIENT_IDLE_THRESHOLD_MS). */
  idleThresholdMs: number;
  limit?: number;
  timeoutMs?: number;
}

export async function sweepInbox(prisma: Db, opts: InboxSweepOptions): Promise<{ queued: number; busy: boolean }> {
  const limit = opts.limit ?? INBOX_SWEEP_CAP;
  if (limit <= 0) return { queued: 0, busy: false };
  const timeoutMs = Math.max(1, Math.floor(opts.timeoutMs ?? INBOX_SWEEP_TIMEOUT_MS));
  const now = opts.now;
  const t = now.getTime();
  const ws = opts.workspaceId ?? null;
  const seenFloor = new Date(t - Math.max(opts.idleThresholdMs, SETTING_BOUNDS.clientIdleThresholdMs.max));
  const lockKey = `herald:inbox-sweep:${ws ?? "*"}`;
  // Real accounts of the networks Herald reads (lib/inbox/sources.ts); simulated accounts of any
  // network once they have a published post (simulated replies answer published posts only).
  const networks: string[] = inboxNetworks();
  const [, rows] = await prisma.$transaction([
    prisma.$queryRaw`SELECT set_config('statement_timeout', ${String(timeoutMs)}, true)`,
    prisma.$queryRaw<{ locked: boolean; queued: bigint }[]>`
      WITH lock AS MATERIALIZED (
        SELECT pg_try_advisory_xact_lock(hashtextextended(${lockKey}, 0)) AS locked
      ), watched AS MATERIALIZED (
        SELECT DISTINCT p."workspaceId" FROM "Presence" p
        LEFT JOIN "WorkspaceSettings" s ON s."workspaceId" = p."workspaceId"
        WHERE p."lastSeenAt" > ${seenFloor}::timestamp
          AND p."lastSeenAt" > ${now}::timestamp - COALESCE(s."clientIdleThresholdMs", ${opts.idleThresholdMs}) * interval '1 millisecond'
          AND (${ws}::text IS NULL OR p."workspaceId" = ${ws}::text)
      ), due AS (
        SELECT a.id, a."workspaceId", a.platform,
               CASE WHEN w."workspaceId" IS NOT NULL THEN ${INBOX_ACTIVE_MS} ELSE ${INBOX_IDLE_MS} END::bigint AS ms,
               (w."workspaceId" IS NOT NULL) AS active, c."lastSweptAt"
        FROM "SocialAccount" a
        LEFT JOIN "InboxCursor" c ON c."accountId" = a.id
        LEFT JOIN watched w ON w."workspaceId" = a."workspaceId"
        WHERE a.status = 'active'
          AND (a.credentials IS NULL OR a.platform::text = ANY(${networks}::text[]))
          -- Simulation answers only published posts: a simulated account without one has nothing to read.
          AND (a.credentials IS NOT NULL OR EXISTS (SELECT 1 FROM "PostTarget" pt WHERE pt."accountId" = a.id AND pt.status = 'published'))
          AND a.platform <> 'whatsapp'
          AND (${ws}::text IS NULL OR a."workspaceId" = ${ws}::text)
          AND (SELECT locked FROM lock)
      ), stale AS (
        SELECT d.* FROM due d
        WHERE (d."lastSweptAt" IS NULL
               OR d."lastSweptAt" <= ${now}::timestamp - (d.ms - LEAST(${CRON_SLACK_MS}, d.ms / 10)) * interval '1 millisecond')
          AND NOT EXISTS (
            SELECT 1 FROM "AgentTask" x
            WHERE x."accountId" = d.id AND x.type = 'inbox_sweep' AND x.status IN ('pending', 'running')
          )
        ORDER BY d.active DESC, d."lastSweptAt" NULLS FIRST
        LIMIT ${limit}
      ), ins AS (
        INSERT INTO "AgentTask" (id, "workspaceId", type, platform, "accountId", "scheduledAt", priority, "idempotencyKey", "createdAt", "updatedAt")
        SELECT gen_random_uuid()::text, s."workspaceId", 'inbox_sweep', s.platform, s.id, ${now}::timestamp, ${PRIORITY},
               'inbox:' || s.id || ':' || (${t}::bigint / s.ms)::text, ${now}::timestamp, ${now}::timestamp
        FROM stale s
        ON CONFLICT ("workspaceId", "idempotencyKey") DO NOTHING
        RETURNING id
      )
      SELECT (SELECT locked FROM lock) AS locked, count(*) AS queued FROM ins`,
  ]);
  const r = rows[0];
  return { queued: Number(r?.queued ?? 0), busy: r ? !r.locked : false };
}

/** The inbox sweep as a process call's step before claiming (lib/agent-scheduler.ts runs it after the engagement sweep). */
export function inboxSweepStep(idleThresholdMs: number): BeforeClaim {
  return ({ prisma, now, workspaceId, timeoutMs }) => sweepInbox(prisma, { now, workspaceId, idleThresholdMs, timeoutMs: Math.min(INBOX_SWEEP_TIMEOUT_MS, timeoutMs) });
}

/** Runs two steps before claiming, one after the other; what they queued adds up. */
export function bothSteps(first: BeforeClaim, second: BeforeClaim): BeforeClaim {
  return async (at) => {
    const a = await first(at);
    const b = await second(at);
    return { queued: a.queued + b.queued, busy: a.busy || b.busy };
  };
}
