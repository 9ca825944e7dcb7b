// GET /api/media/:id/poster — public, no key, like the file: a video's JPEG poster frame, for previews.
import { servePublicMedia } from "@/lib/media/serve";
import { withRequestId } from "@/lib/api/handler";

export const runtime = "nodejs";

export const GET = withRequestId(async (req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> => {
  return servePublicMedia(req, (await ctx.params).id, "poster");
});
