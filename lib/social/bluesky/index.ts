// Bluesky: an app password on any PDS (the `service` the user names).
import { allSet, type PlatformModule } from "../platform";
import { createBlueskyAdapter } from "./adapter";
import { blueskyCredentials } from "./credentials";
import { blueskySpec } from "./spec";

export const bluesky = {
  spec: blueskySpec,
  credentials: blueskyCredentials,
  addressField: "service",
  adapter: (_account, deps) => createBlueskyAdapter({ now: deps.now, baseUrl: deps.baseUrl }),
  fromEnv: (e) => {
    const c = allSet({ service: e.BLUESKY_SERVER_URL ?? "https://bsky.social", identifier: e.BLUESKY_IDENTIFIER, appPassword: e.BLUESKY_APP_PASSWORD });
    return c && { handle: c.identifier, credentials: c };
  },
} satisfies PlatformModule;
