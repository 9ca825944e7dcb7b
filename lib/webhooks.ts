// Outgoing webhooks (docs/decisions.md, "Webhooks"). An admin registers an endpoint URL for some
// event types; each event becomes one WebhookDelivery row and one `webhook` task per endpoint,
// written on the caller's transaction, so an event commits or rolls back with the state change
// that causes it. The task (lib/tasks/webhook.ts) signs the payload Standard Webhooks style and
// sends it through the guarded fetch, retried on the scheduler's backoff.
import { createHash, createHmac, randomBytes } from "node:crypto";
import { z } from "zod";
import { decryptJson, encryptJson } from "./crypto";
import type { Db, Tx } from "./db";
import { appUrl, env } from "./env";
import { HeraldError, unknownCursor } from "./errors";
import type { Prisma } from "./generated/prisma/client";
import { checkTarget, guardedFetch, redactUrl, refusalOf } from "./net/guarded-fetch";

/** The events an endpoint may subscribe to. `webhook.test` is only sent by the test button. */
export const WEBHOOK_EVENTS = ["post.published", "post.failed", "post.needs_review", "account.needs_reconnect", "inbox.item"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];
export const TEST_EVENT = "webhook.test";

/** Words for the settings page. */
export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, string> = {
  "post.published": "A post was published",
  "post.failed": "A post failed for good or ended in doubt",
  "post.needs_review": "A post waits for approval",
  "account.needs_reconnect": "An account needs reconnecting",
  "inbox.item": "A new inbox item",
};

/** How long one delivery may take, connection to last byte of the answer's head. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
const MAX_ERROR = 500;
const MAX_ENDPOINTS = 20;

// ---------------------------------------------------------------------------------------------
// Signing (Standard Webhooks 1.0: https://www.standardwebhooks.com — the spec, not a file here).

/** A new secret as shown once: `whsec_` and 24 random bytes in base64. */
export function newSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` with the secret's bytes (after `whsec_`). */
export function sign(secret: string, id: string, timestampS: number, body: string): string {
  const key = Buffer.from(secret.startsWith("whsec_") ? secret.slice(6) : secret, "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestampS}.${body}`).digest("base64")}`;
}

/** The headers of one signed request. */
export function signedHeaders(secret: string, id: string, timestampS: number, body: string): Record<string, string> {
  return {
    "content-type": "application/json",
    "user-agent": "Herald-Webhooks/1",
    "webhook-id": id,
    "webhook-timestamp": String(timestampS),
    "webhook-signature": sign(secret, id, timestampS, body),
  };
}

// ---------------------------------------------------------------------------------------------
// Emitting: on the caller's transaction (docs/decisions.md, "Webhooks").

export interface WebhookEvent {
  workspaceId: string;
  type: WebhookEventType;
  /** Names the cause (like a notification's dedupe key): the same cause is delivered once. */
  key: string;
  /** Ids and links, never secrets. Built only when some endpoint wants the event. */
  data: Record<string, unknown> | (() => Promise<Record<string, unknown> | null>);
  now: Date;
}

/** The webhook-id of a cause: stable, so a second emit of it adds nothing. */
export function eventIdOf(workspaceId: string, type: string, key: string): string {
  return `msg_${createHash("sha256").update(`${workspaceId}\n${type}\n${key}`).digest("base64url").slice(0, 27)}`;
}

/** A link into the dashboard for payloads: the deployment's address and a path. */
export function dashboardLink(path: string): string {
  return `${appUrl()}${path}`;
}

/**
 * Queues the event for every enabled endpoint of the workspace that subscribed to it: one delivery
 * row and one `webhook` task each, on `tx`. Returns the number of deliveries created (0 when none
 * wants it, or the cause was emitted before).
 */
export async function emitWebhookEvent(tx: Tx | Db, ev: WebhookEvent): Promise<number> {
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { workspaceId: ev.workspaceId, enabled: true, events: { has: ev.type } },
    select: { id: true },
  });
  if (!endpoints.length) return 0;
  const data = typeof ev.data === "function" ? await ev.data() : ev.data;
  if (!data) return 0;
  const eventId = eventIdOf(ev.workspaceId, ev.type, ev.key);
  const payload = { type: ev.type, timestamp: ev.now.toISOString(), data } as Prisma.InputJsonObject;
  const created = await tx.webhookDelivery.createManyAndReturn({
    data: endpoints.map((e) => ({
      workspaceId: ev.workspaceId,
      endpointId: e.id,
      eventId,
      eventType: ev.type,
      payload,
      createdAt: ev.now,
    })),
    skipDuplicates: true,
    select: { id: true },
  });
  if (!created.length) return 0;
  await tx.agentTask.createMany({
    data: created.map((d) => ({
      workspaceId: ev.workspaceId,
      type: "webhook" as const,
      scheduledAt: ev.now,
      config: { deliveryId: d.id },
      idempotencyKey: `webhook-${d.id}`,
      createdAt: ev.now,
      updatedAt: ev.now,
    })),
    skipDuplicates: true,
  });
  return created.length;
}

/** post.published for one target the scheduler has written back as published. */
export async function emitPublished(prisma: Db, t: { workspaceId: string; postTargetId: string; taskId: string }, now: Date): Promise<number> {
  return emitWebhookEvent(prisma, {
    workspaceId: t.workspaceId,
    type: "post.published",
    key: `published:${t.postTargetId}`,
    data: async () => {
      const target = await prisma.postTarget.findFirst({
        where: { id: t.postTargetId, workspaceId: t.workspaceId, status: "published" },
        select: { postId: true, accountId: true, platform: true, platformPostId: true, url: true, publishedAt: true, account: { select: { handle: true } } },
      });
      if (!target) return null;
      return {
        postId: target.postId,
        postTargetId: t.postTargetId,
        taskId: t.taskId,
        accountId: target.accountId,
        platform: target.platform,
        handle: target.account.handle,
        platformPostId: target.platformPostId,
        url: target.url,
        publishedAt: target.publishedAt?.toISOString() ?? null,
        link: dashboardLink("/dashboard/posts"),
      };
    },
    now,
  });
}

/**
 * inbox.item for a new item of the community inbox (docs/decisions.md, "Webhooks"): for the inbox
 * to call on the transaction that stores the item. Ids and a link; the item's text stays in Herald.
 */
export function emitInboxItem(tx: Tx | Db, i: { workspaceId: string; inboxItemId: string; accountId: string; platform: string; kind: string; now: Date }): Promise<number> {
  return emitWebhookEvent(tx, {
    workspaceId: i.workspaceId,
    type: "inbox.item",
    key: `inbox:${i.inboxItemId}`,
    data: { inboxItemId: i.inboxItemId, accountId: i.accountId, platform: i.platform, kind: i.kind, link: dashboardLink("/dashboard/inbox") },
    now: i.now,
  });
}

// ---------------------------------------------------------------------------------------------
// Sending one attempt (the task and the test button).

export type AttemptResult =
  | { kind: "delivered"; status: number; ms: number }
  /** 410 Gone: the receiver asks never to be called again. */
  | { kind: "gone"; status: number; ms: number }
  /** The guarded fetch refused the address: no byte was sent. */
  | { kind: "refused"; code: string; message: string; ms: number }
  | { kind: "failed"; status?: number; code: string; message: string; ms: number };

/** Signs and posts one delivery's payload; never throws. */
export async function attemptDelivery(
  endpoint: { url: string; secret: string },
  delivery: { eventId: string; payload: unknown },
  now: Date,
  timeoutMs = WEBHOOK_TIMEOUT_MS,
): Promise<AttemptResult> {
  const body = JSON.stringify(delivery.payload);
  const secret = decryptJson<string>(endpoint.secret);
  const headers = signedHeaders(secret, delivery.eventId, Math.floor(now.getTime() / 1000), body);
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    // Redirects are not followed: the endpoint's address is the one an admin registered.
    const res = await guardedFetch(endpoint.url, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    // The receiver's answer is not read or kept: only its status matters.
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { kind: "delivered", status: res.status, ms: ms() };
    if (res.status === 410) return { kind: "gone", status: res.status, ms: ms() };
    return { kind: "failed", status: res.status, code: `http_${res.status}`, message: `The endpoint answered HTTP ${res.status}.`, ms: ms() };
  } catch (err) {
    const refused = refusalOf(err);
    if (refused) return { kind: "refused", code: refused.code, message: refused.message, ms: ms() };
    const name = (err as { name?: string }).name;
    if (name === "TimeoutError" || name === "AbortError") {
      return { kind: "failed", code: "timeout", message: `The endpoint did not answer within ${Math.round(timeoutMs / 1000)} s.`, ms: ms() };
    }
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
    return { kind: "failed", code: cause ? `network_${String(cause).toLowerCase()}` : "network_error", message: `Could not reach ${hostOf(endpoint.url)}${cause ? ` (${cause})` : ""}.`, ms: ms() };
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "the endpoint";
  }
}

/** Writes one attempt to its delivery row; `final` says whether no retry follows. */
export async function recordAttempt(prisma: Db | Tx, deliveryId: string, r: AttemptResult, final: boolean, now: Date): Promise<void> {
  const ok = r.kind === "delivered";
  await prisma.webhookDelivery.update({
    where: { id: deliveryId },
    data: {
      attempts: { increment: 1 },
      status: ok ? "delivered" : final ? "failed" : "pending",
      responseStatus: "status" in r ? (r.status ?? null) : null,
      error: ok ? null : r.kind === "gone" ? "The endpoint answered 410 Gone; it was switched off." : r.message.slice(0, MAX_ERROR),
      durationMs: r.ms,
      lastAttemptAt: now,
      ...(ok && { deliveredAt: now }),
    },
  });
}

/** A 410 Gone switches the endpoint off (an admin can switch it on again). */
export async function disableGone(prisma: Db | Tx, endpointId: string, now: Date): Promise<void> {
  await prisma.webhookEndpoint.updateMany({ where: { id: endpointId, enabled: true }, data: { enabled: false, disabledReason: "gone", updatedAt: now } });
}

// ---------------------------------------------------------------------------------------------
// Endpoints (admins; every query scoped to the workspace).

const EventType = z.enum(WEBHOOK_EVENTS, { error: `Unknown event; use one of: ${WEBHOOK_EVENTS.join(", ")}.` });
const Url = z
  .string()
  .trim()
  .min(1, "Enter the endpoint's address.")
  .max(2000, "The address is longer than 2000 characters.")
  .refine((v) => {
    try {
      return ["http:", "https:"].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, "Enter an http or https address, like https://example.com/hooks/herald.");
const Events = z.array(EventType).min(1, "Choose at least one event.").max(WEBHOOK_EVENTS.length).transform((e) => [...new Set(e)]);

export const CreateWebhookEndpointInput = z.strictObject({
  url: Url,
  description: z.string().trim().max(200, "The description is longer than 200 characters.").optional(),
  events: Events,
});
export const UpdateWebhookEndpointInput = z
  .strictObject({
    url: Url.optional(),
    description: z.string().trim().max(200, "The description is longer than 200 characters.").optional(),
    events: Events.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "Send at least one of url, description, events, enabled.");
export const DeliveriesQuery = z.strictObject({
  cursor: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/**
 * Refuses, with a field error, a private, local or reserved address (checked again on every send),
 * then a plain-http one in production, where deliveries must not be readable on the way
 * (docs/decisions.md, "Webhooks"; development and tests may use http).
 */
async function assertPublicUrl(url: string): Promise<void> {
  const refusal = (message: string) => new HeraldError("validation_failed", message, { fields: [{ path: "url", message }] });
  // null: a name that does not resolve now is let through; its deliveries report it.
  const refused = await checkTarget(url).then(
    () => undefined,
    (err: unknown) => refusalOf(err) ?? null,
  );
  if (refused) throw refusal(`${refused.message} Enter a public address.`);
  if (env().NODE_ENV === "production" && new URL(url).protocol !== "https:") {
    throw refusal("The endpoint's address must start with https://, so that nobody on the way can read the deliveries.");
  }
}

const endpointSelect = {
  id: true,
  url: true,
  description: true,
  events: true,
  enabled: true,
  disabledReason: true,
  createdAt: true,
  updatedAt: true,
} as const;

type EndpointRow = Prisma.WebhookEndpointGetPayload<{ select: typeof endpointSelect }>;

function endpointView(row: EndpointRow) {
  // Never the secret; the address without a user name or password.
  return { ...row, url: redactUrl(row.url) };
}

async function endpointOr404(prisma: Db | Tx, workspaceId: string, id: string) {
  const row = await prisma.webhookEndpoint.findFirst({ where: { id, workspaceId }, select: { ...endpointSelect, secret: true } });
  if (!row) throw new HeraldError("not_found", "No webhook endpoint with this id in this workspace.");
  return row;
}

const deliverySelect = {
  id: true,
  endpointId: true,
  eventId: true,
  eventType: true,
  status: true,
  attempts: true,
  responseStatus: true,
  error: true,
  durationMs: true,
  createdAt: true,
  lastAttemptAt: true,
  deliveredAt: true,
} as const;

export async function listWebhookEndpoints(prisma: Db, workspaceId: string) {
  const rows = await prisma.webhookEndpoint.findMany({ where: { workspaceId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: endpointSelect });
  return rows.map(endpointView);
}

/** Creates an endpoint; its secret is in this answer once and stored encrypted. */
export async function createWebhookEndpoint(prisma: Db, workspaceId: string, v: z.infer<typeof CreateWebhookEndpointInput>, now: Date) {
  await assertPublicUrl(v.url);
  const count = await prisma.webhookEndpoint.count({ where: { workspaceId } });
  if (count >= MAX_ENDPOINTS) throw new HeraldError("conflict", `A workspace can have at most ${MAX_ENDPOINTS} webhook endpoints; delete one first.`);
  const secret = newSecret();
  const row = await prisma.webhookEndpoint.create({
    data: { workspaceId, url: v.url, description: v.description ?? "", events: v.events, secret: encryptJson(secret), createdAt: now, updatedAt: now },
    select: endpointSelect,
  });
  return { endpoint: endpointView(row), secret };
}

export async function updateWebhookEndpoint(prisma: Db, workspaceId: string, id: string, v: z.infer<typeof UpdateWebhookEndpointInput>, now: Date) {
  await endpointOr404(prisma, workspaceId, id);
  if (v.url !== undefined) await assertPublicUrl(v.url);
  const row = await prisma.webhookEndpoint.update({
    where: { id },
    data: {
      ...v,
      // Switched on again (or off by a person): Herald's reason no longer applies.
      ...(v.enabled !== undefined && { disabledReason: null }),
      updatedAt: now,
    },
    select: endpointSelect,
  });
  return endpointView(row);
}

/** Deletes the endpoint with its deliveries; their pending tasks find nothing and complete. */
export async function deleteWebhookEndpoint(prisma: Db, workspaceId: string, id: string) {
  const r = await prisma.webhookEndpoint.deleteMany({ where: { id, workspaceId } });
  if (!r.count) throw new HeraldError("not_found", "No webhook endpoint with this id in this workspace.");
  return { id };
}

/** The endpoint's deliveries, newest first, a page after `cursor` (one of its own). */
export async function listDeliveries(prisma: Db, workspaceId: string, endpointId: string, q: z.infer<typeof DeliveriesQuery>) {
  await endpointOr404(prisma, workspaceId, endpointId);
  const mine = { workspaceId, endpointId };
  let after = {};
  if (q.cursor) {
    const c = await prisma.webhookDelivery.findFirst({ where: { ...mine, id: q.cursor }, select: { id: true, createdAt: true } });
    if (!c) throw unknownCursor();
    after = { OR: [{ createdAt: { lt: c.createdAt } }, { createdAt: c.createdAt, id: { lt: c.id } }] };
  }
  const rows = await prisma.webhookDelivery.findMany({
    where: { ...mine, ...after },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    select: deliverySelect,
  });
  const page = rows.slice(0, q.limit);
  return { deliveries: page, nextCursor: rows.length > q.limit ? page[page.length - 1].id : null };
}

/**
 * The test button: a `webhook.test` event sent now (even to a switched-off endpoint, so an admin
 * can check it before switching it on), logged like any delivery, answered with its result. No
 * retry: the admin presses again.
 */
export async function sendTestEvent(prisma: Db, workspaceId: string, endpointId: string, now: Date, timeoutMs = WEBHOOK_TIMEOUT_MS) {
  const endpoint = await endpointOr404(prisma, workspaceId, endpointId);
  const eventId = `msg_test_${randomBytes(12).toString("base64url")}`;
  const payload = {
    type: TEST_EVENT,
    timestamp: now.toISOString(),
    data: { endpointId, workspaceId, message: "A test event from Herald's settings.", link: dashboardLink("/dashboard/settings#webhooks") },
  };
  const delivery = await prisma.webhookDelivery.create({
    data: { workspaceId, endpointId, eventId, eventType: TEST_EVENT, payload, createdAt: now },
    select: { id: true },
  });
  const r = await attemptDelivery(endpoint, { eventId, payload }, now, timeoutMs);
  await recordAttempt(prisma, delivery.id, r, true, now);
  if (r.kind === "gone") await disableGone(prisma, endpointId, now);
  return prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id }, select: deliverySelect });
}
