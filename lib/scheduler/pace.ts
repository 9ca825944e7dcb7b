// Pacing (docs/design.md, protocol 9): keep each account under its platform's posting limit so Herald
// never causes its own 429s. Counted from the database, so it holds across invocations.
import type { Db } from "../db";
import type { TaskType } from "../generated/prisma/enums";

/**
 * What is being paced: posts (social_post tasks) or replies (reply tasks). A network that counts
 * replies apart (Threads: 1,000 replies and 250 posts per 24 h) has its own `replyLimit`; elsewhere
 * replies share the posting limit's figure but are counted as their own tasks.
 */
export type PaceKind = "post" | "reply";
const TASK_TYPE: Record<PaceKind, TaskType> = { post: "social_post", reply: "reply" };

/** The limit that paces `kind` on a network. */
export function limitFor(
  spec: { postingLimit?: { max: number; windowS: number }; replyLimit?: { max: number; windowS: number } },
  kind: PaceKind,
): { max: number; windowS: number } | undefined {
  return kind === "reply" ? (spec.replyLimit ?? spec.postingLimit) : spec.postingLimit;
}

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

/** The account's most recent publishes inside `limit`'s window (as many as nextSlot needs). */
export async function recentPublishes(prisma: Db, accountId: string, limit: { max: number; windowS: number }, now: Date, kind: PaceKind = "post"): Promise<Date[]> {
  const since = new Date(now.getTime() - limit.windowS * 1000);
  const rows = await prisma.agentTask.findMany({
    where: { accountId, type: TASK_TYPE[kind], status: "completed", executedAt: { gt: since } },
    select: { executedAt: true },
    orderBy: { executedAt: "desc" },
    take: Math.max(1, Math.floor(limit.max * LIMIT_SHARE)),
  });
  return rows.map((r) => r.executedAt!);
}

/**
 * How long a call may reuse an account's recent publishes before reading them again. Its own
 * publishes are added as they happen; what other invocations publish meanwhile is unseen for at
 * most this long, which the LIMIT_SHARE margin absorbs (docs/design.md, protocol 9).
 */
export const PACE_FRESH_MS = 1_000;

interface Recent {
  readAt: number;
  times: Date[];
}

/**
 * Pacing for one call: when may each account publish next under its platform's posting limit
 * (null = now). An account's recent publishes are read at most once per PACE_FRESH_MS (elapsed
 * time, not the clock tests move), so a burst costs a statement per account per second, not one
 * per task.
 */
export function pacer(prisma: Db) {
  const recent = new Map<string, Promise<Recent>>();
  return {
    async wait(accountId: string, limit: { max: number; windowS: number } | undefined, now: Date, kind: PaceKind = "post"): Promise<Date | null> {
      if (!limit) return null;
      const key = `${kind}:${accountId}`;
      let entry = recent.get(key);
      if (!entry || (await entry).readAt < performance.now() - PACE_FRESH_MS) {
        const readAt = performance.now();
        entry = recentPublishes(prisma, accountId, limit, now, kind).then((times) => ({ readAt, times }));
        recent.set(key, entry);
        entry.catch(() => recent.delete(key));
      }
      return nextSlot((await entry).times, limit, now);
    },
    /** This call published (a post, or a reply) for the account: count it until the next read. */
    published(accountId: string, at: Date, kind: PaceKind = "post"): void {
      void recent.get(`${kind}:${accountId}`)?.then((r) => r.times.push(at), () => undefined);
    },
  };
}
export type Pacer = ReturnType<typeof pacer>;
