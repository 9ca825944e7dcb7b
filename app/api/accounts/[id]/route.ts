// GET|PATCH|DELETE /api/accounts/:id — read (viewer), reconfigure (editor), change credentials or their expiry (admin), or disconnect (admin) an account.
import { readJson, withWorkspace } from "@/lib/api/handler";
import { deleteAccount, getAccountOrThrow, updateAccount } from "@/lib/accounts";
import { hasRole, withArticle } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { HeraldError } from "@/lib/errors";
import { UpdateAccountInput } from "@/lib/validation/accounts";
import { auditFromRoute } from "@/lib/audit";

export const GET = withWorkspace(async ({ workspaceId, params }) => ({
  success: true,
  account: await getAccountOrThrow(db(), workspaceId, params.id),
}), { minRole: "viewer" });

export const PATCH = withWorkspace(async (ctx) => {
  const { req, workspaceId, role, params } = ctx;
  const input = await readJson(req, UpdateAccountInput);
  // New (or removed) credentials connect the account anew: the same admin role as POST /api/accounts.
  // Their expiry belongs to them: it decides when (and whether) the stored refresh token is used.
  const credentialFields = (["credentials", "tokenExpiresAt"] as const).filter((f) => input[f] !== undefined);
  if (credentialFields.length > 0 && !hasRole(role, "admin")) {
    throw new HeraldError("forbidden", `Changing an account's credentials (${credentialFields.join(", ")}) needs the admin role or higher; you are ${withArticle(role)} in this workspace.`, {
      details: { reason: "role", requiredRole: "admin", role, fields: credentialFields },
    });
  }
  const updated = await updateAccount(db(), workspaceId, params.id, input);
  // Field names only: never a credential's value.
  await auditFromRoute(ctx, "account.updated", { target: { type: "account", id: params.id }, detail: { fields: Object.keys(input).filter((k) => input[k as keyof typeof input] !== undefined) } });
  return { success: true, ...updated };
}, { minRole: "editor" });

export const DELETE = withWorkspace(async (ctx) => {
  const result = await deleteAccount(db(), ctx.workspaceId, ctx.params.id);
  await auditFromRoute(ctx, "account.disconnected", { target: { type: "account", id: ctx.params.id } });
  return { success: true, ...result };
}, { minRole: "admin" });
