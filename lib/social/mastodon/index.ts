// Mastodon: any server (`instanceUrl`), OAuth per server (lib/social/mastodon/oauth.ts).
import { allSet, type PlatformModule } from "../platform";
import { createMastodonAdapter } from "./adapter";
import { mastodonCredentials } from "./credentials";
import { mastodonOAuth } from "./oauth";
import { mastodonSpec } from "./spec";

export const mastodon = {
  spec: mastodonSpec,
  credentials: mastodonCredentials,
  addressField: "instanceUrl",
  // Knowing the server up front lets validate() use its real character limit.
  adapter: (account, deps) => createMastodonAdapter({ now: deps.now, baseUrl: deps.baseUrl, instanceUrl: account.credentials?.instanceUrl }),
  oauth: mastodonOAuth,
  fromEnv: (e) => {
    const c = allSet({ instanceUrl: e.MASTODON_API_URL, accessToken: e.MASTODON_ACCESS_TOKEN });
    return c && { handle: `env@${new URL(c.instanceUrl).host}`, credentials: c };
  },
} satisfies PlatformModule;
