// GET|POST /api/recipient-lists — the workspace's WhatsApp recipient lists with how many on each opted in and out (viewer), or a new list (editor).
import { readJson, withWorkspace } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { createRecipientList, listRecipientLists } from "@/lib/recipients";
import { RecipientListInput } from "@/lib/validation/recipients";

export const GET = withWorkspace(async ({ workspaceId }) => ({
  success: true,
  lists: await listRecipientLists(db(), workspaceId),
}), { minRole: "viewer" });

export const POST = withWorkspace(async ({ req, workspaceId }) => {
  const { name } = await readJson(req, RecipientListInput);
  return Response.json({ success: true, list: await createRecipientList(db(), workspaceId, name) }, { status: 201 });
}, { minRole: "editor" });
