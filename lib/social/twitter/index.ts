// X (Twitter): OAuth 1.0a user context (lib/social/twitter/oauth.ts), twitter-text counting.
import { env } from "../../env";
import { allSet, type PlatformModule } from "../platform";
import { createTwitterAdapter } from "./adapter";
import { twitterCredentials } from "./credentials";
import { twitterOAuth } from "./oauth";
import { twitterSpec } from "./spec";

export const twitter = {
  spec: twitterSpec,
  credentials: twitterCredentials,
  adapter: (_account, deps) => createTwitterAdapter({ now: deps.now, baseUrl: deps.baseUrl ?? env().X_API_URL }),
  oauth: twitterOAuth,
  fromEnv: (e) => {
    const c = allSet({
      apiKey: e.TWITTER_API_KEY,
      apiSecret: e.TWITTER_API_SECRET,
      accessToken: e.TWITTER_ACCESS_TOKEN,
      accessTokenSecret: e.TWITTER_ACCESS_TOKEN_SECRET,
    });
    return c && { handle: e.TWITTER_HANDLE ?? "env-twitter", credentials: c };
  },
} satisfies PlatformModule;
