// PATCH /api/campaigns/:id — rename a campaign or change its brief (editor).
import { readJson, withWorkspace } from "@/lib/api/handler";
import { updateCampaign } from "@/lib/campaigns";
import { db } from "@/lib/db";
import { UpdateCampaignInput } from "@/lib/validation/campaigns";

export const PATCH = withWorkspace(async ({ req, workspaceId, params }) => ({
  success: true,
  campaign: await updateCampaign(db(), workspaceId, params.id, await readJson(req, UpdateCampaignInput)),
}), { minRole: "editor" });
