// What an inbox_sweep task does with what it read, whether a whole account's sweep
// (./inbox-sweep.ts) or one Instagram @mention from Meta's webhook (./inbox-mention.ts).
import { classifyWithAi } from "../inbox/classify-ai";
import { escalateNew } from "../inbox/escalate";
import type { Db } from "../db";
import { retryableOutcome } from "../scheduler/decide";
import type { ClaimedTask, TaskOutcome } from "../scheduler/types";
import { PlatformError } from "../social/types";

/** Labels the items just inserted (the model's when one is configured), then escalates them, which reads the labels. */
export async function labelAndEscalate(prisma: Db, workspaceId: string, inserted: readonly string[], now: Date, timeoutMs: number) {
  const classifiedByAi = await classifyWithAi(prisma, workspaceId, inserted, now, timeoutMs);
  const escalated = await escalateNew(prisma, workspaceId, inserted, now);
  return { classifiedByAi, escalated };
}

/** A read changes nothing on the network: any failure, one in doubt too, is retried on the backoff. */
export function readFailed(err: unknown, task: ClaimedTask, now: Date): TaskOutcome {
  const e = err instanceof PlatformError ? err : new PlatformError("transient", "inbox_error", (err as Error)?.message ?? String(err));
  return retryableOutcome(e.failureClass === "in_doubt" ? new PlatformError("transient", e.code, e.message, { httpStatus: e.httpStatus }) : e, task, now);
}
