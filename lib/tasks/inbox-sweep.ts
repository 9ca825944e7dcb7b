// inbox_sweep: read one account's new replies, comments and mentions (docs/decisions.md, "Inbox")
// from where its last sweep stopped (InboxCursor), and keep them (lib/inbox/store.ts). Reading has
// no side effect on the network, so an in-doubt read is simply retried.
import { classifyWithAi } from "../inbox/classify-ai";
import { escalateNew } from "../inbox/escalate";
import { inboxSourceFor } from "../inbox/sources";
import { storeCollected } from "../inbox/store";
import { withTimeout } from "../social-media";
import { PlatformError } from "../social/types";
import { failedOutcome, retryableOutcome } from "../scheduler/decide";
import type { TaskContext, TaskHandler } from "../scheduler/handler";
import type { ClaimedTask, TaskOutcome } from "../scheduler/types";
import { openPlatformTask } from "./platform";
import { notifyAfterWrite } from "./social-post";

async function run(task: ClaimedTask, ctx: TaskContext): Promise<TaskOutcome> {
  const opened = await openPlatformTask(task, ctx);
  if ("outcome" in opened) return opened.outcome;
  const { account } = opened;
  const source = inboxSourceFor(account, ctx.prisma);
  if (!source) return failedOutcome(task, "inbox_unsupported", `Herald cannot read the ${account.platform} inbox yet.`);
  const now = ctx.now();
  // Marked swept before the read, so a failing account is not queued again on every call.
  const prior = await ctx.prisma.inboxCursor.upsert({
    where: { accountId: account.id },
    create: { accountId: account.id, workspaceId: account.workspaceId, lastSweptAt: now },
    update: { lastSweptAt: now },
    select: { cursor: true },
  });
  try {
    const got = await withTimeout(ctx.publishTimeoutMs, (signal) => source.collect({ account, cursor: prior.cursor, signal, now }));
    const stored = await storeCollected(ctx.prisma, account, got.items, got.deleted ?? [], now);
    if (got.cursor !== prior.cursor) {
      await ctx.prisma.inboxCursor.update({ where: { accountId: account.id }, data: { cursor: got.cursor } });
    }
    // The model's labels when one is configured (before escalating, which reads them).
    const byAi = await classifyWithAi(ctx.prisma, account.workspaceId, stored.inserted, now, ctx.publishTimeoutMs);
    const escalated = await escalateNew(ctx.prisma, account.workspaceId, stored.inserted, now);
    return {
      kind: "completed",
      result: { collected: got.items.length, inserted: stored.inserted.length, updated: stored.updated, deleted: stored.deleted, classifiedByAi: byAi, escalated, cursor: got.cursor },
    };
  } catch (err) {
    const e = err instanceof PlatformError ? err : new PlatformError("transient", "inbox_error", (err as Error)?.message ?? String(err));
    return retryableOutcome(e.failureClass === "in_doubt" ? new PlatformError("transient", e.code, e.message, { httpStatus: e.httpStatus }) : e, task, ctx.now());
  }
}

// A refused sign-in marks the account needs_reconnect and tells the admins, as for publishing.
export const inboxSweep: TaskHandler = { run, afterWrite: notifyAfterWrite };
