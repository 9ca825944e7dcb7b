// GET /api/campaigns/:id/stats — a campaign's metrics: posts by status, next scheduled, last published, engagement totals, recent activity (viewer).
import { withWorkspace } from "@/lib/api/handler";
import { campaignStats } from "@/lib/campaigns";
import { db } from "@/lib/db";

export const GET = withWorkspace(async ({ workspaceId, params }) => ({ success: true, ...(await campaignStats(db(), workspaceId, params.id)) }), { minRole: "viewer" });
