// TikTok through its Content Posting API (./adapter); a post needs config.tiktok (who may see
// it, and what viewers may do: ./fields). Accounts are connected with "Connect with TikTok" (Login
// Kit for Web, OAuth 2.0: ./oauth; TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET) or a pasted token;
// their tokens are renewed with the same app keys. No seed variables: TikTok's access tokens last a
// day, so a token in the environment would not outlive it. API facts: docs/adapters.md, "TikTok".
import { env } from "../../env";
import type { PlatformModule } from "../platform";
import { createTikTokAdapter } from "./adapter";
import { tiktokCredentials } from "./credentials";
import { tiktokOAuth } from "./oauth";
import { tiktokSpec } from "./spec";

export const tiktok = {
  spec: tiktokSpec,
  credentials: tiktokCredentials,
  adapter: (_account, deps) => {
    const e = env();
    return createTikTokAdapter({
      now: deps.now,
      baseUrl: deps.baseUrl ?? e.TIKTOK_API_URL,
      clientKey: e.TIKTOK_CLIENT_KEY,
      clientSecret: e.TIKTOK_CLIENT_SECRET,
      verifiedDomains: e.TIKTOK_VERIFIED_DOMAINS?.split(",") ?? [],
    });
  },
  oauth: tiktokOAuth,
} satisfies PlatformModule;
