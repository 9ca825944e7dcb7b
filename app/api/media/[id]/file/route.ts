// GET /api/media/:id/file — public, no key (ids are 128-bit random): the stored file, for platforms that fetch media by URL.
import { servePublicMedia } from "@/lib/media/serve";
import { withRequestId } from "@/lib/api/handler";

export const runtime = "nodejs";

export const GET = withRequestId(async (req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> => {
  return servePublicMedia(req, (await ctx.params).id, "file");
});
