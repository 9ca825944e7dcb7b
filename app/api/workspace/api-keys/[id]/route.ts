// DELETE /api/workspace/api-keys/:id — revoke one of the workspace's API keys (admin); it stops authenticating at once.
import { withWorkspace } from "@/lib/api/handler";
import { revokeApiKey } from "@/lib/auth/api-keys";

export const DELETE = withWorkspace(
  async ({ workspaceId, params }) => ({ success: true, apiKey: await revokeApiKey(workspaceId, params.id) }),
  { minRole: "admin" },
);
