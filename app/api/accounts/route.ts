// GET|POST /api/accounts — list the workspace's social accounts (viewer), or connect one (admin).
import { readJson, withWorkspace } from "@/lib/api/handler";
import { createAccount, listAccounts } from "@/lib/accounts";
import { db } from "@/lib/db";
import { CreateAccountInput } from "@/lib/validation/accounts";

export const GET = withWorkspace(
  async ({ workspaceId }) => ({ success: true, accounts: await listAccounts(db(), workspaceId) }),
  { minRole: "viewer" },
);

export const POST = withWorkspace(async ({ req, workspaceId }) => {
  const account = await createAccount(db(), workspaceId, await readJson(req, CreateAccountInput));
  return Response.json({ success: true, account }, { status: 201 });
}, { minRole: "admin" });
