// GET|PATCH|DELETE /api/accounts/:id — read (viewer), reconnect or reconfigure (editor), or disconnect (admin) an account.
import { readJson, withWorkspace } from "@/lib/api/handler";
import { deleteAccount, getAccountOrThrow, updateAccount } from "@/lib/accounts";
import { db } from "@/lib/db";
import { UpdateAccountInput } from "@/lib/validation/accounts";

export const GET = withWorkspace(async ({ workspaceId, params }) => ({
  success: true,
  account: await getAccountOrThrow(db(), workspaceId, params.id),
}), { minRole: "viewer" });

export const PATCH = withWorkspace(async ({ req, workspaceId, params }) => ({
  success: true,
  ...(await updateAccount(db(), workspaceId, params.id, await readJson(req, UpdateAccountInput))),
}), { minRole: "editor" });

export const DELETE = withWorkspace(async ({ workspaceId, params }) => ({
  success: true,
  ...(await deleteAccount(db(), workspaceId, params.id)),
}), { minRole: "admin" });
