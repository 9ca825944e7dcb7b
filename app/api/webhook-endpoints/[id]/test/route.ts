// POST /api/webhook-endpoints/:id/test — send a signed webhook.test event to the endpoint now and answer with the delivery's result (admin; no retry).
import { withWorkspace } from "@/lib/api/handler";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { sendTestEvent } from "@/lib/webhooks";

export const POST = withWorkspace(
  async ({ workspaceId, params }) => ({ success: true, delivery: await sendTestEvent(db(), workspaceId, params.id, clock.now()) }),
  { minRole: "admin" },
);
