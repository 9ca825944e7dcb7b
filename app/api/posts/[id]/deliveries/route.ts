// GET /api/posts/:id/deliveries — a WhatsApp post's delivery per recipient (sent, delivered, read, failed with why, skipped, unknown) and the totals (viewer).
import { withWorkspace } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { postDeliveries } from "@/lib/recipients";

export const GET = withWorkspace(async ({ workspaceId, params }) => ({
  success: true,
  ...(await postDeliveries(db(), workspaceId, params.id)),
}), { minRole: "viewer" });
