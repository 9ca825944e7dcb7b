// PATCH|DELETE /api/recipients/:id — rename a recipient, set their lists, opt them out (or back in, saying where they agreed again), or delete them (editor).
import { readJson, withWorkspace } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { deleteRecipient, updateRecipient } from "@/lib/recipients";
import { UpdateRecipientInput } from "@/lib/validation/recipients";

export const PATCH = withWorkspace(async ({ req, workspaceId, params }) => ({
  success: true,
  recipient: await updateRecipient(db(), workspaceId, params.id, await readJson(req, UpdateRecipientInput)),
}), { minRole: "editor" });

export const DELETE = withWorkspace(async ({ workspaceId, params }) => ({
  success: true,
  ...(await deleteRecipient(db(), workspaceId, params.id)),
}), { minRole: "editor" });
