// GET /api/accounts/oauth/:platform/callback — where Mastodon / Bluesky / X / LinkedIn / Reddit / Threads / Meta / Google (YouTube) / TikTok send the browser back: finish the flow, store the account (or, for Meta, keep the Pages to choose from: ?pick=<key>), redirect to the accounts page with the outcome.
import { withRequestId } from "@/lib/api/handler";
import { getSessionCaller, membershipRole } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { toErrorResponse, HeraldError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { accountsPageUrl, finishOAuth, isOAuthPlatform, OAuthFailure } from "@/lib/social/oauth";
import { OAUTH_PLATFORM_NAMES } from "@/lib/social/registry";
import { auditFromRoute } from "@/lib/audit";
import { loopbackBounce } from "@/lib/social/bluesky/oauth-config";

export const GET = withRequestId(async (req: Request, ctx: { params: Promise<{ platform: string }> }): Promise<Response> => {
  const { platform } = await ctx.params;
  if (!isOAuthPlatform(platform)) {
    return toErrorResponse(new HeraldError("not_found", `Connecting with OAuth is available for ${OAUTH_PLATFORM_NAMES} only.`));
  }
  // Bluesky's loopback client (a development server) comes back on 127.0.0.1: on to the app URL's
  // host first, where the browser's session cookie is (lib/social/bluesky/oauth.ts).
  const bounce = platform === "bluesky" ? loopbackBounce(req.url) : null;
  if (bounce) return new Response(null, { status: 303, headers: { location: bounce, "cache-control": "no-store", "referrer-policy": "no-referrer" } });
  let location: string;
  let setCookies: string[] = [];
  try {
    const caller = await getSessionCaller(req);
    setCookies = caller?.setCookies ?? [];
    const session = caller && {
      userId: caller.userId,
      sessionId: caller.sessionId,
      activeWorkspaceId: caller.activeWorkspaceId,
      roleIn: (workspaceId: string) => membershipRole(workspaceId, caller.userId),
    };
    const result = await finishOAuth(db(), platform, new URL(req.url).searchParams, session);
    if ("accountId" in result && caller?.activeWorkspaceId) {
      await auditFromRoute(
        { workspaceId: caller.activeWorkspaceId, actor: { type: "user", userId: caller.userId, sessionId: caller.sessionId }, req },
        "account.connected",
        { target: { type: "account", id: result.accountId }, detail: { platform, via: "oauth" } },
      );
    }
    location = accountsPageUrl(result);
  } catch (err) {
    if (!(err instanceof OAuthFailure)) logger.error({ err, platform }, "oauth callback failed");
    location = accountsPageUrl({ error: err instanceof OAuthFailure ? err.code : "failed", platform });
  }
  // 303: the browser GETs the accounts page; the code and state stay out of its history's next hop.
  const res = new Response(null, { status: 303, headers: { location, "cache-control": "no-store", "referrer-policy": "no-referrer" } });
  for (const c of setCookies) res.headers.append("set-cookie", c);
  return res;
});
