// /api/webhooks/instagram — Meta's Instagram webhook, field `mentions` (docs/inbox.md, "Instagram
// @mentions"; lib/inbox/instagram-mentions.ts). GET answers the subscription check with
// INSTAGRAM_WEBHOOK_VERIFY_TOKEN; POST takes @mentions of a connected account in other people's
// captions and comments, signed with META_APP_SECRET (X-Hub-Signature-256 over the raw body, the
// same check as the WhatsApp webhook's). 404 while either is unset; 401 for a missing or wrong
// signature; 400 for a body that is not Meta's envelope. The answer is immediate: each mention is
// queued as a task (read from Graph right after the response, retried if that fails), and an IG
// user id no workspace has connected is acknowledged and ignored.
import { withRequestId } from "@/lib/api/handler";
import { processDueAfterResponse } from "@/lib/agent-scheduler";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { HeraldError, toErrorResponse } from "@/lib/errors";
import { InstagramWebhookBody, mentionsOf, queueMentions, routeMentions } from "@/lib/inbox/instagram-mentions";
import { signedJson, subscriptionAnswer } from "@/lib/social/meta/webhook";

export const dynamic = "force-dynamic";

const notConfigured = () => new HeraldError("not_found", "The Instagram webhook is not configured on this Herald (META_APP_SECRET and INSTAGRAM_WEBHOOK_VERIFY_TOKEN).");

export const GET = withRequestId(async (req: Request) => {
  try {
    const { INSTAGRAM_WEBHOOK_VERIFY_TOKEN: token, META_APP_SECRET: secret } = env();
    if (!token || !secret) throw notConfigured();
    return subscriptionAnswer(req, token, "INSTAGRAM_WEBHOOK_VERIFY_TOKEN");
  } catch (err) {
    return toErrorResponse(err);
  }
});

export const POST = withRequestId(async (req: Request) => {
  try {
    const { INSTAGRAM_WEBHOOK_VERIFY_TOKEN: token, META_APP_SECRET: secret } = env();
    if (!token || !secret) throw notConfigured();
    const data = await signedJson(req, secret);
    const body = InstagramWebhookBody.safeParse(data);
    if (!body.success) throw new HeraldError("bad_request", "The body is not an Instagram webhook call.");
    const mentions = mentionsOf(body.data);
    const { work, unknown } = await routeMentions(db(), mentions);
    const now = clock.now();
    const workspaces = await queueMentions(db(), work, now);
    // The reads start right after the response (else the next cron call runs them).
    for (const workspaceId of workspaces) processDueAfterResponse(workspaceId, [{ status: "pending", scheduledAt: now }], now);
    return Response.json({ ok: true, mentions: mentions.length, accounts: work.length, ignored: unknown });
  } catch (err) {
    return toErrorResponse(err);
  }
});
