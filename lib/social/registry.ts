// What Herald knows of each platform: its spec and its real adapter. The exhaustive switch makes a missing platform a compile error.
import type { Db } from "../db";
import { env } from "../env";
import { createBlueskyAdapter } from "./bluesky/adapter";
import { blueskySpec } from "./bluesky/spec";
import { createFacebookAdapter } from "./facebook/adapter";
import { facebookSpec } from "./facebook/spec";
import { createInstagramAdapter } from "./instagram/adapter";
import { instagramSpec } from "./instagram/spec";
import { createLinkedinAdapter } from "./linkedin/adapter";
import { linkedinSpec } from "./linkedin/spec";
import { createMastodonAdapter } from "./mastodon/adapter";
import { mastodonSpec } from "./mastodon/spec";
import { redditSpec } from "./reddit/spec";
import type { PlatformSpec } from "./spec";
import { threadsSpec } from "./threads/spec";
import { tiktokSpec } from "./tiktok/spec";
import { createTwitterAdapter } from "./twitter/adapter";
import { twitterSpec } from "./twitter/spec";
import type { AccountContext, Platform, PlatformAdapter } from "./types";
import { whatsappSpec } from "./whatsapp/spec";
import { youtubeSpec } from "./youtube/spec";

export function specFor(platform: Platform): PlatformSpec {
  switch (platform) {
    case "twitter":
      return twitterSpec;
    case "bluesky":
      return blueskySpec;
    case "mastodon":
      return mastodonSpec;
    case "facebook":
      return facebookSpec;
    case "instagram":
      return instagramSpec;
    case "threads":
      return threadsSpec;
    case "linkedin":
      return linkedinSpec;
    case "reddit":
      return redditSpec;
    case "tiktok":
      return tiktokSpec;
    case "youtube":
      return youtubeSpec;
    case "whatsapp":
      return whatsappSpec;
    default: {
      const never: never = platform;
      throw new Error(`No adapter for platform ${String(never)}`);
    }
  }
}

export interface AdapterDeps {
  prisma: Db;
  now?: () => Date;
  /** The platform API's base URL (X, Graph, LinkedIn); Bluesky and Mastodon take theirs from credentials. */
  baseUrl?: string;
}

/**
 * The real adapter for a platform, or null while Herald has none for it. Which one an account
 * gets (real or simulated) is decided in lib/social-media.ts.
 */
export function realAdapter(account: Pick<AccountContext, "platform" | "credentials">, deps: AdapterDeps): PlatformAdapter | null {
  const now = deps.now;
  switch (account.platform) {
    case "twitter":
      return createTwitterAdapter({ now, baseUrl: deps.baseUrl ?? env().X_API_URL });
    case "bluesky":
      return createBlueskyAdapter({ now, baseUrl: deps.baseUrl });
    case "mastodon":
      // Knowing the server up front lets validate() use its real character limit.
      return createMastodonAdapter({ now, baseUrl: deps.baseUrl, instanceUrl: account.credentials?.instanceUrl });
    case "facebook":
      return createFacebookAdapter({ now, baseUrl: deps.baseUrl ?? env().GRAPH_API_URL });
    case "instagram":
      return createInstagramAdapter({ now, baseUrl: deps.baseUrl ?? env().GRAPH_API_URL });
    case "linkedin":
      return createLinkedinAdapter({ now, baseUrl: deps.baseUrl ?? env().LINKEDIN_API_URL, authBaseUrl: env().LINKEDIN_AUTH_URL });
    case "threads":
    case "reddit":
    case "tiktok":
    case "youtube":
    case "whatsapp":
      return null;
    default: {
      const never: never = account.platform;
      throw new Error(`No adapter for platform ${String(never)}`);
    }
  }
}
