// Reddit through its OAuth API (lib/social/reddit/adapter.ts); a post needs config.reddit (a
// subreddit and a title: ./fields.ts). Accounts are connected with "Connect with Reddit" (OAuth 2.0,
// ./oauth.ts; REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET) or a pasted token; their tokens are renewed
// ahead of expiry. No seed variables: Reddit's access tokens last a day at most, so a token in the
// environment would not outlive it.
import { env } from "../../env";
import type { PlatformModule } from "../platform";
import { createRedditAdapter } from "./adapter";
import { redditCredentials } from "./credentials";
import { redditOAuth } from "./oauth";
import { redditSpec } from "./spec";

export const reddit = {
  spec: redditSpec,
  credentials: redditCredentials,
  adapter: (_account, deps) => {
    const e = env();
    return createRedditAdapter({
      now: deps.now,
      baseUrl: deps.baseUrl ?? e.REDDIT_API_URL,
      authBaseUrl: e.REDDIT_AUTH_URL,
      clientId: e.REDDIT_CLIENT_ID,
      clientSecret: e.REDDIT_CLIENT_SECRET,
    });
  },
  oauth: redditOAuth,
} satisfies PlatformModule;
