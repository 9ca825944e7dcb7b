// An inbox_sweep task that reads one Instagram @mention named by Meta's webhook (docs/inbox.md,
// "Instagram @mentions"; lib/inbox/instagram-mentions.ts) and keeps it like a sweep's items. A
// read has no side effect on the network: a failed or in-doubt one is retried on the backoff.
import { InstagramMentionTask, mentionRemoteId, readMention } from "../inbox/instagram-mentions";
import { storeCollected } from "../inbox/store";
import { withTimeout } from "../social-media";
import { instagramCredentials } from "../social/instagram/credentials";
import { failedOutcome } from "../scheduler/decide";
import type { TaskContext } from "../scheduler/handler";
import type { ClaimedTask, TaskOutcome } from "../scheduler/types";
import { labelAndEscalate, readFailed } from "./inbox-read";
import { openPlatformTask } from "./platform";

/** The mention this task reads, or null for an ordinary sweep. */
export function mentionOfTask(task: ClaimedTask): InstagramMentionTask["instagramMention"] | null {
  const cfg = InstagramMentionTask.safeParse(task.config ?? {});
  return cfg.success ? cfg.data.instagramMention : null;
}

export async function runMentionTask(task: ClaimedTask, ctx: TaskContext, mention: InstagramMentionTask["instagramMention"]): Promise<TaskOutcome> {
  const opened = await openPlatformTask(task, ctx);
  if ("outcome" in opened) return opened.outcome;
  const { account } = opened;
  const creds = instagramCredentials.safeParse(account.credentials ?? {});
  if (account.platform !== "instagram" || !creds.success) {
    return failedOutcome(task, "credentials_invalid", `The Instagram credentials for @${account.handle} are incomplete; reconnect the account.`, "auth");
  }
  const now = ctx.now();
  const ref = { igUserId: creds.data.igUserId, ...mention };
  try {
    const item = await withTimeout(ctx.publishTimeoutMs, (signal) => readMention(ref, creds.data.accessToken, signal, { now: ctx.now }));
    if (!item) return { kind: "completed", result: { mention: mentionRemoteId(ref), found: false } };
    const stored = await storeCollected(ctx.prisma, account, [item], [], now);
    const labelled = await labelAndEscalate(ctx.prisma, account.workspaceId, stored.inserted, now, ctx.publishTimeoutMs);
    return { kind: "completed", result: { mention: item.remoteId, found: true, inserted: stored.inserted.length, ...labelled } };
  } catch (err) {
    return readFailed(err, task, ctx.now());
  }
}
