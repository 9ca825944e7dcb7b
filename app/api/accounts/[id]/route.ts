// GET|PATCH|DELETE /api/accounts/:id — read (viewer), reconfigure (editor), reconnect with credentials (admin), or disconnect (admin) an account.
import { readJson, withWorkspace } from "@/lib/api/handler";
import { deleteAccount, getAccountOrThrow, updateAccount } from "@/lib/accounts";
import { hasRole, withArticle } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { HeraldError } from "@/lib/errors";
import { UpdateAccountInput } from "@/lib/validation/accounts";

export const GET = withWorkspace(async ({ workspaceId, params }) => ({
  success: true,
  account: await getAccountOrThrow(db(), workspaceId, params.id),
}), { minRole: "viewer" });

export const PATCH = withWorkspace(async ({ req, workspaceId, role, params }) => {
  const input = await readJson(req, UpdateAccountInput);
  // New (or removed) credentials connect the account anew: the same admin role as POST /api/accounts.
  if (input.credentials !== undefined && !hasRole(role, "admin")) {
    throw new HeraldError("forbidden", `Reconnecting an account with credentials needs the admin role or higher; you are ${withArticle(role)} in this workspace.`, {
      details: { reason: "role", requiredRole: "admin", role },
    });
  }
  return { success: true, ...(await updateAccount(db(), workspaceId, params.id, input)) };
}, { minRole: "editor" });

export const DELETE = withWorkspace(async ({ workspaceId, params }) => ({
  success: true,
  ...(await deleteAccount(db(), workspaceId, params.id)),
}), { minRole: "admin" });
