// inbox_sweep: read one account's new replies, comments and mentions (docs/decisions.md, "Inbox")
// from where its last sweep stopped (InboxCursor), and keep them (lib/inbox/store.ts). Reading has
// no side effect on the network, so an in-doubt read is simply retried.
import { inboxSourceFor } from "../inbox/sources";
import { storeCollected } from "../inbox/store";
import { withTimeout } from "../social-media";
import { failedOutcome } from "../scheduler/decide";
import type { TaskContext, TaskHandler } from "../scheduler/handler";
import type { ClaimedTask, TaskOutcome } from "../scheduler/types";
import type { Db } from "../db";
import { mentionOfTask, runMentionTask } from "./inbox-mention";
import { labelAndEscalate, readFailed } from "./inbox-read";
import { openPlatformTask } from "./platform";
import { notifyAfterWrite } from "./social-post";

/** The deletion check (docs/decisions.md, "Inbox"): the newest items of the last week, once per clock hour per account. */
export const RECHECK_ITEMS = 25;
export const RECHECK_WINDOW_MS = 7 * 24 * 3_600_000;
const HOUR_MS = 3_600_000;

/** Whether the account's last sweep fell in the same clock hour as this one (then no re-check is due). */
function sameHour(lastSweptAt: Date | null | undefined, now: Date): boolean {
  return lastSweptAt != null && Math.floor(lastSweptAt.getTime() / HOUR_MS) === Math.floor(now.getTime() / HOUR_MS);
}

/**
 * The remote ids to look at again, or undefined when this account was swept earlier in the same
 * hour. Where hiding is the network's own (the source has `hide`), hidden items are left out: a
 * comment held for review may read as missing (YouTube), and is not deleted.
 */
async function recheckIds(prisma: Db, accountId: string, lastSweptAt: Date | null | undefined, now: Date, withHidden: boolean): Promise<string[] | undefined> {
  if (sameHour(lastSweptAt, now)) return undefined;
  const rows = await prisma.inboxItem.findMany({
    where: {
      accountId,
      deletedAt: null,
      outgoing: false,
      simulated: false,
      remoteCreatedAt: { gte: new Date(now.getTime() - RECHECK_WINDOW_MS) },
      ...(!withHidden && { status: { not: "hidden" } }),
    },
    orderBy: [{ remoteCreatedAt: "desc" }, { id: "desc" }],
    take: RECHECK_ITEMS,
    select: { remoteId: true },
  });
  return rows.length ? rows.map((r) => r.remoteId) : undefined;
}

async function run(task: ClaimedTask, ctx: TaskContext): Promise<TaskOutcome> {
  // One Instagram @mention from Meta's webhook (docs/inbox.md), not a sweep of the account.
  const mention = mentionOfTask(task);
  if (mention) return runMentionTask(task, ctx, mention);
  const opened = await openPlatformTask(task, ctx);
  if ("outcome" in opened) return opened.outcome;
  const { account } = opened;
  const source = inboxSourceFor(account, ctx.prisma);
  if (!source) return failedOutcome(task, "inbox_unsupported", `Herald cannot read the ${account.platform} inbox yet.`);
  const now = ctx.now();
  const before = await ctx.prisma.inboxCursor.findUnique({ where: { accountId: account.id }, select: { lastSweptAt: true } });
  const recheck = account.credentials ? await recheckIds(ctx.prisma, account.id, before?.lastSweptAt, now, !source.hide) : undefined;
  const recheckDue = Boolean(account.credentials) && !sameHour(before?.lastSweptAt, now);
  // Marked swept before the read, so a failing account is not queued again on every call.
  const prior = await ctx.prisma.inboxCursor.upsert({
    where: { accountId: account.id },
    create: { accountId: account.id, workspaceId: account.workspaceId, lastSweptAt: now },
    update: { lastSweptAt: now },
    select: { cursor: true, notices: true },
  });
  try {
    const got = await withTimeout(ctx.publishTimeoutMs, (signal) => source.collect({ account, cursor: prior.cursor, signal, now, recheck, recheckDue }));
    const stored = await storeCollected(ctx.prisma, account, got.items, got.deleted ?? [], now);
    // The notices replace the last sweep's: an empty list once everything is readable again.
    const notices = got.notices ?? [];
    if (got.cursor !== prior.cursor || notices.join("\n") !== prior.notices.join("\n")) {
      await ctx.prisma.inboxCursor.update({ where: { accountId: account.id }, data: { cursor: got.cursor, notices } });
    }
    const { classifiedByAi, escalated } = await labelAndEscalate(ctx.prisma, account.workspaceId, stored.inserted, now, ctx.publishTimeoutMs);
    return {
      kind: "completed",
      result: {
        collected: got.items.length,
        inserted: stored.inserted.length,
        updated: stored.updated,
        deleted: stored.deleted,
        classifiedByAi,
        escalated,
        // Not the cursor: it lives in InboxCursor, and the YouTube and LinkedIn ones carry up to
        // about a thousand counts, which every sweep's task would otherwise keep a copy of.
        ...(got.notices?.length && { notices: got.notices }),
      },
    };
  } catch (err) {
    return readFailed(err, task, ctx.now());
  }
}

// A refused sign-in marks the account needs_reconnect and tells the admins, as for publishing.
export const inboxSweep: TaskHandler = { run, afterWrite: notifyAfterWrite };
