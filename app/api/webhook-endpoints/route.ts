// GET|POST /api/webhook-endpoints — list the workspace's outgoing webhook endpoints (admin), or add one; its signing secret is in this answer once (docs/decisions.md, "Webhooks").
import { readJson, withWorkspace } from "@/lib/api/handler";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { createWebhookEndpoint, CreateWebhookEndpointInput, listWebhookEndpoints, WEBHOOK_EVENTS } from "@/lib/webhooks";

export const GET = withWorkspace(
  async ({ workspaceId }) => ({ success: true, endpoints: await listWebhookEndpoints(db(), workspaceId), events: WEBHOOK_EVENTS }),
  { minRole: "admin" },
);

export const POST = withWorkspace(async ({ req, workspaceId }) => {
  const input = await readJson(req, CreateWebhookEndpointInput);
  const { endpoint, secret } = await createWebhookEndpoint(db(), workspaceId, input, clock.now());
  // The secret is in this body once; it is stored encrypted. Keep it out of every cache.
  return Response.json({ success: true, endpoint, secret }, { status: 201, headers: { "cache-control": "no-store" } });
}, { minRole: "admin" });
