// Runs one claimed task by type and turns whatever happened into a TaskOutcome. Nothing here
// writes the task row: finish.ts does that, fenced.
import { z } from "zod";
import type { Db } from "../db";
import { scheduleRefresh } from "../accounts";
import { encryptJson } from "../crypto";
import { recordSnapshot } from "../engagement";
import { loadAccount, type LoadedAccount } from "../social/accounts";
import { adapterFor, specFor } from "../social/registry";
import { PlatformError, type PlatformAdapter, type PublishContent } from "../social/types";
import { runAutopilot } from "../ai/autopilot";
import { writeTaskText } from "../ai/task";
import { PROCESS_MAX_DURATION_S } from "./budget";
import { decideAfterAbsent, failedOutcome, failureOutcome, retryableOutcome } from "./decide";
import { postingWait } from "./pace";
import type { ClaimedTask, TaskOutcome } from "./types";

export interface ExecuteDeps {
  prisma: Db;
  now: () => Date;
  publishTimeoutMs: number;
  /** Per-invocation cache so a batch for one account loads it once. */
  accounts: Map<string, Promise<LoadedAccount | null>>;
  /**
   * Called right before each platform call with a side effect (publish, token refresh): confirms
   * this invocation still holds the task and stretches its lease over `callMs`; throws
   * LeaseLostError (lib/scheduler/lease.ts) when it does not, so the call is never made.
   */
  holdLease: (task: ClaimedTask, callMs: number) => Promise<void>;
}

const MediaSchema = z.object({
  url: z.string().url(),
  type: z.enum(["image", "video", "gif"]),
  altText: z.string().max(2000).optional(),
  sizeBytes: z.number().int().positive().optional(),
});

const PublishConfig = z.object({
  link: z.string().url().optional(),
  media: z.array(MediaSchema).max(35).optional(),
  thread: z.array(z.string()).max(25).optional(),
  firstComment: z.string().max(10_000).optional(),
  brief: z.string().optional(),
  simulate: z.unknown().optional(),
  platformPostId: z.string().optional(),
});


/** Runs `fn` with an abort signal that fires after `ms`; a timeout becomes an in-doubt failure. */
async function withTimeout<T>(ms: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ctl = new AbortController();
  const timer = setTimeout(
    () => ctl.abort(new PlatformError("in_doubt", "timeout", `No answer from the platform within ${ms} ms.`)),
    ms,
  );
  try {
    return await Promise.race([
      fn(ctl.signal),
      new Promise<never>((_, reject) => ctl.signal.addEventListener("abort", () => reject(ctl.signal.reason), { once: true })),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function contentOf(task: ClaimedTask, cfg: z.infer<typeof PublishConfig>): PublishContent {
  return {
    text: task.content ?? "",
    link: cfg.link,
    media: cfg.media,
    thread: cfg.thread,
    firstComment: cfg.firstComment,
  };
}

/** No single publish may outlive the process route's maxDuration (less room for write-back). */
const MAX_PUBLISH_TIMEOUT_MS = (PROCESS_MAX_DURATION_S - 30) * 1000;

/** Allowed difference between our clock and the platform's when matching by time. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** When this task first went out (its earliest attempt), less the clock-skew margin. */
async function firstAttemptStart(task: ClaimedTask, deps: ExecuteDeps): Promise<Date> {
  const first = await deps.prisma.taskAttempt.findFirst({
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
  deps: ExecuteDeps,
  why: string,
): Promise<TaskOutcome> {
  let r;
  try {
    const since = await firstAttemptStart(task, deps);
    r = await withTimeout(deps.publishTimeoutMs, (signal) =>
      adapter.reconcile({ account, signal, idempotencyKey: task.idempotencyKey, content, since }),
    );
  } catch (err) {
    r = { state: "unknown" as const, reason: adapter.classify(err).message };
  }
  const now = deps.now();
  if (r.state === "found") {
    return { kind: "completed", adopted: true, result: { ...r.result, platform: account.platform, accountId: account.id, reconciled: why } };
  }
  if (r.state === "absent") {
    const d = decideAfterAbsent(task, now);
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

async function account(task: ClaimedTask, deps: ExecuteDeps, simulate: unknown): Promise<LoadedAccount | null> {
  if (!task.accountId) return null;
  // Per-task simulation overrides make the account object task-specific: skip the cache then.
  if (simulate !== undefined) return loadAccount(deps.prisma, task.workspaceId, task.accountId, simulate);
  let p = deps.accounts.get(task.accountId);
  if (!p) {
    p = loadAccount(deps.prisma, task.workspaceId, task.accountId);
    deps.accounts.set(task.accountId, p);
  }
  return p;
}

export async function executeTask(task: ClaimedTask, deps: ExecuteDeps): Promise<TaskOutcome> {
  const parsed = PublishConfig.safeParse(task.config ?? {});
  if (!parsed.success) return failedOutcome(task, "invalid_config", `The task's config is invalid: ${parsed.error.issues[0]?.message}`);
  const cfg = parsed.data;

  switch (task.type) {
    case "social_post":
    case "collect_engagement":
    case "refresh_token": {
      const acct = await account(task, deps, cfg.simulate);
      if (!acct) return failedOutcome(task, "account_missing", "The social account for this task no longer exists.");
      if (acct.status !== "active") {
        return failedOutcome(task, "account_needs_reconnect", `The ${acct.platform} account @${acct.handle} must be reconnected.`, "auth");
      }
      let adapter: PlatformAdapter;
      try {
        adapter = adapterFor(acct, { prisma: deps.prisma, now: deps.now });
      } catch (err) {
        const e = err instanceof PlatformError ? err : new PlatformError("permanent", "adapter_error", String(err));
        return failedOutcome(task, e.code, e.message, e.failureClass);
      }
      if (task.type === "social_post") {
        const content = contentOf(task, cfg);
        if (!content.text.trim() && cfg.brief) {
          // `content: null` with a brief: the agent writes this platform's text now, once.
          const written = await writeTaskText(task, adapter, acct, { brief: cfg.brief, link: cfg.link }, deps);
          if ("outcome" in written) return written.outcome;
          content.text = written.text;
        }
        return publish(task, adapter, acct, content, deps);
      }
      if (task.type === "collect_engagement") return collect(task, adapter, acct, cfg.platformPostId, deps);
      return refresh(task, adapter, acct, deps);
    }
    case "generate":
      return runAutopilot(task, deps.prisma, deps.now());
    case "reply":
      return failedOutcome(task, "unsupported_task_type", "Reply tasks are not scheduled; reply suggestions are made on demand (POST /api/agent/assist).");
    default: {
      const never: never = task.type;
      return failedOutcome(task, "unknown_task_type", `Unknown task type ${String(never)}.`);
    }
  }
}

async function publish(
  task: ClaimedTask,
  adapter: PlatformAdapter,
  acct: LoadedAccount,
  content: PublishContent,
  deps: ExecuteDeps,
): Promise<TaskOutcome> {
  // Validate again at publish time: the platform's rules may have changed since scheduling.
  const problems = adapter.validate(content);
  if (problems.length) return failedOutcome(task, "validation_failed", problems.map((p) => p.message).join(" "));
  const spec = specFor(acct.platform);
  const wait = await postingWait(deps.prisma, acct.id, spec, deps.now());
  if (wait) {
    const { max, windowS } = spec.postingLimit!;
    return {
      kind: "deferred",
      at: wait,
      message: `Waiting for ${spec.label}'s posting limit (${max} posts per ${Math.round(windowS / 60)} min) on @${acct.handle}.`,
    };
  }
  const timeout = Math.min(MAX_PUBLISH_TIMEOUT_MS, Math.max(deps.publishTimeoutMs, adapter.publishTimeoutMs?.(content) ?? 0));
  // Outside the try: a lost lease is no platform failure, and nothing was sent.
  await deps.holdLease(task, timeout);
  try {
    const r = await withTimeout(timeout, (signal) =>
      adapter.publish({ account: acct, signal, content, idempotencyKey: task.idempotencyKey, attempt: task.retryCount + 1 }),
    );
    return { kind: "completed", result: { ...r, platform: acct.platform, accountId: acct.id } };
  } catch (err) {
    const pe = adapter.classify(err);
    const o = failureOutcome(pe, task, deps.now());
    if (o !== "reconcile") return o;
    return reconcileTask(task, adapter, acct, content, deps, `The publish call ended in doubt (${pe.message}).`);
  }
}

async function collect(
  task: ClaimedTask,
  adapter: PlatformAdapter,
  acct: LoadedAccount,
  platformPostId: string | undefined,
  deps: ExecuteDeps,
): Promise<TaskOutcome> {
  let id = platformPostId;
  if (!id && task.postTargetId) {
    const t = await deps.prisma.postTarget.findFirst({
      where: { id: task.postTargetId, workspaceId: task.workspaceId },
      select: { platformPostId: true },
    });
    id = t?.platformPostId ?? undefined;
  }
  if (!id) return failedOutcome(task, "not_published", "There is no published post to collect engagement for.");
  try {
    const metrics = await withTimeout(deps.publishTimeoutMs, (signal) =>
      adapter.metrics({ account: acct, signal, platformPostId: id }),
    );
    if (task.postTargetId) {
      await recordSnapshot(deps.prisma, { workspaceId: task.workspaceId, postTargetId: task.postTargetId }, metrics, deps.now());
    }
    return { kind: "completed", result: { metrics, platformPostId: id, collectedAt: deps.now().toISOString() } };
  } catch (err) {
    const pe = adapter.classify(err);
    // Reading metrics has no side effects: an in-doubt read is simply retried.
    return retryableOutcome(pe, task, deps.now());
  }
}

/** New credentials over old ones; an empty or missing value never replaces a stored one. */
export function mergeCredentials(old: Record<string, string> | null, fresh: Record<string, string>): Record<string, string> {
  return { ...(old ?? {}), ...Object.fromEntries(Object.entries(fresh).filter(([, v]) => typeof v === "string" && v !== "")) };
}

async function refresh(task: ClaimedTask, adapter: PlatformAdapter, acct: LoadedAccount, deps: ExecuteDeps): Promise<TaskOutcome> {
  // A refresh may rotate the token: never two holders at once.
  await deps.holdLease(task, deps.publishTimeoutMs);
  try {
    const creds = await withTimeout(deps.publishTimeoutMs, (signal) => adapter.refresh({ account: acct, signal }));
    if (!creds) return { kind: "completed", result: { refreshed: false } };
    const { expiresAt, ...fresh } = creds;
    const merged = mergeCredentials(acct.credentials, fresh);
    const tokenExpiresAt = expiresAt ? new Date(expiresAt) : null;
    await deps.prisma.socialAccount.updateMany({
      where: { id: acct.id, workspaceId: task.workspaceId },
      data: { credentials: encryptJson(merged), ...(tokenExpiresAt && { tokenExpiresAt }) },
    });
    deps.accounts.delete(acct.id);
    await scheduleRefresh(deps.prisma, task.workspaceId, acct.id, tokenExpiresAt, deps.now());
    return { kind: "completed", result: { refreshed: true, tokenExpiresAt } };
  } catch (err) {
    const pe = adapter.classify(err);
    return retryableOutcome(pe, task, deps.now());
  }
}
