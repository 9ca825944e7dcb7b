// GET|POST /api/workspace/api-keys — list the workspace's API keys (admin), or create one whose key is shown only in this response (a signed-in admin; API keys get 403).
import { readJson, withWorkspace } from "@/lib/api/handler";
import { createApiKey, listApiKeys } from "@/lib/auth/api-keys";
import { CreateApiKeyInput } from "@/lib/validation/workspace-settings";
import { KEYS_NEED_A_PERSON } from "@/lib/auth/api-keys";
import { auditFromRoute } from "@/lib/audit";

export const GET = withWorkspace(
  async ({ workspaceId }) => ({ success: true, apiKeys: await listApiKeys(workspaceId) }),
  { minRole: "admin" },
);

export const POST = withWorkspace(async (ctx) => {
  const { name } = await readJson(ctx.req, CreateApiKeyInput);
  const apiKey = await createApiKey(ctx.workspaceId, name);
  await auditFromRoute(ctx, "api_key.created", { target: { type: "api_key", id: apiKey.id }, detail: { name: apiKey.name, prefix: apiKey.prefix } });
  // The key is in this body once; only its hash is stored. Keep it out of every cache.
  return Response.json({ success: true, apiKey }, { status: 201, headers: { "cache-control": "no-store" } });
}, { minRole: "admin", refuseApiKeys: KEYS_NEED_A_PERSON });
