// DELETE /api/workspace/api-keys/:id — revoke one of the workspace's API keys (a signed-in admin; API keys get 403); it stops authenticating at once.
import { withWorkspace } from "@/lib/api/handler";
import { KEYS_NEED_A_PERSON, revokeApiKey } from "@/lib/auth/api-keys";
import { auditFromRoute } from "@/lib/audit";

export const DELETE = withWorkspace(
  async (ctx) => {
    const apiKey = await revokeApiKey(ctx.workspaceId, ctx.params.id);
    await auditFromRoute(ctx, "api_key.revoked", { target: { type: "api_key", id: apiKey.id }, detail: { name: apiKey.name, prefix: apiKey.prefix } });
    return { success: true, apiKey };
  },
  { minRole: "admin", refuseApiKeys: KEYS_NEED_A_PERSON },
);
