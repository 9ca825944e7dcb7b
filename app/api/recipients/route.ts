// GET|POST /api/recipients — the workspace's WhatsApp recipients (viewer: filter by list, status or a part of the name or number, 50 a page), or add one with where and when they opted in (editor). docs/whatsapp.md.
import { readJson, readQuery, withWorkspace } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { createRecipient, listRecipients } from "@/lib/recipients";
import { CreateRecipientInput, RecipientQuery } from "@/lib/validation/recipients";

export const GET = withWorkspace(async ({ req, workspaceId }) => ({
  success: true,
  ...(await listRecipients(db(), workspaceId, readQuery(req, RecipientQuery))),
}), { minRole: "viewer" });

export const POST = withWorkspace(async ({ req, workspaceId }) => {
  const recipient = await createRecipient(db(), workspaceId, await readJson(req, CreateRecipientInput));
  return Response.json({ success: true, recipient }, { status: 201 });
}, { minRole: "editor" });
