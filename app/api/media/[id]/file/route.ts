// GET /api/media/:id/file — public, no key (ids are 128-bit random): the stored file, for platforms that fetch media by URL.
import { toErrorResponse } from "@/lib/errors";
import { openPublicMediaFile } from "@/lib/media/assets";

export const runtime = "nodejs";

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await ctx.params;
    const file = await openPublicMediaFile(id);
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
