// reply: an answer from the community inbox (docs/decisions.md, "Inbox"), sent as a threaded reply
// through the account's adapter with a post's guarantees: the same lease hold before the send
// (publishWith), the task's idempotency key handed to the platform (Bluesky's record key,
// Mastodon's Idempotency-Key, the simulated platform's key), and an in-doubt or expired attempt
// reconciled, never re-sent blindly (reconcileTask). Once written back, the answer joins the thread.
import { z } from "zod";
import { recordAnswer } from "../inbox/answer";
import { adapterFor, publishWith } from "../social-media";
import { specFor } from "../social/registry";
import type { ReplyContent } from "../social/reply-target";
import { PlatformError } from "../social/types";
import { PROCESS_MAX_DURATION_S } from "../scheduler/budget";
import { limitFor } from "../scheduler/pace";
import { failedOutcome, failureOutcome } from "../scheduler/decide";
import type { TaskContext, TaskHandler } from "../scheduler/handler";
import type { ClaimedTask, TaskOutcome } from "../scheduler/types";
import { accountOf, openPlatformTask, reconcileTask } from "./platform";
import { notifyAfterWrite } from "./social-post";

const MAX_TIMEOUT_MS = (PROCESS_MAX_DURATION_S - 30) * 1000;

export const ReplyTaskConfig = z.object({
  inboxItemId: z.string().min(1),
  /** The network's id of what is answered. */
  replyToId: z.string().min(1),
});

function contentOf(task: ClaimedTask, replyToId: string): ReplyContent {
  return { text: task.content ?? "", replyTo: { id: replyToId } };
}

async function run(task: ClaimedTask, ctx: TaskContext): Promise<TaskOutcome> {
  const cfg = ReplyTaskConfig.safeParse(task.config ?? {});
  if (!cfg.success) return failedOutcome(task, "unsupported_task_type", "Reply tasks answer an inbox item; this one names none.");
  const opened = await openPlatformTask(task, ctx);
  if ("outcome" in opened) return opened.outcome;
  const { account, adapter } = opened;
  const content = contentOf(task, cfg.data.replyToId);
  const spec = specFor(account.platform);
  // Replies are paced apart from posts, by the network's reply limit where it has one.
  const wait = await ctx.pace.wait(account.id, limitFor(spec, "reply"), ctx.now(), "reply");
  if (wait) return { kind: "deferred", at: wait, message: `Waiting for ${spec.label}'s posting limit on @${account.handle}.` };
  const answer = await publishWith({
    adapter,
    account,
    content,
    idempotencyKey: task.idempotencyKey,
    attempt: task.retryCount + 1,
    timeoutMs: ctx.publishTimeoutMs,
    maxTimeoutMs: MAX_TIMEOUT_MS,
    beforeSend: (timeoutMs) => ctx.holdLease(task, timeoutMs),
  });
  if (answer.ok) {
    ctx.pace.published(account.id, ctx.now(), "reply");
    return { kind: "completed", result: { ...answer.result, platform: account.platform, accountId: account.id, inboxItemId: cfg.data.inboxItemId } };
  }
  const e = answer.error;
  if (!answer.sent) return failedOutcome(task, e.code, e.message);
  const o = failureOutcome(e, task, ctx.now());
  if (o !== "reconcile") return o;
  return reconcileTask(task, adapter, account, content, ctx, `The reply call ended in doubt (${e.message}).`);
}

async function settleExpired(task: ClaimedTask, ctx: TaskContext, why: string): Promise<TaskOutcome> {
  const cfg = ReplyTaskConfig.safeParse(task.config ?? {});
  const account = await accountOf(task, ctx);
  if (!cfg.success || !account) {
    return { kind: "needs_review", failures: task.retryCount + 1, failureClass: "in_doubt", code: "in_doubt_unverifiable", message: `${why} Herald cannot check this reply.` };
  }
  try {
    return await reconcileTask(task, adapterFor(account, { prisma: ctx.prisma, now: ctx.now }), account, contentOf(task, cfg.data.replyToId), ctx, why);
  } catch (err) {
    const message = err instanceof PlatformError ? err.message : String(err);
    return { kind: "needs_review", failures: task.retryCount + 1, failureClass: "in_doubt", code: "in_doubt_unverifiable", message: `${why} ${message}` };
  }
}

async function afterWrite(task: ClaimedTask, outcome: TaskOutcome, ctx: TaskContext): Promise<void> {
  if (outcome.kind === "completed") {
    const cfg = ReplyTaskConfig.safeParse(task.config ?? {});
    if (cfg.success) await recordAnswer(ctx.prisma, task, cfg.data.inboxItemId, outcome.result, ctx.now());
    return;
  }
  await notifyAfterWrite(task, outcome, ctx);
}

export const reply: TaskHandler = { run, settleExpired, afterWrite };
