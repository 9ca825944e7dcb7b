// GET /api/agent/usage — this month's AI calls, tokens and estimated cost against the cap (viewer),
// and whether the agent runs on a model or in simulation.
import { withWorkspace } from "@/lib/api/handler";
import { aiConfig, SIMULATED_MODEL, SIMULATION_NOTICE } from "@/lib/ai/client";
import { monthUsage } from "@/lib/ai/usage";
import { db } from "@/lib/db";

export const GET = withWorkspace(async ({ workspaceId }) => {
  const cfg = aiConfig();
  return {
    success: true,
    model: cfg.apiKey ? cfg.model : SIMULATED_MODEL,
    simulated: !cfg.apiKey,
    notice: cfg.apiKey ? null : SIMULATION_NOTICE,
    usage: await monthUsage(db(), workspaceId),
  };
}, { minRole: "viewer" });
