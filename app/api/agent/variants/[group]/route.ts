// GET /api/agent/variants/:group — each variant's engagement and the winner once all have numbers (viewer).
import { withWorkspace } from "@/lib/api/handler";
import { compareVariants } from "@/lib/ai/variants";

export const GET = withWorkspace(async ({ workspaceId, params }) => ({ success: true, ...(await compareVariants(workspaceId, params.group)) }), {
  minRole: "viewer",
});
