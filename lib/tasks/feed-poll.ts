// feed_poll: poll one RSS/Atom feed (docs/decisions.md, "RSS feeds") and queue its next poll.
// A feed's own faults (unreachable, not a feed, refused address) are written on the feed and the
// task completes, so the next poll is always queued; a deleted or switched-off feed ends the chain.
import { ensureNextPoll, FEED_POLL_INTERVAL_MS, pollFeed } from "../feeds";
import type { TaskContext, TaskHandler } from "../scheduler/handler";
import type { ClaimedTask, TaskOutcome } from "../scheduler/types";

async function run(task: ClaimedTask, ctx: TaskContext): Promise<TaskOutcome> {
  const now = ctx.now();
  const feedId = (task.config as { feedId?: unknown } | null)?.feedId;
  const feed =
    typeof feedId === "string"
      ? await ctx.prisma.feed.findFirst({ where: { id: feedId, workspaceId: task.workspaceId }, select: { id: true, workspaceId: true, enabled: true } })
      : null;
  if (!feed) return { kind: "completed", result: { skipped: "feed_deleted" } };
  if (!feed.enabled) return { kind: "completed", result: { skipped: "feed_disabled" } };
  const r = await pollFeed(ctx.prisma, task.workspaceId, feed.id, now);
  await ensureNextPoll(ctx.prisma, feed, new Date(now.getTime() + FEED_POLL_INTERVAL_MS), now);
  return { kind: "completed", result: { status: r.status, seen: r.seen, newItems: r.newItems, posts: r.posts.length, skipped: r.skipped.length, ...(r.error && { error: r.error }) } };
}

export const feedPoll: TaskHandler = { run };
