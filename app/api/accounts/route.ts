// GET|POST /api/accounts — list the workspace's social accounts (viewer), or connect one (admin).
import { readJson, withWorkspace } from "@/lib/api/handler";
import { createAccount, listAccounts } from "@/lib/accounts";
import { db } from "@/lib/db";
import { CreateAccountInput } from "@/lib/validation/accounts";
import { auditFromRoute } from "@/lib/audit";

export const GET = withWorkspace(
  async ({ workspaceId }) => ({ success: true, accounts: await listAccounts(db(), workspaceId) }),
  { minRole: "viewer" },
);

export const POST = withWorkspace(async (ctx) => {
  const account = await createAccount(db(), ctx.workspaceId, await readJson(ctx.req, CreateAccountInput));
  await auditFromRoute(ctx, "account.connected", { target: { type: "account", id: account.id }, detail: { platform: account.platform, handle: account.handle } });
  return Response.json({ success: true, account }, { status: 201 });
}, { minRole: "admin" });
