// GET /api/oauth/bluesky/client-metadata.json — Herald's atproto OAuth client metadata: its URL is
// the client_id Bluesky servers fetch when someone connects with Bluesky (lib/social/bluesky/oauth.ts).
// Public, the same for everyone; 404 unless BLUESKY_OAUTH_PRIVATE_KEY makes Herald a confidential
// client (the loopback client of a development server has no document).
import { withRequestId } from "@/lib/api/handler";
import { HeraldError, toErrorResponse } from "@/lib/errors";
import { blueskyClientMetadata } from "@/lib/social/bluesky/oauth";
import { blueskyClientKind } from "@/lib/social/bluesky/oauth-config";

export const dynamic = "force-dynamic";

export const GET = withRequestId(async () => {
  if (blueskyClientKind() !== "confidential") {
    return toErrorResponse(new HeraldError("not_found", "This Herald has no Bluesky OAuth client (BLUESKY_OAUTH_PRIVATE_KEY is not set)."));
  }
  return Response.json(blueskyClientMetadata(), { headers: { "cache-control": "public, max-age=300" } });
});
