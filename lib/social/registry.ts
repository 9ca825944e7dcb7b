// Every network Herald knows, one record each (lib/social/platform.ts). The only list of
// platforms in the code besides the Platform enum: `satisfies` makes a missing one a compile error.
import type { z } from "zod";
import { bluesky } from "./bluesky";
import { facebook } from "./facebook";
import { instagram } from "./instagram";
import { linkedin } from "./linkedin";
import { mastodon } from "./mastodon";
import type { AdapterDeps, OAuthFlow, PlatformModule } from "./platform";
import { reddit } from "./reddit";
import type { PlatformSpec } from "./spec";
import { threads } from "./threads";
import { tiktok } from "./tiktok";
import { twitter } from "./twitter";
import type { AccountContext, Platform, PlatformAdapter } from "./types";
import { whatsapp } from "./whatsapp";
import { youtube } from "./youtube";

export type { AdapterDeps, PlatformModule };

export const PLATFORMS = {
  twitter,
  bluesky,
  mastodon,
  facebook,
  instagram,
  threads,
  linkedin,
  reddit,
  tiktok,
  youtube,
  whatsapp,
} satisfies Record<Platform, PlatformModule>;

type Modules = typeof PLATFORMS;

/** The platforms whose record has a sign-in flow ("Connect with …"). */
export type OAuthPlatform = { [P in keyof Modules]: Modules[P] extends { oauth: OAuthFlow } ? P : never }[keyof Modules];

export const OAUTH_PLATFORMS = (Object.keys(PLATFORMS) as Platform[]).filter(
  (p): p is OAuthPlatform => platformModule(p).oauth !== undefined,
);

/** The networks with a sign-in, for messages: "X, Mastodon, LinkedIn and Reddit". */
export const OAUTH_PLATFORM_NAMES = new Intl.ListFormat("en-GB", { type: "conjunction" }).format(
  OAUTH_PLATFORMS.map((p) => PLATFORMS[p].spec.label),
);

/** The sign-in flow of a platform that has one. */
export function oauthFlow(platform: OAuthPlatform): OAuthFlow {
  return PLATFORMS[platform].oauth;
}

export function platformModule(platform: Platform): PlatformModule {
  const m: PlatformModule | undefined = PLATFORMS[platform];
  if (!m) throw new Error(`Unknown platform ${String(platform)}`);
  return m;
}

export function specFor(platform: Platform): PlatformSpec {
  return platformModule(platform).spec;
}

/** The credentials schema for a platform, or null while Herald has no real adapter for it. */
export function credentialsSchema(platform: Platform): z.ZodType<Record<string, unknown>> | null {
  return platformModule(platform).credentials;
}

/**
 * The real adapter for a platform, or null while Herald has none for it. Which one an account
 * gets (real or simulated) is decided in lib/social-media.ts.
 */
export function realAdapter(account: Pick<AccountContext, "platform" | "credentials">, deps: AdapterDeps): PlatformAdapter | null {
  return platformModule(account.platform).adapter?.(account, deps) ?? null;
}
