// collect_engagement: read a published post's numbers and keep them as a snapshot (lib/engagement.ts).
import { recordSnapshot } from "../engagement";
import { withTimeout } from "../social-media";
import { failedOutcome, retryableOutcome } from "../scheduler/decide";
import type { TaskContext, TaskHandler } from "../scheduler/handler";
import type { ClaimedTask, TaskOutcome } from "../scheduler/types";
import { openPlatformTask } from "./platform";
import { notifyAfterWrite } from "./social-post";

async function run(task: ClaimedTask, ctx: TaskContext): Promise<TaskOutcome> {
  const opened = await openPlatformTask(task, ctx);
  if ("outcome" in opened) return opened.outcome;
  const { cfg, account, adapter } = opened;
  let id = cfg.platformPostId;
  if (!id && task.postTargetId) {
    const t = await ctx.prisma.postTarget.findFirst({
      where: { id: task.postTargetId, workspaceId: task.workspaceId },
      select: { platformPostId: true },
    });
    id = t?.platformPostId ?? undefined;
  }
  if (!id) return failedOutcome(task, "not_published", "There is no published post to collect engagement for.");
  const platformPostId = id;
  try {
    const metrics = await withTimeout(ctx.publishTimeoutMs, (signal) => adapter.metrics({ account, signal, platformPostId }));
    if (task.postTargetId) {
      await recordSnapshot(ctx.prisma, { workspaceId: task.workspaceId, postTargetId: task.postTargetId }, metrics, ctx.now());
    }
    return { kind: "completed", result: { metrics, platformPostId, collectedAt: ctx.now().toISOString() } };
  } catch (err) {
    // Reading metrics has no side effects: an in-doubt read is simply retried.
    return retryableOutcome(adapter.classify(err), task, ctx.now());
  }
}

// A refused sign-in marks the account needs_reconnect: the admins are told (docs/decisions.md, "Notifications").
export const collectEngagement: TaskHandler = { run, afterWrite: notifyAfterWrite };
