// POST /api/agent/autopilot — "plan next week for campaign X" (editor): files a generate task that
// the next process run carries out; 202 with the task. GET — campaigns, their drafts and runs (viewer).
import { readJson, withWorkspace } from "@/lib/api/handler";
import { listCampaigns, startAutopilot } from "@/lib/ai/autopilot";
import { StartAutopilotInput } from "@/lib/validation/ai";

export const POST = withWorkspace(async ({ req, workspaceId, actor }) => {
  const r = await startAutopilot(workspaceId, await readJson(req, StartAutopilotInput), actor);
  return Response.json({ success: true, ...r }, { status: 202 });
}, { minRole: "editor" });

export const GET = withWorkspace(async ({ workspaceId }) => ({ success: true, ...(await listCampaigns(workspaceId)) }), { minRole: "viewer" });
