// PATCH|DELETE /api/recipient-lists/:id — rename a recipient list, or delete it; its recipients stay (editor).
import { readJson, withWorkspace } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { deleteRecipientList, renameRecipientList } from "@/lib/recipients";
import { RecipientListInput } from "@/lib/validation/recipients";

export const PATCH = withWorkspace(async ({ req, workspaceId, params }) => {
  const { name } = await readJson(req, RecipientListInput);
  return { success: true, list: await renameRecipientList(db(), workspaceId, params.id, name) };
}, { minRole: "editor" });

export const DELETE = withWorkspace(async ({ workspaceId, params }) => ({
  success: true,
  ...(await deleteRecipientList(db(), workspaceId, params.id)),
}), { minRole: "editor" });
