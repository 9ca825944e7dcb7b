// How a cron process call ended, for /api/health (docs/design.md, "Health"): one UPSERT of one row
// per kind of call, the only statement the record adds to a call. GREATEST keeps each instant from
// going back when overlapping calls (fan-out, a slow call) end out of order.
import type { Db } from "../../db";

/** The kind of call whose end is recorded: the cron's calls and the calls their fan-out starts. */
export const CRON_HEARTBEAT = "cron";

export async function recordCall(
  prisma: Db,
  opts: { at: Date; ok: boolean; error?: string; kind?: string },
): Promise<void> {
  const success = opts.ok ? opts.at : null;
  const failure = opts.ok ? null : opts.at;
  const error = opts.ok ? null : (opts.error ?? "Error").slice(0, 100);
  await prisma.$executeRaw`
    INSERT INTO "SchedulerHeartbeat" (id, "firstAttemptAt", "lastAttemptAt", "lastSuccessAt", "lastFailureAt", "lastError")
    VALUES (${opts.kind ?? CRON_HEARTBEAT}, ${opts.at}::timestamp, ${opts.at}::timestamp, ${success}::timestamp, ${failure}::timestamp, ${error})
    ON CONFLICT (id) DO UPDATE SET
      "lastAttemptAt" = GREATEST("SchedulerHeartbeat"."lastAttemptAt", EXCLUDED."lastAttemptAt"),
      "lastSuccessAt" = GREATEST("SchedulerHeartbeat"."lastSuccessAt", EXCLUDED."lastSuccessAt"),
      "lastFailureAt" = GREATEST("SchedulerHeartbeat"."lastFailureAt", EXCLUDED."lastFailureAt"),
      "lastError" = CASE WHEN EXCLUDED."lastFailureAt" IS NULL THEN "SchedulerHeartbeat"."lastError" ELSE EXCLUDED."lastError" END`;
}
