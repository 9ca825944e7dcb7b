// POST /api/gifs/media {id} — store a GIPHY GIF in the workspace's media library, found again by
// its id on the server (never a URL from the browser), with its source in the alt text.
import { readJson, withWorkspace } from "@/lib/api/handler";
import { InsertGifInput, insertGif } from "@/lib/gifs/giphy";
import { toMediaJson } from "@/lib/media/assets";

export const runtime = "nodejs";

export const POST = withWorkspace(async ({ req, workspaceId }) => {
  const input = await readJson(req, InsertGifInput);
  const media = await insertGif(workspaceId, input);
  return Response.json({ success: true, media: toMediaJson(media) }, { status: 201 });
});
