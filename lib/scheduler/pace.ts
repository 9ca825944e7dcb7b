// Pacing (docs/design.md, protocol 9): keep each account under its platform's posting limit so Herald
// never causes its own 429s. Counted from the database, so it holds across invocations.
import type { Db } from "../db";

/** Use only this share of a platform's limit: concurrent invocations may overshoot a little. */
export const LIMIT_SHARE = 0.9;

/** Pure: given recent publish times in the window, when may the next one go? Null = now. */
export function nextSlot(recent: Date[], limit: { max: number; windowS: number }, now: Date): Date | null {
  const allowed = Math.max(1, Math.floor(limit.max * LIMIT_SHARE));
  if (recent.length < allowed) return null;
  const sorted = recent.map((d) => d.getTime()).sort((a, b) => a - b);
  // The window frees a place when the (n - allowed + 1)-th most recent publish ages out.
  const freesAt = sorted[sorted.length - allowed] + limit.windowS * 1000;
  return freesAt > now.getTime() ? new Date(freesAt) : null;
}

/** When the account may publish next under `limit` (its platform's posting limit); null = now. */
export async function postingWait(
  prisma: Db,
  accountId: string,
  limit: { max: number; windowS: number } | undefined,
  now: Date,
): Promise<Date | null> {
  if (!limit) return null;
  const since = new Date(now.getTime() - limit.windowS * 1000);
  const rows = await prisma.agentTask.findMany({
    where: { accountId, type: "social_post", status: "completed", executedAt: { gt: since } },
    select: { executedAt: true },
    orderBy: { executedAt: "desc" },
    take: Math.floor(limit.max * LIMIT_SHARE),
  });
  return nextSlot(rows.map((r) => r.executedAt!), limit, now);
}
