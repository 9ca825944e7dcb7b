// DELETE /api/workspace/api-keys/:id — revoke one of the workspace's API keys (a signed-in admin; API keys get 403); it stops authenticating at once.
import { withWorkspace } from "@/lib/api/handler";
import { KEYS_NEED_A_PERSON, revokeApiKey } from "@/lib/auth/api-keys";

export const DELETE = withWorkspace(
  async ({ workspaceId, params }) => ({ success: true, apiKey: await revokeApiKey(workspaceId, params.id) }),
  { minRole: "admin", refuseApiKeys: KEYS_NEED_A_PERSON },
);
