// /api/webhooks/whatsapp — Meta's WhatsApp webhook (lib/social/whatsapp/webhook.ts;
// docs/whatsapp.md). GET answers the subscription check with WHATSAPP_VERIFY_TOKEN; POST takes
// delivery statuses and replies, signed with WHATSAPP_APP_SECRET (X-Hub-Signature-256 over the
// raw body). 404 while either is unset; 401 for a missing or wrong signature; 400 for a body
// that is not Meta's envelope. The caller is Meta, not a workspace: every change it makes is
// keyed by a message id or by the business phone number an account sends from.
import { withRequestId } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { HeraldError, toErrorResponse } from "@/lib/errors";
import { signedJson, subscriptionAnswer } from "@/lib/social/meta/webhook";
import { handleWebhook, WebhookBody } from "@/lib/social/whatsapp/webhook";

export const dynamic = "force-dynamic";

const notConfigured = () => new HeraldError("not_found", "The WhatsApp webhook is not configured on this Herald (WHATSAPP_APP_SECRET and WHATSAPP_VERIFY_TOKEN).");

export const GET = withRequestId(async (req: Request) => {
  try {
    const { WHATSAPP_VERIFY_TOKEN: token, WHATSAPP_APP_SECRET: secret } = env();
    if (!token || !secret) throw notConfigured();
    return subscriptionAnswer(req, token, "WHATSAPP_VERIFY_TOKEN");
  } catch (err) {
    return toErrorResponse(err);
  }
});

export const POST = withRequestId(async (req: Request) => {
  try {
    const { WHATSAPP_VERIFY_TOKEN: token, WHATSAPP_APP_SECRET: secret } = env();
    if (!token || !secret) throw notConfigured();
    const data = await signedJson(req, secret);
    const body = WebhookBody.safeParse(data);
    if (!body.success) throw new HeraldError("bad_request", "The body is not a WhatsApp webhook call.");
    return Response.json({ ok: true, ...(await handleWebhook(db(), body.data)) });
  } catch (err) {
    return toErrorResponse(err);
  }
});
