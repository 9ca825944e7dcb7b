// POST /api/posts/drafts — saves a post as a draft: stored, never scheduled (editor).
import { readJson, withWorkspace } from "@/lib/api/handler";
import { saveDraft } from "@/lib/compose";
import { db } from "@/lib/db";
import { SaveDraftInput } from "@/lib/validation/compose";

export const POST = withWorkspace(async ({ req, workspaceId }) => {
  const input = await readJson(req, SaveDraftInput);
  const post = await saveDraft(db(), workspaceId, input);
  return Response.json({ success: true, post }, { status: 201 });
}, { minRole: "editor" });
