// social_post: publish one post to one account, through lib/social-media.ts, inside the task's
// lease (docs/design.md, protocol 2–6, 9, 11).
import { writeTaskText } from "../ai/task";
import { COLLECT_AFTER_HOURS } from "../engagement";
import { logger } from "../logger";
import { notifyPublishOutcome, notifyReconnect } from "../notifications";
import { emitPublished } from "../webhooks";
import { materializeNextOccurrence } from "../posting/occurrence";
import { adapterFor, publishWith } from "../social-media";
import { specFor } from "../social/registry";
import { PlatformError } from "../social/types";
import { PROCESS_MAX_DURATION_S } from "../scheduler/budget";
import { failedOutcome, failureOutcome } from "../scheduler/decide";
import type { TaskContext, TaskHandler } from "../scheduler/handler";
import type { ClaimedTask, TaskOutcome } from "../scheduler/types";
import { accountOf, contentOf, openPlatformTask, PlatformTaskConfig, reconcileTask } from "./platform";

/** No single publish may outlive the process route's maxDuration (less room for write-back). */
const MAX_PUBLISH_TIMEOUT_MS = (PROCESS_MAX_DURATION_S - 30) * 1000;

async function run(task: ClaimedTask, ctx: TaskContext): Promise<TaskOutcome> {
  if (task.postTargetId && task.config?.recurring) {
    // Claiming one occurrence of a series creates the next one (protocol 11), whatever this one does.
    await materializeNextOccurrence(ctx.prisma, task.postTargetId, ctx.now()).catch((err) =>
      logger.error({ err, taskId: task.id }, "could not create the next occurrence"),
    );
  }
  const opened = await openPlatformTask(task, ctx);
  if ("outcome" in opened) return opened.outcome;
  const { cfg, account, adapter } = opened;
  const content = contentOf(task, cfg);
  if (!content.text.trim() && cfg.brief) {
    // `content: null` with a brief: the agent writes this platform's text now, once.
    const written = await writeTaskText(task, adapter, account, { brief: cfg.brief, link: cfg.link }, ctx);
    if ("outcome" in written) return written.outcome;
    content.text = written.text;
  }
  const spec = specFor(account.platform);
  const wait = await ctx.pace.wait(account.id, spec.postingLimit, ctx.now());
  if (wait) {
    const { max, windowS } = spec.postingLimit!;
    return {
      kind: "deferred",
      at: wait,
      message: `Waiting for ${spec.label}'s posting limit (${max} posts per ${Math.round(windowS / 60)} min) on @${account.handle}.`,
    };
  }
  // A retry gets what the earlier attempt kept (YouTube's upload session, to resume it).
  const kept = task.retryCount > 0 ? await ctx.prisma.agentTask.findUnique({ where: { id: task.id }, select: { platformRef: true } }) : null;
  const answer = await publishWith({
    adapter,
    account,
    content,
    idempotencyKey: task.idempotencyKey,
    attempt: task.retryCount + 1,
    timeoutMs: ctx.publishTimeoutMs,
    maxTimeoutMs: MAX_PUBLISH_TIMEOUT_MS,
    beforeSend: (timeoutMs) => ctx.holdLease(task, timeoutMs),
    platformRef: kept?.platformRef ?? undefined,
    // Only while this call still holds the task: a lost lease must not write over the next holder.
    remember: async (platformRef) => {
      await ctx.prisma.agentTask.updateMany({ where: { id: task.id, lockedBy: task.lockedBy }, data: { platformRef } });
    },
  });
  if (answer.ok) {
    ctx.pace.published(account.id, ctx.now());
    return { kind: "completed", result: { ...answer.result, platform: account.platform, accountId: account.id } };
  }
  const e = answer.error;
  if (!answer.sent) return failedOutcome(task, e.code, e.message);
  const o = failureOutcome(e, task, ctx.now());
  if (o !== "reconcile") return o;
  return reconcileTask(task, adapter, account, content, ctx, `The publish call ended in doubt (${e.message}).`);
}

/** The previous holder may have published before it died: ask the platform, never re-run blindly. */
async function settleExpired(task: ClaimedTask, ctx: TaskContext, why: string): Promise<TaskOutcome> {
  const account = await accountOf(task, ctx);
  if (!account) {
    return { kind: "needs_review", failures: task.retryCount + 1, failureClass: "in_doubt", code: "in_doubt_unverifiable", message: `${why} Its account is gone, so Herald cannot check.` };
  }
  try {
    const adapter = adapterFor(account, { prisma: ctx.prisma, now: ctx.now });
    // The post as it was sent (Reddit's title, WhatsApp's recipients…): what reconcile looks for.
    const cfg = PlatformTaskConfig.safeParse(task.config ?? {});
    const content = cfg.success ? contentOf(task, cfg.data) : { text: task.content ?? "" };
    return await reconcileTask(task, adapter, account, content, ctx, why);
  } catch (err) {
    const message = err instanceof PlatformError ? err.message : String(err);
    return { kind: "needs_review", failures: task.retryCount + 1, failureClass: "in_doubt", code: "in_doubt_unverifiable", message: `${why} ${message}` };
  }
}

/**
 * Once written back (docs/decisions.md, "Notifications"): a publish that failed for good or is in
 * doubt tells the post's people; an auth failure that marked the account tells the admins. Each
 * cause is also a webhook event, and so is a published target.
 */
export async function notifyAfterWrite(task: ClaimedTask, outcome: TaskOutcome, ctx: TaskContext): Promise<void> {
  // A published target is a webhook event only (docs/decisions.md, "Webhooks").
  if (outcome.kind === "completed" && task.type === "social_post" && task.postTargetId) {
    await emitPublished(ctx.prisma, { workspaceId: task.workspaceId, postTargetId: task.postTargetId, taskId: task.id }, ctx.now());
  }
  if (outcome.kind !== "failed" && outcome.kind !== "needs_review") return;
  if (task.type === "social_post") await notifyPublishOutcome(ctx.prisma, task, { ...outcome, kind: outcome.kind }, ctx.now());
  if (outcome.failureClass === "auth" && task.accountId) await notifyReconnect(ctx.prisma, task.workspaceId, task.accountId, ctx.now());
}

export const socialPost: TaskHandler = {
  run,
  settleExpired,
  afterWrite: notifyAfterWrite,
  publishes: true,
  // A post that went out gets its engagement collected later (lib/engagement.ts).
  followUps: { type: "collect_engagement", afterHours: COLLECT_AFTER_HOURS, keyPrefix: "engagement" },
};
