// GET /api/media/:id/file — public, no key (ids are 128-bit random): the stored file, for platforms that fetch media by URL.
import { servePublicMedia } from "@/lib/media/serve";

export const runtime = "nodejs";

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  return servePublicMedia(req, (await ctx.params).id, "file");
}
