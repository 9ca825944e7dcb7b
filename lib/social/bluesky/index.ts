// Bluesky: an app password on any PDS (the `service` the user names), or "Connect with Bluesky"
// (atproto OAuth, ./oauth.ts) when this deployment has a client (docs/decisions.md). The atproto
// libraries load on first use, not with the registry (docs/decisions.md, "Cold starts").
import { allSet, type PlatformModule } from "../platform";
import { createBlueskyAdapter } from "./adapter";
import { blueskyCredentials } from "./credentials";
import { lazyBlueskyOAuth } from "./oauth-config";
import { blueskySpec } from "./spec";

export const bluesky = {
  spec: blueskySpec,
  credentials: blueskyCredentials,
  addressField: "service",
  oauth: lazyBlueskyOAuth,
  adapter: (_account, deps) => createBlueskyAdapter({ now: deps.now, baseUrl: deps.baseUrl }),
  fromEnv: (e) => {
    const c = allSet({ service: e.BLUESKY_SERVER_URL ?? "https://bsky.social", identifier: e.BLUESKY_IDENTIFIER, appPassword: e.BLUESKY_APP_PASSWORD });
    return c && { handle: c.identifier, credentials: c };
  },
} satisfies PlatformModule;
