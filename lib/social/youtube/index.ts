// YouTube through the YouTube Data API v3 (lib/social/youtube/adapter.ts); a post is one video and
// needs config.youtube (a title at least: ./fields.ts). Accounts are connected with "Connect with
// YouTube" (Google OAuth 2.0 with PKCE, ./oauth.ts; GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET) or a
// pasted Google OAuth token (scopes youtube.upload and youtube.readonly) and its refresh token;
// their tokens are renewed with the same app keys. No seed variables: Google's access tokens last
// an hour. Every adapter counts the app's daily quota in the database (./quota.ts).
import { clock } from "../../clock";
import { env } from "../../env";
import type { PlatformModule } from "../platform";
import { createYoutubeAdapter } from "./adapter";
import { youtubeCredentials } from "./credentials";
import { youtubeOAuth } from "./oauth";
import { projectKeyOf, quotaMeter } from "./quota";
import { youtubeSpec } from "./spec";

export const youtube = {
  spec: youtubeSpec,
  credentials: youtubeCredentials,
  adapter: (_account, deps) => {
    const e = env();
    return createYoutubeAdapter({
      now: deps.now,
      baseUrl: deps.baseUrl ?? e.YOUTUBE_API_URL,
      authBaseUrl: e.GOOGLE_OAUTH_URL,
      clientId: e.GOOGLE_CLIENT_ID,
      clientSecret: e.GOOGLE_CLIENT_SECRET,
      quota: quotaMeter(deps.prisma, projectKeyOf(e.GOOGLE_CLIENT_ID), e.YOUTUBE_DAILY_QUOTA, deps.now ?? clock.now),
    });
  },
  oauth: youtubeOAuth,
} satisfies PlatformModule;
