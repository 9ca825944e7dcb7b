// refresh_token: renew an account's token before it expires and plan the next renewal
// (lib/accounts.ts). A refresh may rotate the token, so it runs inside the lease like a publish.
import { scheduleRefresh } from "../accounts";
import { encryptJson } from "../crypto";
import { withTimeout } from "../social-media";
import { retryableOutcome } from "../scheduler/decide";
import type { TaskContext, TaskHandler } from "../scheduler/handler";
import type { ClaimedTask, TaskOutcome } from "../scheduler/types";
import { forgetAccount, openPlatformTask } from "./platform";
import { notifyAfterWrite } from "./social-post";

/** New credentials over old ones; an empty or missing value never replaces a stored one. */
export function mergeCredentials(old: Record<string, string> | null, fresh: Record<string, string>): Record<string, string> {
  return { ...(old ?? {}), ...Object.fromEntries(Object.entries(fresh).filter(([, v]) => typeof v === "string" && v !== "")) };
}

async function run(task: ClaimedTask, ctx: TaskContext): Promise<TaskOutcome> {
  const opened = await openPlatformTask(task, ctx);
  if ("outcome" in opened) return opened.outcome;
  const { account, adapter } = opened;
  // Never two holders at once.
  await ctx.holdLease(task, ctx.publishTimeoutMs);
  try {
    const creds = await withTimeout(ctx.publishTimeoutMs, (signal) => adapter.refresh({ account, signal }));
    if (!creds) return { kind: "completed", result: { refreshed: false } };
    const { expiresAt, ...fresh } = creds;
    const merged = mergeCredentials(account.credentials, fresh);
    const tokenExpiresAt = expiresAt ? new Date(expiresAt) : null;
    await ctx.prisma.socialAccount.updateMany({
      where: { id: account.id, workspaceId: task.workspaceId },
      data: { credentials: encryptJson(merged), ...(tokenExpiresAt && { tokenExpiresAt }) },
    });
    forgetAccount(ctx, account.id);
    await scheduleRefresh(ctx.prisma, task.workspaceId, account.id, tokenExpiresAt, ctx.now());
    return { kind: "completed", result: { refreshed: true, tokenExpiresAt } };
  } catch (err) {
    return retryableOutcome(adapter.classify(err), task, ctx.now());
  }
}

// A refused refresh marks the account needs_reconnect: the admins are told (docs/decisions.md, "Notifications").
export const refreshToken: TaskHandler = { run, afterWrite: notifyAfterWrite };
