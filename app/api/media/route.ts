// GET|POST /api/media — list the workspace's media (paginated); upload a file (multipart) or import one by URL (JSON).
// With `Accept: application/x-ndjson` the upload answers as progress lines, then the result
// (lib/media/progress.ts); the request itself is read, and refused if malformed, before that.
import { withWorkspace, readJson, readQuery } from "@/lib/api/handler";
import { HeraldError } from "@/lib/errors";
import { createMediaAsset, importMediaFromUrl, listMedia, toMediaJson, type CreatedMedia, type MediaWorkOptions } from "@/lib/media/assets";
import { progressResponse, wantsProgress } from "@/lib/media/progress";
import { ImportMediaInput, ListMediaQuery } from "@/lib/media/schemas";
import { readMediaUpload } from "@/lib/media/upload";

// sharp and ffmpeg are native code. A video that needs converting to H.264 may take minutes
// (lib/media/video.ts allows the conversion 240 s); the answer says how long it took.
export const runtime = "nodejs";
export const maxDuration = 300;

export const GET = withWorkspace(async ({ req, workspaceId }) => {
  return { success: true, ...(await listMedia(workspaceId, readQuery(req, ListMediaQuery))) };
});

export const POST = withWorkspace(async ({ req, workspaceId }) => {
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  let work: (opts: MediaWorkOptions) => Promise<CreatedMedia>;
  if (type.startsWith("multipart/form-data")) {
    const upload = await readMediaUpload(req);
    work = (opts) => createMediaAsset(workspaceId, upload, opts);
  } else if (type.startsWith("application/json")) {
    const input = await readJson(req, ImportMediaInput);
    work = (opts) => importMediaFromUrl(workspaceId, input.url, input.altText, opts);
  } else {
    throw new HeraldError(
      "bad_request",
      'Send the file as multipart/form-data in the field "file", or JSON {"url": "https://…"} to import one.',
    );
  }
  const created = (asset: CreatedMedia) => ({ status: 201, body: { success: true, media: toMediaJson(asset) } });
  if (wantsProgress(req)) return progressResponse(async (onProgress) => created(await work({ onProgress })));
  const { status, body } = created(await work({}));
  return Response.json(body, { status });
});
