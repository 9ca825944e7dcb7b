// webhook: send one delivery of one event to one endpoint (docs/decisions.md, "Webhooks").
// 2xx delivered; 410 Gone switches the endpoint off; a refused address fails for good; anything
// else (another status, a timeout, a network error) is retried on the scheduler's backoff and
// fails for good after the last retry. Every attempt is written to the delivery log. A lease that
// ran out is simply retried (no settleExpired): Standard Webhooks delivery is at least once, and
// the receiver drops a repeat by its webhook-id.
import { z } from "zod";
import { failedOutcome, retryableOutcome } from "../scheduler/decide";
import type { TaskContext, TaskHandler } from "../scheduler/handler";
import type { ClaimedTask, TaskOutcome } from "../scheduler/types";
import { attemptDelivery, disableGone, recordAttempt, WEBHOOK_TIMEOUT_MS } from "../webhooks";

const WebhookConfig = z.object({ deliveryId: z.string().min(1) });

async function run(task: ClaimedTask, ctx: TaskContext): Promise<TaskOutcome> {
  const cfg = WebhookConfig.safeParse(task.config ?? {});
  if (!cfg.success) return failedOutcome(task, "invalid_config", "The task has no delivery id.");
  const d = await ctx.prisma.webhookDelivery.findFirst({
    where: { id: cfg.data.deliveryId, workspaceId: task.workspaceId },
    select: { id: true, eventId: true, payload: true, status: true, endpoint: { select: { id: true, url: true, secret: true, enabled: true } } },
  });
  if (!d) return { kind: "completed", result: { sent: false, reason: "endpoint_deleted" } };
  if (d.status !== "pending") return { kind: "completed", result: { sent: false, reason: `already_${d.status}` } };
  const now = ctx.now();
  if (!d.endpoint.enabled) {
    await ctx.prisma.webhookDelivery.update({ where: { id: d.id }, data: { status: "failed", error: "The endpoint was switched off before this event was sent." } });
    return failedOutcome(task, "endpoint_disabled", "The webhook endpoint is switched off.");
  }
  await ctx.holdLease(task, WEBHOOK_TIMEOUT_MS);
  const r = await attemptDelivery(d.endpoint, d, now);
  if (r.kind === "delivered") {
    await recordAttempt(ctx.prisma, d.id, r, true, now);
    return { kind: "completed", result: { sent: true, status: r.status, ms: r.ms } };
  }
  if (r.kind === "gone") {
    await recordAttempt(ctx.prisma, d.id, r, true, now);
    await disableGone(ctx.prisma, d.endpoint.id, now);
    return { ...failedOutcome(task, "endpoint_gone", "The endpoint answered 410 Gone; it was switched off."), httpStatus: r.status } as TaskOutcome;
  }
  if (r.kind === "refused") {
    await recordAttempt(ctx.prisma, d.id, r, true, now);
    return failedOutcome(task, r.code, r.message);
  }
  const outcome = retryableOutcome({ failureClass: "transient", code: r.code, message: r.message, httpStatus: r.status }, task, now);
  await recordAttempt(ctx.prisma, d.id, r, outcome.kind === "failed", now);
  return outcome;
}

export const webhookTask: TaskHandler = { run };
