// GET|POST /api/media — list the workspace's media (paginated); upload a file (multipart) or import one by URL (JSON).
import { withWorkspace, readJson, readQuery } from "@/lib/api/handler";
import { HeraldError } from "@/lib/errors";
import { importMediaFromUrl, listMedia, toMediaJson } from "@/lib/media/assets";
import { ImportMediaInput, ListMediaQuery } from "@/lib/media/schemas";
import { uploadMedia } from "@/lib/media/upload";

// sharp and ffmpeg are native code. A video that needs converting to H.264 may take minutes
// (lib/media/video.ts allows the conversion 240 s); the answer says how long it took.
export const runtime = "nodejs";
export const maxDuration = 300;

export const GET = withWorkspace(async ({ req, workspaceId }) => {
  return { success: true, ...(await listMedia(workspaceId, readQuery(req, ListMediaQuery))) };
});

export const POST = withWorkspace(async ({ req, workspaceId }) => {
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  let asset;
  if (type.startsWith("multipart/form-data")) {
    asset = await uploadMedia(workspaceId, req);
  } else if (type.startsWith("application/json")) {
    const input = await readJson(req, ImportMediaInput);
    asset = await importMediaFromUrl(workspaceId, input.url, input.altText);
  } else {
    throw new HeraldError(
      "bad_request",
      'Send the file as multipart/form-data in the field "file", or JSON {"url": "https://…"} to import one.',
    );
  }
  return Response.json({ success: true, media: toMediaJson(asset) }, { status: 201 });
});
