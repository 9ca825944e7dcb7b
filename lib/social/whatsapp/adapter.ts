// WhatsApp through the Cloud API (Graph API, GRAPH_API_URL): a post is one message to each
// opted-in recipient of its lists (./audience.ts), one row per recipient in WhatsAppMessage. The
// protocol, and why it can never message anybody twice (docs/whatsapp.md):
// 1. Rows a previous attempt left "sending" lost their answer: they become "unknown" and are never
//    sent again. Recipients with a row are done; the rest are this attempt's.
// 2. The post's photo or video is uploaded once (POST /{phone-number-id}/media) and sent by id.
// 3. Per recipient: inside the 24-hour service window since their last message, the post itself
//    (text, or media with the text as caption, or the document); outside it, the approved template,
//    or, without one, a "skipped" row saying why. Templates count against the messaging limit
//    (unique recipients outside the window per rolling 24 hours, read from the phone number).
// 4. The row is written "sending" before the call and "sent" with WhatsApp's message id after; a
//    refusal about this recipient (not on WhatsApp, …) is "failed" and the others go on; a refusal
//    about the message (template, media) or the account (token, rate limit) ends the attempt, and
//    the retry carries on with the recipients not yet reached.
// Delivery (delivered, read, failed) comes from the webhook (lib/social/whatsapp/webhook.ts).
import { clock } from "../../clock";
import type { Db } from "../../db";
import { loadMedia, prepareImage } from "../../media/load";
import { classifyNetworkError } from "../http";
import { createGraphClient, type GraphClient, type GraphErrorBody } from "../meta/graph";
import { validateContent } from "../spec";
import { firstIssue, storedCredentials } from "../stored-credentials";
import { composeText } from "../text";
import {
  PlatformError,
  type AccountContext,
  type Metrics,
  type PlatformAdapter,
  type PublishContent,
  type PublishResult,
  type ValidationProblem,
} from "../types";
import { inServiceWindow, resolveAudience, SERVICE_WINDOW_MS, type AudienceMember } from "./audience";
import { whatsappCredentials, type WhatsappCredentials } from "./credentials";
import type { WhatsappTemplate } from "./fields";
import { WHATSAPP_CAPTION_MAX, WHATSAPP_VIDEO_MAX_BYTES, whatsappSpec } from "./spec";

const LABEL = "WhatsApp";
/** Messages in flight at once: well under the Cloud API's 80 messages per second per number. */
export const WHATSAPP_SEND_CONCURRENCY = 8;
/** A broadcast to a few thousand people takes a while; the scheduler never waits less. */
export const WHATSAPP_PUBLISH_TIMEOUT_MS = 5 * 60_000;
/** A new business portfolio's messaging limit, used when WhatsApp does not say. */
export const DEFAULT_MESSAGING_LIMIT = 250;

export interface WhatsappAdapterDeps {
  prisma: Db;
  now?: () => Date;
  /** The Graph API's host (GRAPH_API_URL); the version is added. */
  baseUrl?: string;
}

/**
 * WhatsApp's messaging limit as a number of recipients: TIER_250, TIER_2K, TIER_10K, TIER_100K,
 * TIER_UNLIMITED (and the older TIER_50, TIER_1K), a plain number, or an object holding one.
 * Unknown: the starting limit, 250.
 */
export function messagingLimitOf(value: unknown): number {
  const known = (v: unknown): number | null => {
    if (typeof v === "number" && v > 0) return v;
    if (typeof v === "string") {
      if (/UNLIMITED/i.test(v)) return Number.POSITIVE_INFINITY;
      const m = /(\d+)\s*(K)?$/i.exec(v.trim());
      if (m) return Number(m[1]) * (m[2] ? 1000 : 1);
    }
    if (v && typeof v === "object") for (const inner of Object.values(v)) if (known(inner)) return known(inner);
    return null;
  };
  return known(value) ?? DEFAULT_MESSAGING_LIMIT;
}

/** What a refusal about one recipient means, by WhatsApp's code: that recipient fails, the rest go on. */
const RECIPIENT_REFUSALS: Record<number, string> = {
  131026: "the number cannot receive WhatsApp messages (not on WhatsApp, or an old app)",
  131047: "more than 24 hours since their last message: only a template reaches them",
  131049: "WhatsApp held it back to keep this person's marketing messages in check",
  131050: "they turned off marketing messages from this business",
  131021: "it is the business's own number",
  131030: "the test number may only message its allowed list",
};
const TEMPLATE_CODES = new Set([132000, 132001, 132005, 132007, 132012, 132015, 132016, 132068, 132069]);

/** WhatsApp's own codes before the Graph's (lib/social/meta/graph.ts); undefined leaves them to it. */
export function whatsappError(code: number | undefined, e: GraphErrorBody | undefined, status: number): PlatformError | undefined {
  const detail = (e as { error_data?: { details?: string } } | undefined)?.error_data?.details ?? e?.message ?? "";
  const ref = code !== undefined ? ` (code ${code})` : ` (HTTP ${status})`;
  const opts = { httpStatus: status };
  if (code !== undefined && RECIPIENT_REFUSALS[code]) {
    return new PlatformError("permanent", "recipient_refused", `${RECIPIENT_REFUSALS[code]}${ref}.`, opts);
  }
  if (code === 131056) return new PlatformError("transient", "pair_rate_limited", `Too many messages to this person just now${ref}; they get it on the retry.`, opts);
  if (code === 130429 || code === 131048 || code === 80007) {
    const why = code === 131048 ? "WhatsApp limits this number for spam reports; improve the messages' quality" : "WhatsApp's sending rate was reached";
    return new PlatformError("rate_limited", "rate_limited", `${why}${ref}: ${detail}`, opts);
  }
  if (code !== undefined && TEMPLATE_CODES.has(code)) {
    return new PlatformError("permanent", "template_rejected", `WhatsApp refused the template (config.whatsapp.template)${ref}: ${detail || "check its name, language and values in WhatsApp Manager"}.`, opts);
  }
  if (code === 131052 || code === 131053) return new PlatformError("permanent", "media_rejected", `WhatsApp could not take the attachment${ref}: ${detail}`, opts);
  if (code === 131042) return new PlatformError("permanent", "payment_required", `WhatsApp needs a valid payment method on the business account${ref}.`, opts);
  if (code === 133010 || code === 131031) {
    return new PlatformError("auth", "number_unavailable", `The business phone number cannot send${code === 131031 ? " (the account is locked)" : " (it is not registered with the Cloud API)"}${ref}; fix it in WhatsApp Manager, then reconnect.`, opts);
  }
  if (code === 131005) return new PlatformError("auth", "auth_invalid", `WhatsApp refused the token: it lacks whatsapp_business_messaging${ref}. Reconnect the account.`, opts);
  if (code === 131016) return new PlatformError("transient", "server_error", `WhatsApp is overloaded for now${ref}.`, opts);
  // Any other answer from WhatsApp's side (131000 "something went wrong", a 5xx): the message may
  // have gone out. Never resent: the recipient's row says "unknown".
  if (status >= 500) return new PlatformError("in_doubt", "server_error", `WhatsApp failed while sending${ref}${detail ? `: ${detail}` : ""}.`, opts);
  return undefined;
}

interface SendAnswer {
  messages?: { id?: string }[];
}

type Attachment = { kind: "image" | "video"; id: string } | { kind: "document"; link: string; filename?: string };
type Outgoing = { kind: string; body: Record<string, unknown> };

function credentialsOf(account: AccountContext): WhatsappCredentials {
  return storedCredentials(whatsappCredentials, account, (issues) => `The WhatsApp credentials for ${account.handle} are malformed (${firstIssue(issues)}); reconnect the account.`);
}

/** The post as one recipient gets it: the message inside the service window, the template outside it. */
function messageFor(content: PublishContent, attachment: Attachment | null, template: WhatsappTemplate | undefined, inWindow: boolean): Outgoing | null {
  const text = composeText(content).trim();
  if (!inWindow) {
    if (!template) return null;
    const components: Record<string, unknown>[] = [];
    // The post's photo or video fills the template's media header.
    if (attachment) {
      const media = attachment.kind === "document" ? { link: attachment.link, filename: attachment.filename } : { id: attachment.id };
      components.push({ type: "header", parameters: [{ type: attachment.kind, [attachment.kind]: media }] });
    }
    if (template.params?.length) components.push({ type: "body", parameters: template.params.map((t) => ({ type: "text", text: t })) });
    return {
      kind: "template",
      body: { type: "template", template: { name: template.name, language: { code: template.language }, ...(components.length && { components }) } },
    };
  }
  if (attachment?.kind === "document") {
    return { kind: "document", body: { type: "document", document: { link: attachment.link, filename: attachment.filename, caption: text || undefined } } };
  }
  if (attachment) return { kind: attachment.kind, body: { type: attachment.kind, [attachment.kind]: { id: attachment.id, caption: text || undefined } } };
  return { kind: "text", body: { type: "text", text: { body: text, preview_url: /https?:\/\//.test(text) } } };
}

/** Runs `fn` over the items with at most `n` at once, stopping new ones once `stop()` says so. */
async function pool<T>(items: T[], n: number, stop: () => boolean, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !stop()) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

export function createWhatsappAdapter(deps: WhatsappAdapterDeps): PlatformAdapter {
  const db = deps.prisma;
  const now = deps.now ?? clock.now;
  const graphFor = (creds: WhatsappCredentials): GraphClient =>
    createGraphClient({ label: LABEL, baseUrl: deps.baseUrl, token: creds.accessToken, now, refine: whatsappError });

  function validate(content: PublishContent): ValidationProblem[] {
    const problems = validateContent(whatsappSpec, content);
    const captioned = Boolean(content.media?.length || content.whatsapp?.document);
    const length = [...composeText(content).trim()].length;
    if (captioned && length > WHATSAPP_CAPTION_MAX) {
      problems.push({ platform: "whatsapp", field: "text", message: `With an attachment the text is its caption: WhatsApp allows ${WHATSAPP_CAPTION_MAX} characters; this has ${length}.` });
    }
    // A video's size, codecs and sound are the spec's video rules (validateContent above).
    return problems;
  }

  /** Step 2: the photo or video, uploaded once for every recipient. Nothing is sent yet. */
  async function attachmentOf(graph: GraphClient, creds: WhatsappCredentials, content: PublishContent, signal: AbortSignal): Promise<Attachment | null> {
    const doc = content.whatsapp?.document;
    if (doc) return { kind: "document", link: doc.url, filename: doc.filename };
    const ref = content.media?.[0];
    if (!ref) return null;
    let loaded = await loadMedia(ref, signal, ref.type === "video" ? WHATSAPP_VIDEO_MAX_BYTES : undefined);
    if (ref.type !== "video") loaded = await prepareImage(loaded, whatsappSpec.images!);
    const form = new FormData();
    form.set("messaging_product", "whatsapp");
    form.set("type", loaded.mime);
    form.set("file", new Blob([new Uint8Array(loaded.data)], { type: loaded.mime }), ref.type === "video" ? "video.mp4" : `image.${loaded.mime.split("/")[1] ?? "jpg"}`);
    try {
      const up = await graph.postForm<{ id?: string }>(`${creds.phoneNumberId}/media`, form, signal);
      if (!up?.id) throw new PlatformError("transient", "unexpected_response", "WhatsApp returned no media id.");
      return { kind: ref.type === "video" ? "video" : "image", id: String(up.id) };
    } catch (err) {
      // An upload that fails in doubt sent nobody anything.
      const pe = classifyNetworkError(LABEL, err);
      throw pe.failureClass === "in_doubt" ? new PlatformError("transient", pe.code, `${pe.message} Nobody was messaged yet.`, { httpStatus: pe.httpStatus }) : pe;
    }
  }

  /** The messaging limit and how much of it this account used in the last 24 hours. */
  async function templateRoom(graph: GraphClient, creds: WhatsappCredentials, accountId: string, at: Date, signal: AbortSignal) {
    const number = await graph.get<Record<string, unknown>>(creds.phoneNumberId, { fields: "whatsapp_business_manager_messaging_limit" }, signal);
    const limit = messagingLimitOf(number?.whatsapp_business_manager_messaging_limit);
    const since = new Date(at.getTime() - SERVICE_WINDOW_MS);
    // Counted in the database: at the higher limits that is up to 100,000 rows a day.
    const [used] = await db.$queryRaw<{ people: number; oldest: Date | null }[]>`
      SELECT count(DISTINCT "recipientId")::int AS people, min("createdAt") AS oldest
      FROM "WhatsAppMessage"
      WHERE "accountId" = ${accountId} AND kind = 'template' AND "createdAt" > ${since}
        AND status NOT IN ('failed', 'skipped')`;
    return { limit, left: limit - (used?.people ?? 0), oldest: used?.oldest ?? undefined };
  }

  async function publish({ account, content, idempotencyKey, signal }: Parameters<PlatformAdapter["publish"]>[0]): Promise<PublishResult> {
    const creds = credentialsOf(account);
    const graph = graphFor(creds);
    const key = { accountId: account.id, broadcastKey: idempotencyKey };
    const started = now();

    // 1. Answers lost by an earlier attempt: in doubt, never resent.
    await db.whatsAppMessage.updateMany({ where: { ...key, status: "sending" }, data: { status: "unknown", error: "The call's answer was lost; not sent again.", statusAt: started } });
    const [audience, done] = await Promise.all([
      resolveAudience(db, account.workspaceId, content.whatsapp),
      db.whatsAppMessage.findMany({ where: key, select: { recipientId: true } }),
    ]);
    if (!audience.length) throw new PlatformError("permanent", "no_recipients", "Nobody on the chosen lists has opted in any more; nothing was sent.");
    const reached = new Set(done.map((d) => d.recipientId));
    const todo = audience.filter((r) => !reached.has(r.id));

    const template = content.whatsapp?.template;
    const outside = todo.filter((r) => !inServiceWindow(r, started));
    const attachment = todo.length ? await attachmentOf(graph, creds, content, signal) : null;
    const room = template && outside.length ? await templateRoom(graph, creds, account.id, started, signal) : null;
    let left = room?.left ?? 0;
    let deferred = 0;
    let stopped: PlatformError | null = null;

    const row = (r: AudienceMember, kind: string, status: "sending" | "skipped", error?: string) =>
      db.whatsAppMessage.create({
        data: { workspaceId: account.workspaceId, ...key, recipientId: r.id, kind, status, error, statusAt: now(), createdAt: now() },
        select: { id: true },
      });

    await pool(todo, WHATSAPP_SEND_CONCURRENCY, () => stopped !== null || signal.aborted, async (r) => {
      const inWindow = inServiceWindow(r, started);
      const out = messageFor(content, attachment, template, inWindow);
      if (!out) {
        await row(r, "text", "skipped", "Outside the 24-hour window since their last message, and no template was chosen.");
        return;
      }
      if (!inWindow) {
        if (left <= 0) {
          deferred++;
          return;
        }
        left--;
      }
      const { id } = await row(r, out.kind, "sending");
      let answer: SendAnswer | undefined;
      let refused: PlatformError | undefined;
      try {
        answer = await graph.post<SendAnswer>(`${creds.phoneNumberId}/messages`, { messaging_product: "whatsapp", recipient_type: "individual", to: r.phone, ...out.body }, signal);
      } catch (err) {
        refused = classifyNetworkError(LABEL, err);
      }
      if (!refused) {
        const wamid = answer?.messages?.[0]?.id;
        await db.whatsAppMessage.update({
          where: { id },
          data: wamid ? { status: "sent", waMessageId: String(wamid), statusAt: now() } : { status: "unknown", error: "WhatsApp answered without a message id.", statusAt: now() },
        });
      } else if (refused.failureClass === "in_doubt") {
        await db.whatsAppMessage.update({ where: { id }, data: { status: "unknown", error: refused.message, statusAt: now() } });
      } else if (refused.code === "recipient_refused") {
        await db.whatsAppMessage.update({ where: { id }, data: { status: "failed", error: refused.message, statusAt: now() } });
      } else {
        // Refused before sending: this recipient is still to do; a retry sends it.
        await db.whatsAppMessage.delete({ where: { id } });
        if (!inWindow) left++;
        if (refused.code !== "pair_rate_limited") stopped ??= refused;
        else deferred++;
      }
    });

    if (stopped) throw stopped;
    if (signal.aborted) throw new PlatformError("transient", "timeout", "The broadcast ran out of time; the retry sends to the recipients not reached yet.");
    if (deferred && room) {
      const retryAt = room.oldest ? new Date(room.oldest.getTime() + SERVICE_WINDOW_MS) : undefined;
      throw new PlatformError(
        "rate_limited",
        "messaging_limit",
        `WhatsApp's messaging limit (${room.limit} people outside the 24-hour window per day) is reached; ${deferred} recipient(s) get the template when room frees up.`,
        { retryAt },
      );
    }
    if (deferred) throw new PlatformError("transient", "pair_rate_limited", `${deferred} recipient(s) were messaged too often just now; the retry reaches them.`);
    const counts = await db.whatsAppMessage.groupBy({ by: ["status"], where: key, _count: true });
    const sent = counts.filter((c) => !["failed", "skipped"].includes(c.status)).reduce((n, c) => n + c._count, 0);
    if (!sent) {
      const skipped = counts.find((c) => c.status === "skipped")?._count ?? 0;
      throw new PlatformError(
        "permanent",
        "nobody_reached",
        skipped
          ? `Nobody could be messaged: ${skipped} recipient(s) are outside the 24-hour window; choose an approved template (config.whatsapp.template) to reach them.`
          : "Nobody could be messaged: WhatsApp refused every recipient (see the post's delivery list).",
      );
    }
    return { platformPostId: idempotencyKey, url: whatsappSpec.permalink(account.handle, idempotencyKey), simulated: false };
  }

  async function metrics({ account, platformPostId }: { account: AccountContext; platformPostId: string }): Promise<Metrics> {
    const rows = await db.whatsAppMessage.findMany({
      where: { accountId: account.id, broadcastKey: platformPostId },
      select: { status: true, createdAt: true, recipient: { select: { lastInboundAt: true } } },
    });
    return {
      likes: 0,
      reposts: 0,
      // People who wrote back after getting it.
      replies: rows.filter((r) => r.recipient.lastInboundAt && r.recipient.lastInboundAt > r.createdAt).length,
      impressions: rows.filter((r) => r.status === "read").length,
      simulated: false,
    };
  }

  return {
    platform: "whatsapp",
    simulated: false,
    validate,
    publishTimeoutMs: () => WHATSAPP_PUBLISH_TIMEOUT_MS,
    publish,
    metrics,
    /**
     * Publishing resumes by itself (recipients with a row are never messaged again), so a doubtful
     * attempt is "found" only when everybody has a row, else "absent": the retry reaches the rest.
     */
    async reconcile({ account, idempotencyKey, content }) {
      if (!content.whatsapp) return { state: "unknown", reason: "the post's recipients are not known here" };
      const [audience, done] = await Promise.all([
        resolveAudience(db, account.workspaceId, content.whatsapp),
        db.whatsAppMessage.findMany({ where: { accountId: account.id, broadcastKey: idempotencyKey, status: { notIn: ["sending"] } }, select: { recipientId: true } }),
      ]);
      const reached = new Set(done.map((d) => d.recipientId));
      if (done.length && audience.every((r) => reached.has(r.id))) {
        return { state: "found", result: { platformPostId: idempotencyKey, url: whatsappSpec.permalink(account.handle, idempotencyKey), simulated: false } };
      }
      return { state: "absent" };
    },
    // System-user tokens do not expire.
    refresh: async () => null,
    classify: (err) => classifyNetworkError(LABEL, err),
  };
}
