// The public answer for a stored file (GET /api/media/:id/file and /poster on local disk).
import { toErrorResponse } from "../errors";
import { openPublicMediaFile } from "./assets";

export async function servePublicMedia(req: Request, id: string, which: "file" | "poster"): Promise<Response> {
  try {
    const file = await openPublicMediaFile(id, which);
    const headers = {
      "content-type": file.mime,
      // A file never changes under its id, so anyone may cache it for good.
      "cache-control": "public, max-age=31536000, immutable",
      etag: `"${file.id}"`,
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      "cross-origin-resource-policy": "cross-origin",
    };
    if (req.headers.get("if-none-match") === headers.etag) {
      await file.stream.cancel();
      return new Response(null, { status: 304, headers });
    }
    return new Response(file.stream, { headers: { ...headers, "content-length": String(file.size) } });
  } catch (err) {
    return toErrorResponse(err);
  }
}
