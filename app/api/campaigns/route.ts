// GET /api/campaigns — the workspace's campaigns with how many posts each has (viewer); POST — create one { name, brief } (editor).
import { readJson, withWorkspace } from "@/lib/api/handler";
import { createCampaign, listCampaigns } from "@/lib/campaigns";
import { db } from "@/lib/db";
import { CreateCampaignInput } from "@/lib/validation/campaigns";

export const GET = withWorkspace(async ({ workspaceId }) => ({ success: true, campaigns: await listCampaigns(db(), workspaceId) }), { minRole: "viewer" });

export const POST = withWorkspace(async ({ req, workspaceId }) => {
  const campaign = await createCampaign(db(), workspaceId, await readJson(req, CreateCampaignInput));
  return Response.json({ success: true, campaign }, { status: 201 });
}, { minRole: "editor" });
