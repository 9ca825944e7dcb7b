// POST /api/accounts/oauth/:platform/start — begin connecting a Mastodon, Bluesky (atproto OAuth, from a handle), X, LinkedIn, Reddit, Threads, Facebook (and Instagram), YouTube or TikTok account with OAuth (admin, signed-in user); answers the authorize URL.
import { readJson, withWorkspace } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { HeraldError } from "@/lib/errors";
import { isOAuthPlatform, startOAuth } from "@/lib/social/oauth";
import { OAUTH_PLATFORM_NAMES } from "@/lib/social/registry";
import { OAuthStartInput } from "@/lib/validation/accounts";

export const POST = withWorkspace(async ({ req, workspaceId, actor, params }) => {
  const platform = params.platform ?? "";
  if (!isOAuthPlatform(platform)) {
    throw new HeraldError("not_found", `Connecting with OAuth is available for ${OAUTH_PLATFORM_NAMES} only; use the credentials form for other platforms.`);
  }
  // The platform sends the browser back to a callback that checks the user's own session.
  if (actor.type !== "user") throw new HeraldError("forbidden", "Connecting with OAuth needs a signed-in user in a browser; API keys can connect with credentials (POST /api/accounts).");
  const input = await readJson(req, OAuthStartInput);
  const { url } = await startOAuth(db(), platform, { workspaceId, userId: actor.userId, sessionId: actor.sessionId }, input);
  return { success: true, url };
}, { minRole: "admin" });
