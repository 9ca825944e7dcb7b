// YouTube's daily quota, counted by Herald (docs/adapters.md, "YouTube"). The Data API has no call
// that says how much of a project's quota is left, so every call the adapter makes adds its
// documented cost to one row per Google project and quota day (the YoutubeQuota table): one
// INSERT … ON CONFLICT DO UPDATE, atomic however many calls run at once. quotaExceeded from
// YouTube marks the day as used up. The day is the Pacific date: the quota resets at midnight in
// America/Los_Angeles. Only Herald's own calls are counted: another program using the same Google
// app spends units this count never sees.
import { createHash } from "node:crypto";
import { DateTime } from "luxon";
import type { Db } from "../../db";
import { logger } from "../../logger";
import { nextQuotaReset, QUOTA_ZONE, YOUTUBE_UPLOAD_UNITS, type QuotaMeter } from "./adapter";

/** What the composer shows: the project's units today and when they are renewed. */
export interface YoutubeQuota {
  limit: number;
  used: number;
  left: number;
  /** Uploads the units left pay for (an upload costs YOUTUBE_UPLOAD_UNITS). */
  uploadsLeft: number;
  /** The next midnight, Pacific time (ISO). */
  resetsAt: string;
}

/**
 * The counter's key for the Google app the tokens belong to: a SHA-256 of its client id
 * (GOOGLE_CLIENT_ID), so the table names no credential. Accounts pasted without the app's keys
 * share one key: their app is unknown to Herald.
 */
export function projectKeyOf(clientId: string | undefined): string {
  return clientId ? `sha256:${createHash("sha256").update(clientId).digest("hex").slice(0, 32)}` : "unknown-app";
}

/** The quota day `now` falls in: its date in America/Los_Angeles ("2026-11-22"). */
export function quotaDay(now: Date): string {
  return DateTime.fromJSDate(now, { zone: QUOTA_ZONE }).toISODate()!;
}

/** The quota as the composer shows it, from the units counted for the day of `now`. */
export function quotaState(units: number, limit: number, now: Date): YoutubeQuota {
  const used = Math.min(Math.max(units, 0), limit);
  const left = limit - used;
  return { limit, used, left, uploadsLeft: Math.floor(left / YOUTUBE_UPLOAD_UNITS), resetsAt: nextQuotaReset(now).toISOString() };
}

/** Adds `units` to the day's count in one statement; the first call of a day creates its row. */
export async function spendQuota(prisma: Db, projectKey: string, now: Date, units: number): Promise<void> {
  await prisma.$executeRaw`
    INSERT INTO "YoutubeQuota" ("projectKey", "day", "units", "updatedAt")
    VALUES (${projectKey}, ${quotaDay(now)}, ${units}, ${now})
    ON CONFLICT ("projectKey", "day")
    DO UPDATE SET "units" = "YoutubeQuota"."units" + EXCLUDED."units", "updatedAt" = EXCLUDED."updatedAt"`;
}

/** YouTube said quotaExceeded: the day counts as used up (at least `limit` units) until its midnight. */
export async function markQuotaUsedUp(prisma: Db, projectKey: string, now: Date, limit: number): Promise<void> {
  await prisma.$executeRaw`
    INSERT INTO "YoutubeQuota" ("projectKey", "day", "units", "updatedAt")
    VALUES (${projectKey}, ${quotaDay(now)}, ${limit}, ${now})
    ON CONFLICT ("projectKey", "day")
    DO UPDATE SET "units" = GREATEST("YoutubeQuota"."units", EXCLUDED."units"), "updatedAt" = EXCLUDED."updatedAt"`;
}

/** The project's quota for the day of `now`. */
export async function readQuota(prisma: Db, projectKey: string, now: Date, limit: number): Promise<YoutubeQuota> {
  const row = await prisma.youtubeQuota.findUnique({ where: { projectKey_day: { projectKey, day: quotaDay(now) } }, select: { units: true } });
  return quotaState(row?.units ?? 0, limit, now);
}

/**
 * The adapter's meter for one project. A count that cannot be written is logged, never thrown:
 * the call it counts has already happened, and its outcome matters more than the count.
 */
export function quotaMeter(prisma: Db, projectKey: string, limit: number, now: () => Date): QuotaMeter {
  const safely = async (what: string, write: () => Promise<void>) => {
    try {
      await write();
    } catch (err) {
      logger.warn({ err, projectKey }, `youtube quota: could not record ${what}`);
    }
  };
  return {
    spend: (units) => safely(`${units} units`, () => spendQuota(prisma, projectKey, now(), units)),
    usedUp: () => safely("quotaExceeded", () => markQuotaUsedUp(prisma, projectKey, now(), limit)),
  };
}
