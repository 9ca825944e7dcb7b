// What the three platform task types share (docs/design.md, "Task handlers"): the task's config,
// its account (loaded once per call), the account's adapter, and reconciliation of a publish that
// ended in doubt (protocol 5).
import { z } from "zod";
import { adapterFor, withTimeout } from "../social-media";
import { loadAccount, type LoadedAccount } from "../social/accounts";
import { networkFieldsOf, networkFieldsShape } from "../social/network-fields";
import { PlatformError, type PlatformAdapter, type PublishContent } from "../social/types";
import { decideAfterAbsent, failedOutcome } from "../scheduler/decide";
import type { TaskContext } from "../scheduler/handler";
import type { ClaimedTask, TaskOutcome } from "../scheduler/types";

const MediaSchema = z.object({
  url: z.string().url(),
  type: z.enum(["image", "video", "gif"]),
  altText: z.string().max(2000).optional(),
  sizeBytes: z.number().int().positive().optional(),
  durationMs: z.number().int().nonnegative().optional(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  videoCodec: z.string().max(32).optional(),
  audioCodec: z.string().max(32).optional(),
  frameRate: z.number().positive().optional(),
  posterUrl: z.string().url().optional(),
});

export const PlatformTaskConfig = z.object({
  link: z.string().url().optional(),
  media: z.array(MediaSchema).max(35).optional(),
  thread: z.array(z.string()).max(25).optional(),
  firstComment: z.string().max(10_000).optional(),
  ...networkFieldsShape,
  brief: z.string().optional(),
  simulate: z.unknown().optional(),
  platformPostId: z.string().optional(),
});
export type PlatformTaskConfig = z.infer<typeof PlatformTaskConfig>;

export function contentOf(task: ClaimedTask, cfg: PlatformTaskConfig): PublishContent {
  return { text: task.content ?? "", link: cfg.link, media: cfg.media, thread: cfg.thread, firstComment: cfg.firstComment, ...networkFieldsOf(cfg) };
}

const accountKey = (id: string) => `account:${id}`;

/** The task's account, loaded once per call (a per-task simulation override is never shared). */
export function accountOf(task: ClaimedTask, ctx: TaskContext, simulate?: unknown): Promise<LoadedAccount | null> {
  if (!task.accountId) return Promise.resolve(null);
  if (simulate !== undefined) return loadAccount(ctx.prisma, task.workspaceId, task.accountId, simulate);
  const key = accountKey(task.accountId);
  let p = ctx.cache.get(key) as Promise<LoadedAccount | null> | undefined;
  if (!p) {
    p = loadAccount(ctx.prisma, task.workspaceId, task.accountId);
    ctx.cache.set(key, p);
  }
  return p;
}

/** After the account's credentials changed: the next task of this call loads it afresh. */
export function forgetAccount(ctx: TaskContext, accountId: string): void {
  ctx.cache.delete(accountKey(accountId));
}

export interface OpenedTask {
  cfg: PlatformTaskConfig;
  account: LoadedAccount;
  adapter: PlatformAdapter;
}

/** Config, active account and adapter of a platform task, or the outcome that ends it here. */
export async function openPlatformTask(task: ClaimedTask, ctx: TaskContext): Promise<OpenedTask | { outcome: TaskOutcome }> {
  const parsed = PlatformTaskConfig.safeParse(task.config ?? {});
  if (!parsed.success) {
    return { outcome: failedOutcome(task, "invalid_config", `The task's config is invalid: ${parsed.error.issues[0]?.message}`) };
  }
  const cfg = parsed.data;
  const account = await accountOf(task, ctx, cfg.simulate);
  if (!account) return { outcome: failedOutcome(task, "account_missing", "The social account for this task no longer exists.") };
  if (account.status !== "active") {
    return { outcome: failedOutcome(task, "account_needs_reconnect", `The ${account.platform} account @${account.handle} must be reconnected.`, "auth") };
  }
  try {
    return { cfg, account, adapter: adapterFor(account, { prisma: ctx.prisma, now: ctx.now }) };
  } catch (err) {
    const e = err instanceof PlatformError ? err : new PlatformError("permanent", "adapter_error", String(err));
    return { outcome: failedOutcome(task, e.code, e.message, e.failureClass) };
  }
}

/** Allowed difference between our clock and the platform's when matching by time. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** When this task first went out (its earliest attempt), less the clock-skew margin. */
async function firstAttemptStart(task: ClaimedTask, ctx: TaskContext): Promise<Date> {
  const first = await ctx.prisma.taskAttempt.findFirst({
    where: { taskId: task.id },
    orderBy: { startedAt: "asc" },
    select: { startedAt: true },
  });
  const start = Math.min(first?.startedAt.getTime() ?? Infinity, new Date(task.processingStartedAt).getTime());
  return new Date(start - CLOCK_SKEW_MS);
}

/** Asks the platform whether an in-doubt publish landed: adopt it, retry it, or ask a human. */
export async function reconcileTask(
  task: ClaimedTask,
  adapter: PlatformAdapter,
  account: LoadedAccount,
  content: PublishContent,
  ctx: TaskContext,
  why: string,
): Promise<TaskOutcome> {
  let r;
  try {
    const [since, kept] = await Promise.all([
      firstAttemptStart(task, ctx),
      ctx.prisma.agentTask.findUnique({ where: { id: task.id }, select: { platformRef: true } }),
    ]);
    r = await withTimeout(ctx.publishTimeoutMs, (signal) =>
      adapter.reconcile({ account, signal, idempotencyKey: task.idempotencyKey, content, since, platformRef: kept?.platformRef ?? undefined }),
    );
  } catch (err) {
    r = { state: "unknown" as const, reason: adapter.classify(err).message };
  }
  if (r.state === "found") {
    return { kind: "completed", adopted: true, result: { ...r.result, platform: account.platform, accountId: account.id, reconciled: why } };
  }
  if (r.state === "absent") {
    const d = decideAfterAbsent(task, ctx.now());
    const base = {
      failures: d.action === "reconcile" ? task.retryCount + 1 : d.failures,
      failureClass: "in_doubt",
      code: "in_doubt_absent",
      message: `${why} The platform shows no such post, so it will be tried again.`,
      inDoubt: true,
    };
    return d.action === "retry" ? { kind: "retry", at: d.at, ...base } : { kind: "failed", ...base };
  }
  return {
    kind: "needs_review",
    failures: task.retryCount + 1,
    failureClass: "in_doubt",
    code: "in_doubt_unverifiable",
    message: `${why} Herald could not tell whether the post was published (${r.reason}); check the account and mark it published or publish again.`,
  };
}
