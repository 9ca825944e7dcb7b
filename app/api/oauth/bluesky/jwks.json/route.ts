// GET /api/oauth/bluesky/jwks.json — the public key Herald signs its atproto OAuth client
// assertions with (private_key_jwt; the client metadata's jwks_uri). Public; 404 without a key.
import { withRequestId } from "@/lib/api/handler";
import { HeraldError, toErrorResponse } from "@/lib/errors";
import { blueskyJwks } from "@/lib/social/bluesky/oauth";
import { blueskyClientKind } from "@/lib/social/bluesky/oauth-config";

export const dynamic = "force-dynamic";

export const GET = withRequestId(async () => {
  if (blueskyClientKind() !== "confidential") {
    return toErrorResponse(new HeraldError("not_found", "This Herald has no Bluesky OAuth client (BLUESKY_OAUTH_PRIVATE_KEY is not set)."));
  }
  return Response.json(await blueskyJwks(), { headers: { "cache-control": "public, max-age=300" } });
});
