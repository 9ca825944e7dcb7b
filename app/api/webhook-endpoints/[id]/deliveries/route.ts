// GET /api/webhook-endpoints/:id/deliveries — the endpoint's delivery log, newest first (admin): event, status, attempts, last HTTP status, error, duration.
import { readQuery, withWorkspace } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { DeliveriesQuery, listDeliveries } from "@/lib/webhooks";

export const GET = withWorkspace(
  async ({ req, workspaceId, params }) => ({ success: true, ...(await listDeliveries(db(), workspaceId, params.id, readQuery(req, DeliveriesQuery))) }),
  { minRole: "admin" },
);
