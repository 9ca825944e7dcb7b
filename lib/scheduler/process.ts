// One cron call: sweep expired leases, then claim and run due tasks with bounded concurrency
// (overall and per account) inside a time budget, and report what happened
// (docs/design.md, protocol 4, 5, 8, 9). What each task does is its handler's business (./handler.ts).
import { randomUUID } from "node:crypto";
import type { Db } from "../db";
import { logger } from "../logger";
import { mayClaim, SAFETY_MARGIN_MS } from "./budget";
import { failedOutcome, retryableOutcome } from "./decide";
import type { TaskContext, TaskHandler, TaskHandlers } from "./handler";
import { sleep } from "../sleep";
import { claimTasks } from "./sql/claim";
import { nextDue } from "./sql/next-due";
import { countDue } from "./sql/count-due";
import { coalescer } from "./coalesce";
import { moreCalls } from "./fan-out";
import { pacer } from "./pace";
import { finishTasks, markAccount, type Finish } from "./sql/finish";
import { holdLeases, LeaseLostError, PublishingPausedError } from "./sql/hold-lease";
import { reclaimExpired } from "./sql/reclaim-expired";
import { releaseUnstarted } from "./sql/release-unstarted";
import type { ClaimedTask, TaskOutcome } from "./types";
import { clock } from "../clock";
import { reportError } from "../observability/report";
import { inSpan, withNetwork } from "../observability/trace";

/**
 * Work a call queues before it claims (the engagement sweep, lib/engagement-sweep.ts): it must
 * stay within `timeoutMs`; what it queues is due now, so the same call's claims pick it up.
 */
export type BeforeClaim = (at: { prisma: Db; now: Date; workspaceId?: string; timeoutMs: number }) => Promise<{
  queued: number;
  /** Another invocation is doing it. */
  busy?: boolean;
}>;

export interface ProcessOptions {
  prisma: Db;
  /** What each task type does (assembled in lib/agent-scheduler.ts). */
  handlers: TaskHandlers;
  now?: () => Date;
  invocationId?: string;
  /** How long this call may keep claiming, in ms. */
  budgetMs: number;
  /**
   * How long the call may live at all (the route's maxDuration less a margin); every publish it
   * starts must fit inside. Defaults to budgetMs: then claiming stops a publish timeout early.
   */
  hardLimitMs?: number;
  leaseMs: number;
  batchSize: number;
  concurrency: number;
  perAccountConcurrency: number;
  publishTimeoutMs: number;
  /** Only this workspace's tasks (tests, manual runs); all workspaces when absent. */
  workspaceId?: string;
  /**
   * Queued before claiming; a failure is logged and never stops publishing. The cron path
   * (lib/agent-scheduler.ts) passes the engagement sweep; absent, nothing is queued.
   */
  beforeClaim?: BeforeClaim;
  /**
   * On time (docs/design.md, "On time"): claim tasks up to `lookaheadMs` before they fall due and
   * start each at its time; with nothing to claim, wait for the next task that falls due before
   * the claim window ends, looking for new ones every `pollMs`. Absent: only tasks due now, and
   * the call ends when none are left.
   */
  onTime?: { lookaheadMs: number; pollMs: number };
  /**
   * Fan-out (docs/design.md, "Fan-out"): when the due backlog would take this call longer than
   * FANOUT_CATCH_UP_MS (./fan-out.ts) at the rate it is going, start more process calls (at most `max` in all),
   * each claiming its own share. `start(budgetMs)` starts one that claims for `budgetMs` and
   * resolves with its summary when it answers. Absent: this call works alone.
   */
  fanOut?: { max: number; start: (budgetMs: number) => Promise<ProcessSummary> };
}

/** How often a call looks at its backlog (and how long it runs before the first look). */
const FANOUT_CHECK_MS = 1_000;

export interface ProcessSummary {
  invocationId: string;
  claimed: number;
  completed: number;
  retried: number;
  failed: number;
  /** Ended in doubt and could not be proven either way: waiting for a person. */
  needsReview: number;
  /** In-doubt publishes found on the platform and adopted as completed. */
  adopted: number;
  /** Tasks whose lease had expired, taken over and reconciled. */
  reclaimed: number;
  /** Not attempted because the account was at its platform's posting limit; rescheduled. */
  deferred: number;
  /** Write-backs refused because another invocation held the task (should stay 0). */
  lostLeases: number;
  /** Due tasks left for the next call. */
  stillDue: number;
  /**
   * Due tasks left pending because their workspace's publishing is paused (docs/decisions.md,
   * "Emergency stop"): not claimed, not in `stillDue`; they go out on the first call after the resume.
   */
  heldByPause: number;
  /** Claimed before they fell due and started at their time (`onTime`). */
  startedOnTime: number;
  /** Process calls this one started to share its backlog (`fanOut`), and what they did. */
  fanOut: { started: number; answered: number; failed: number; completed: number };
  /** Tasks queued by `beforeClaim`: engagement collections from the sweep (lib/engagement-sweep.ts). */
  engagementQueued: number;
  ms: number;
}

/** A counting semaphore per key (the account), so one account never gets a burst. */
class KeyedLimiter {
  private active = new Map<string, number>();
  private waiters = new Map<string, (() => void)[]>();
  constructor(private readonly limit: number) {}

  async acquire(key: string): Promise<void> {
    const n = this.active.get(key) ?? 0;
    if (n < this.limit) {
      this.active.set(key, n + 1);
      return;
    }
    await new Promise<void>((resolve) => {
      const q = this.waiters.get(key) ?? [];
      q.push(resolve);
      this.waiters.set(key, q);
    });
  }

  release(key: string): void {
    const next = this.waiters.get(key)?.shift();
    if (next) return next(); // hand the slot straight over
    const n = (this.active.get(key) ?? 1) - 1;
    if (n <= 0) this.active.delete(key);
    else this.active.set(key, n);
  }
}

function tally(summary: ProcessSummary, outcome: TaskOutcome): void {
  switch (outcome.kind) {
    case "completed":
      if (outcome.adopted) summary.adopted++;
      else summary.completed++;
      break;
    case "retry":
      summary.retried++;
      break;
    case "failed":
      summary.failed++;
      break;
    case "needs_review":
      summary.needsReview++;
      break;
    case "deferred":
      summary.deferred++;
      break;
  }
}

/**
 * How long a write-back waits for others to share its statement (docs/design.md, "Batched
 * write-backs"); no worker waits for it.
 */
const BATCH_DELAY_MS = 20;

const EXPIRED = "The previous attempt was interrupted before its result was saved.";

/** What to do with a task whose previous holder's lease ran out (protocol 5). */
function settleExpired(task: ClaimedTask, handler: TaskHandler | undefined, ctx: TaskContext): Promise<TaskOutcome> {
  if (handler?.settleExpired) return handler.settleExpired(task, ctx, EXPIRED);
  // Reads and refreshes have no side effect worth doubting: count the attempt, retry.
  return Promise.resolve(retryableOutcome({ failureClass: "transient", code: "lease_expired", message: EXPIRED }, task, ctx.now()));
}

function runHandler(task: ClaimedTask, handler: TaskHandler | undefined, ctx: TaskContext): Promise<TaskOutcome> {
  if (!handler) return Promise.resolve(failedOutcome(task, "unknown_task_type", `No handler for task type ${task.type}.`));
  return handler.run(task, ctx);
}

/**
 * One process call; with tracing on, a `herald.process` span whose children are its tasks
 * (docs/decisions.md, "Observability").
 */
export function processPendingTasks(opts: ProcessOptions): Promise<ProcessSummary> {
  const invocationId = opts.invocationId ?? `inv_${randomUUID()}`;
  return inSpan("herald.process", { "herald.invocation_id": invocationId }, async (span) => {
    const summary = await processCall({ ...opts, invocationId });
    span?.setAttributes({
      "herald.claimed": summary.claimed,
      "herald.completed": summary.completed,
      "herald.retried": summary.retried,
      "herald.failed": summary.failed,
      "herald.still_due": summary.stillDue,
    });
    return summary;
  });
}

/** One task's span: what it is, never what it says (no content, no config, no credentials). */
function runTraced(task: ClaimedTask, handler: TaskHandler | undefined, ctx: TaskContext): Promise<TaskOutcome> {
  const attributes = {
    "herald.task.id": task.id,
    "herald.task.type": task.type,
    "herald.task.attempt": task.retryCount + 1,
    ...(task.platform ? { "herald.network": task.platform } : {}),
  };
  return inSpan("herald.task", attributes, async (span) => {
    const outcome = await withNetwork(task.platform, () => runHandler(task, handler, ctx));
    span?.setAttribute("herald.task.outcome", outcome.kind);
    return outcome;
  });
}

async function processCall(opts: ProcessOptions & { invocationId: string }): Promise<ProcessSummary> {
  const now = opts.now ?? clock.now;
  const invocationId = opts.invocationId;
  // Budgets are elapsed time (monotonic), not the clock that tests move.
  const started = performance.now();
  const deadline = started + opts.budgetMs;
  const hardDeadline = started + (opts.hardLimitMs ?? opts.budgetMs);
  const canClaim = () => mayClaim(performance.now(), deadline, hardDeadline, opts.publishTimeoutMs);
  const prisma = opts.prisma;
  const summary: ProcessSummary = {
    invocationId,
    claimed: 0,
    completed: 0,
    retried: 0,
    failed: 0,
    needsReview: 0,
    adopted: 0,
    reclaimed: 0,
    deferred: 0,
    lostLeases: 0,
    stillDue: 0,
    heldByPause: 0,
    startedOnTime: 0,
    fanOut: { started: 0, answered: 0, failed: 0, completed: 0 },
    engagementQueued: 0,
    ms: 0,
  };
  const log = logger.child({ invocationId });
  // Lease holds and write-backs of tasks running side by side go in shared statements.
  // A hold stands between a task and its platform call, so it waits for nobody; a write-back
  // waits BATCH_DELAY_MS for others, beside the workers.
  const max = Math.max(opts.batchSize, opts.concurrency);
  const holds = coalescer((items: { id: string; until: Date }[]) => holdLeases(prisma, items, { invocationId, now: now() }), { max });
  const finishes = coalescer((items: Finish[]) => finishTasks(prisma, items, { invocationId, now: now() }), {
    max,
    delayMs: BATCH_DELAY_MS,
  });
  const ctx: TaskContext = {
    prisma,
    now,
    publishTimeoutMs: opts.publishTimeoutMs,
    cache: new Map(),
    pace: pacer(prisma),
    // Covers the call, the write-back after it and the margin; a takeover makes it fail.
    holdLease: async (task, callMs) => {
      const until = new Date(now().getTime() + callMs + SAFETY_MARGIN_MS * 2);
      const held = await holds.add({ id: task.id, until });
      if (held === "paused") throw new PublishingPausedError(task.id);
      if (!held) throw new LeaseLostError(task.id);
    },
  };

  const handlerOf = (task: ClaimedTask): TaskHandler | undefined => opts.handlers[task.type];
  // Write-backs run beside the workers (a worker moves on once its platform call is over); the
  // call waits for all of them before it answers, and a failed one fails the call.
  const writes = new Set<Promise<void>>();
  let writeError: unknown = null;
  const writeBack = (task: ClaimedTask, outcome: TaskOutcome) => {
    const failure =
      outcome.kind === "completed" || outcome.kind === "deferred"
        ? undefined
        : { failureClass: outcome.failureClass, retryAt: outcome.kind === "retry" ? outcome.at : undefined };
    const write = (async () => {
      // What the platform said about the account holds even if the task's result is discarded.
      if (failure && task.accountId) await markAccount(prisma, task.accountId, failure, now());
      const ok = await finishes.add({ task, outcome, handler: handlerOf(task) });
      if (!ok) {
        summary.lostLeases++;
        log.warn({ taskId: task.id }, "lease lost before write-back; result discarded");
        return;
      }
      tally(summary, outcome);
      await handlerOf(task)?.afterWrite?.(task, outcome, ctx).catch((err: unknown) => log.error({ err, taskId: task.id }, "after-write step failed"));
    })()
      .catch((err: unknown) => {
        writeError ??= err;
      })
      .finally(() => writes.delete(write));
    writes.add(write);
    return write;
  };

  // 1. Expired leases first: reconcile, never blindly re-run.
  while (canClaim()) {
    const expired = await reclaimExpired(prisma, {
      invocationId,
      now: now(),
      limit: opts.batchSize,
      leaseMs: opts.leaseMs,
      workspaceId: opts.workspaceId,
    });
    summary.reclaimed += expired.length;
    await Promise.all(expired.map(async (t) => writeBack(t, await settleExpired(t, handlerOf(t), ctx))));
    if (expired.length < opts.batchSize) break;
  }

  // 1b. Work queued before claiming (stale engagement of recent posts). Bounded in time; a
  // failure is logged and never stops publishing.
  if (opts.beforeClaim && canClaim()) {
    try {
      const swept = await opts.beforeClaim({
        prisma,
        now: now(),
        workspaceId: opts.workspaceId,
        timeoutMs: deadline - performance.now(),
      });
      summary.engagementQueued = swept.queued;
      if (swept.busy) log.debug("another invocation is queueing before claims; skipped");
    } catch (err) {
      log.error({ err }, "queueing before claims failed; publishing goes on");
    }
  }

  // 2. Claim and run due tasks: a pool of workers fed by claims made only while time remains.
  const queue: ClaimedTask[] = [];
  let exhausted = false;
  let claiming: Promise<void> | null = null;
  const limiter = new KeyedLimiter(opts.perAccountConcurrency);
  let inFlight = 0;
  // On time: when the next claim may look again (elapsed ms), while waiting for a later task.
  let resumeAt = 0;
  const claimWindowLeft = () => deadline - performance.now();

  // Fan-out: this call's pace so far, and the calls it started.
  let finished = 0;
  let firstClaimAt = 0;
  let lastLook = 0;
  const children: Promise<void>[] = [];
  const considerFanOut = async (dueBy: Date) => {
    const fan = opts.fanOut;
    const t = performance.now();
    if (!fan || summary.fanOut.started >= fan.max || !firstClaimAt) return;
    if (t - firstClaimAt < FANOUT_CHECK_MS || t - lastLook < FANOUT_CHECK_MS || finished === 0) return;
    lastLook = t;
    const window = claimWindowLeft();
    if (window < FANOUT_CHECK_MS) return;
    const backlog = (await countDue(prisma, { now: dueBy, workspaceId: opts.workspaceId })).due;
    const more = moreCalls({ finished, elapsedMs: t - firstClaimAt, backlog, started: summary.fanOut.started, max: fan.max, windowMs: window });
    for (let i = 0; i < more; i++) {
      summary.fanOut.started++;
      children.push(
        fan.start(window).then(
          (child) => {
            summary.fanOut.answered++;
            summary.fanOut.completed += child.completed;
          },
          (err: unknown) => {
            summary.fanOut.failed++;
            log.warn({ err }, "a fan-out call failed");
          },
        ),
      );
    }
    if (more > 0) log.info({ backlog, started: more, finished }, "fanned out");
  };

  /** With nothing left to claim: wait for the next task due inside the claim window, or stop. */
  const idleUntilNextDue = async (dueBy: Date, at: Date) => {
    if (!opts.onTime) return (exhausted = true);
    const next = await nextDue(prisma, { after: dueBy, now: at, workspaceId: opts.workspaceId });
    const wait = next ? next.getTime() - opts.onTime.lookaheadMs - now().getTime() : Infinity;
    if (wait >= claimWindowLeft()) return (exhausted = true);
    // Claims come at most every half lookahead: each still takes tasks before they fall due, and
    // a steady trickle is claimed in batches rather than one claim (and one look ahead) per task.
    resumeAt = performance.now() + Math.max(opts.onTime.lookaheadMs / 2, Math.min(wait, opts.onTime.pollMs));
  };

  const refill = () => {
    claiming ??= (async () => {
      try {
        const idle = Math.min(resumeAt - performance.now(), claimWindowLeft());
        if (idle > 0) await sleep(idle);
        if (!canClaim()) return void (exhausted = true);
        const want = Math.min(opts.batchSize, opts.concurrency * 2 - inFlight - queue.length);
        if (want <= 0) return;
        const at = now();
        const ahead = opts.onTime ? Math.max(0, Math.min(opts.onTime.lookaheadMs, claimWindowLeft())) : 0;
        const dueBy = new Date(at.getTime() + ahead);
        const rows = await claimTasks(prisma, {
          invocationId,
          now: at,
          dueBy,
          limit: want,
          leaseMs: opts.leaseMs,
          workspaceId: opts.workspaceId,
        });
        summary.claimed += rows.length;
        queue.push(...rows);
        if (rows.length && !firstClaimAt) firstClaimAt = performance.now();
        if (rows.length === want) void considerFanOut(dueBy).catch((err) => log.warn({ err }, "could not look at the backlog"));
        if (rows.length < want) await idleUntilNextDue(dueBy, at);
      } catch (err) {
        // The database is unreachable or refused: stop claiming, finish what is in hand.
        log.error({ err }, "claim failed");
        exhausted = true;
      } finally {
        claiming = null;
      }
    })();
    return claiming;
  };

  const runOne = async (task: ClaimedTask) => {
    const key = task.accountId ?? `task:${task.id}`;
    await limiter.acquire(key);
    inFlight++;
    try {
      let outcome: TaskOutcome;
      try {
        outcome = await runTraced(task, handlerOf(task), ctx);
      } catch (err) {
        if (err instanceof LeaseLostError) {
          // Another invocation took the task over; it reconciles it. Nothing was sent here.
          summary.lostLeases++;
          log.warn({ taskId: task.id }, "lease lost before the platform call; task left to its new holder");
          return;
        }
        if (err instanceof PublishingPausedError) {
          // The workspace paused publishing after the claim: nothing was sent; the task waits,
          // pending and untouched, for the first call after the resume.
          await releaseUnstarted(prisma, [task], { invocationId, now: now() });
          log.info({ taskId: task.id }, "publishing paused before the platform call; task handed back");
          return;
        }
        // A bug or a database hiccup: never lose the task; retry it like a transient failure.
        log.error({ err, taskId: task.id }, "task execution threw");
        reportError(err, { taskId: task.id, taskType: task.type });
        const message = "Herald hit an internal error while running this task; it will retry.";
        outcome = retryableOutcome({ failureClass: "transient", code: "internal_error", message }, task, now());
      }
      finished++;
      void writeBack(task, outcome);
    } finally {
      inFlight--;
      limiter.release(key);
    }
  };

  // Out of time: hand back everything claimed but not started, at once (fenced).
  const releaseQueue = async () => {
    const unstarted = queue.splice(0);
    if (unstarted.length) await releaseUnstarted(prisma, unstarted, { invocationId, now: now() });
  };

  const worker = async () => {
    for (;;) {
      // No task starts once the budget is spent or its publish would not fit before the end.
      if (!canClaim()) return releaseQueue();
      let task = queue.shift();
      if (!task) {
        if (exhausted) return;
        await refill();
        task = queue.shift();
        if (!task) {
          if (exhausted) return;
          continue;
        }
        if (!canClaim()) {
          queue.unshift(task);
          return releaseQueue();
        }
      } else if (queue.length < opts.concurrency && !exhausted) {
        void refill(); // keep the queue topped up while this worker runs
      }
      // Claimed ahead of its time (onTime): start it at its time, if the call still may.
      const early = new Date(task.scheduledAt).getTime() - now().getTime();
      if (early > 0) {
        await sleep(early);
        if (!canClaim()) {
          queue.unshift(task);
          return releaseQueue();
        }
        task.processingStartedAt = now();
        summary.startedOnTime++;
      }
      await runOne(task);
    }
  };

  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  // A claim still in flight when the workers stopped: its rows go back too.
  if (claiming) await claiming;
  await releaseQueue();
  await Promise.all(writes);
  // The calls this one started answer within their budget; wait for them while this call may live.
  if (children.length) {
    const stop = new AbortController();
    await Promise.race([Promise.all(children), sleep(hardDeadline - performance.now(), stop.signal).catch(() => undefined)]);
    stop.abort();
  }
  if (writeError) throw writeError;

  const left = await countDue(prisma, { now: now(), workspaceId: opts.workspaceId });
  summary.stillDue = left.due;
  summary.heldByPause = left.held;
  summary.ms = Math.round(performance.now() - started);
  log.info(summary, "process run finished");
  return summary;
}
