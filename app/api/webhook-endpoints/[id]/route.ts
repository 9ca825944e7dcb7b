// PATCH|DELETE /api/webhook-endpoints/:id — change an outgoing webhook endpoint (address, description, events, on/off) or delete it with its delivery log (admin).
import { readJson, withWorkspace } from "@/lib/api/handler";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { deleteWebhookEndpoint, updateWebhookEndpoint, UpdateWebhookEndpointInput } from "@/lib/webhooks";

export const PATCH = withWorkspace(async ({ req, workspaceId, params }) => {
  const input = await readJson(req, UpdateWebhookEndpointInput);
  return { success: true, endpoint: await updateWebhookEndpoint(db(), workspaceId, params.id, input, clock.now()) };
}, { minRole: "admin" });

export const DELETE = withWorkspace(
  async ({ workspaceId, params }) => ({ success: true, endpoint: await deleteWebhookEndpoint(db(), workspaceId, params.id) }),
  { minRole: "admin" },
);
