// /api/webhooks/whatsapp — Meta's WhatsApp webhook (lib/social/whatsapp/webhook.ts;
// docs/whatsapp.md). GET answers the subscription check with WHATSAPP_VERIFY_TOKEN; POST takes
// delivery statuses and replies, signed with WHATSAPP_APP_SECRET (X-Hub-Signature-256 over the
// raw body). 404 while either is unset; 401 for a missing or wrong signature; 400 for a body
// that is not Meta's envelope. The caller is Meta, not a workspace: every change it makes is
// keyed by a message id or by the business phone number an account sends from.
import { safeEqual, MAX_BODY_BYTES, withRequestId } from "@/lib/api/handler";
import { decodeUtf8, readBodyBytes } from "@/lib/api/input";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { HeraldError, toErrorResponse } from "@/lib/errors";
import { handleWebhook, signatureValid, WebhookBody } from "@/lib/social/whatsapp/webhook";

export const dynamic = "force-dynamic";

const notConfigured = () => new HeraldError("not_found", "The WhatsApp webhook is not configured on this Herald (WHATSAPP_APP_SECRET and WHATSAPP_VERIFY_TOKEN).");

export const GET = withRequestId(async (req: Request) => {
  try {
    const { WHATSAPP_VERIFY_TOKEN: token, WHATSAPP_APP_SECRET: secret } = env();
    if (!token || !secret) throw notConfigured();
    const q = new URL(req.url).searchParams;
    if (q.get("hub.mode") !== "subscribe" || !safeEqual(q.get("hub.verify_token") ?? "", token)) {
      throw new HeraldError("forbidden", "The verify token does not match WHATSAPP_VERIFY_TOKEN.");
    }
    const challenge = q.get("hub.challenge") ?? "";
    if (!/^[\w.-]{1,200}$/.test(challenge)) throw new HeraldError("bad_request", "hub.challenge is missing or malformed.");
    return new Response(challenge, { headers: { "content-type": "text/plain" } });
  } catch (err) {
    return toErrorResponse(err);
  }
});

export const POST = withRequestId(async (req: Request) => {
  try {
    const { WHATSAPP_VERIFY_TOKEN: token, WHATSAPP_APP_SECRET: secret } = env();
    if (!token || !secret) throw notConfigured();
    const raw = await readBodyBytes(req, MAX_BODY_BYTES);
    if (!signatureValid(raw, req.headers.get("x-hub-signature-256"), secret)) {
      throw new HeraldError("unauthorized", "Missing or wrong X-Hub-Signature-256.");
    }
    let data: unknown;
    try {
      data = JSON.parse(decodeUtf8(raw));
    } catch {
      throw new HeraldError("bad_request", "The body is not valid JSON.");
    }
    const body = WebhookBody.safeParse(data);
    if (!body.success) throw new HeraldError("bad_request", "The body is not a WhatsApp webhook call.");
    return Response.json({ ok: true, ...(await handleWebhook(db(), body.data)) });
  } catch (err) {
    return toErrorResponse(err);
  }
});
