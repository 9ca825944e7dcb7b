// YouTube through the YouTube Data API v3 (lib/social/youtube/adapter.ts); a post is one video and
// needs config.youtube (a title at least: ./fields.ts). Accounts are connected with a pasted Google
// OAuth token (scopes youtube.upload and youtube.readonly) and its refresh token, renewed with
// GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET; there is no "Connect with YouTube" yet. No seed
// variables: Google's access tokens last an hour.
import { env } from "../../env";
import type { PlatformModule } from "../platform";
import { createYoutubeAdapter } from "./adapter";
import { youtubeCredentials } from "./credentials";
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
    });
  },
} satisfies PlatformModule;
