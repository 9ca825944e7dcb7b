// The WhatsApp webhook (app/api/webhooks/whatsapp/route.ts; docs/whatsapp.md): Meta calls it
// with the "messages" field of the WhatsApp Business Account, signed with the app's secret.
// - statuses: each sent message's delivery (sent → delivered → read, or failed), by its id;
//   a status never moves a message backwards (webhooks arrive out of order and more than once).
// - messages: a recipient wrote to the business: the 24-hour service window opens again; STOP
//   (or UNSUBSCRIBE, …) opts them out, START opts them back in (and a stranger in, with that source).
import { z } from "zod";
import { accountsByWebhookId } from "../webhook-accounts";
import type { Db } from "../../db";
import type { MessageStatus } from "../../generated/prisma/enums";
import { logger } from "../../logger";

/** Whole messages (any case, outer spaces and punctuation ignored) that stop or restart messages. */
export const STOP_WORDS = new Set(["STOP", "UNSUBSCRIBE", "STOP ALL", "OPT OUT", "OPTOUT", "CANCEL", "END", "QUIT"]);
export const START_WORDS = new Set(["START", "SUBSCRIBE", "OPT IN", "UNSTOP"]);

/** Which statuses each status may replace: a message never moves backwards. */
const MAY_REPLACE: Record<"sent" | "delivered" | "read" | "failed", MessageStatus[]> = {
  sent: ["sending", "unknown"],
  delivered: ["sending", "unknown", "sent"],
  read: ["sending", "unknown", "sent", "delivered"],
  failed: ["sending", "unknown", "sent"],
};

const Digits = z.string().regex(/^\d{5,20}$/);
const Epoch = z.string().regex(/^\d{1,12}$/).transform((s) => new Date(Number(s) * 1000));

const StatusUpdate = z.object({
  id: z.string().min(1).max(300),
  status: z.string(),
  timestamp: Epoch,
  recipient_id: z.string().optional(),
  errors: z.array(z.object({ code: z.number().optional(), title: z.string().optional(), message: z.string().optional(), error_data: z.object({ details: z.string().optional() }).optional() })).optional(),
});

const Inbound = z.object({
  from: Digits,
  id: z.string().optional(),
  timestamp: Epoch,
  type: z.string().optional(),
  text: z.object({ body: z.string() }).optional(),
  button: z.object({ text: z.string().optional(), payload: z.string().optional() }).optional(),
});

/** Meta's envelope; anything else in it is ignored, and a part that does not fit is skipped, not fatal. */
export const WebhookBody = z.object({
  object: z.string(),
  entry: z
    .array(
      z.object({
        changes: z.array(z.object({ field: z.string(), value: z.record(z.string(), z.unknown()) })).default([]),
      }),
    )
    .default([]),
});
export type WebhookBody = z.infer<typeof WebhookBody>;

export interface WebhookSummary {
  statuses: number;
  inbound: number;
  optedOut: number;
  optedIn: number;
  ignored: number;
}

const words = (s: string | undefined) => (s ?? "").replace(/[^\p{L}\p{N} ]/gu, "").trim().replace(/\s+/g, " ").toUpperCase();

async function applyStatus(db: Db, s: z.infer<typeof StatusUpdate>): Promise<boolean> {
  if (!(s.status in MAY_REPLACE)) return false;
  const status = s.status as keyof typeof MAY_REPLACE;
  const e = s.errors?.[0];
  const error = status === "failed" ? `${e?.error_data?.details || e?.message || e?.title || "WhatsApp could not deliver it"}${e?.code ? ` (code ${e.code})` : ""}` : undefined;
  const { count } = await db.whatsAppMessage.updateMany({
    where: { waMessageId: s.id, status: { in: MAY_REPLACE[status] } },
    data: { status, statusAt: s.timestamp, ...(error !== undefined && { error: error.slice(0, 500) }) },
  });
  return count > 0;
}

async function applyInbound(db: Db, workspaceId: string, m: z.infer<typeof Inbound>, summary: WebhookSummary): Promise<void> {
  const said = words(m.text?.body ?? m.button?.text ?? m.button?.payload);
  const person = await db.recipient.findUnique({ where: { workspaceId_phone: { workspaceId, phone: m.from } }, select: { id: true, optedOutAt: true, lastInboundAt: true } });
  const later = (d: Date | null) => (d && d > m.timestamp ? d : m.timestamp);
  if (!person) {
    // A stranger who asks to hear from the business has opted in, by their own message.
    if (START_WORDS.has(said)) {
      await db.recipient.createMany({ data: [{ workspaceId, phone: m.from, optInSource: "replied START", optInAt: m.timestamp, lastInboundAt: m.timestamp }], skipDuplicates: true });
      summary.optedIn++;
    } else summary.ignored++;
    return;
  }
  const stop = STOP_WORDS.has(said) && !person.optedOutAt;
  const start = START_WORDS.has(said) && person.optedOutAt !== null;
  await db.recipient.update({
    where: { id: person.id },
    data: {
      lastInboundAt: later(person.lastInboundAt),
      ...(stop && { optedOutAt: m.timestamp, optOutSource: `replied ${said}` }),
      ...(start && { optedOutAt: null, optOutSource: null, optInSource: `replied ${said}`, optInAt: m.timestamp }),
    },
  });
  if (stop) summary.optedOut++;
  if (start) summary.optedIn++;
}

/** Applies one webhook call. Idempotent: Meta retries, and replaying a call changes nothing more. */
export async function handleWebhook(db: Db, body: WebhookBody): Promise<WebhookSummary> {
  const summary: WebhookSummary = { statuses: 0, inbound: 0, optedOut: 0, optedIn: 0, ignored: 0 };
  if (body.object !== "whatsapp_business_account") return summary;
  for (const change of body.entry.flatMap((e) => e.changes)) {
    if (change.field !== "messages") continue;
    const v = change.value;
    for (const raw of Array.isArray(v.statuses) ? v.statuses : []) {
      const s = StatusUpdate.safeParse(raw);
      if (s.success && (await applyStatus(db, s.data))) summary.statuses++;
      else summary.ignored++;
    }
    const inbound = (Array.isArray(v.messages) ? v.messages : []).map((m) => Inbound.safeParse(m)).filter((r) => r.success).map((r) => r.data);
    if (!inbound.length) continue;
    const phoneNumberId = Digits.safeParse((v.metadata as { phone_number_id?: unknown } | undefined)?.phone_number_id);
    const accounts = phoneNumberId.success ? await accountsByWebhookId(db, "whatsapp", phoneNumberId.data) : [];
    if (!accounts.length) {
      logger.warn({ phoneNumberId: phoneNumberId.data }, "whatsapp webhook: messages for a phone number no account sends from");
      summary.ignored += inbound.length;
      continue;
    }
    for (const m of inbound) {
      summary.inbound++;
      for (const workspaceId of new Set(accounts.map((a) => a.workspaceId))) await applyInbound(db, workspaceId, m, summary);
    }
  }
  return summary;
}
