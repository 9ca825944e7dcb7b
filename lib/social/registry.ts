// Picks the adapter for a platform. The exhaustive switch makes a missing platform a compile error.
import type { Db } from "../db";
import { blueskySpec } from "./bluesky/spec";
import { facebookSpec } from "./facebook/spec";
import { instagramSpec } from "./instagram/spec";
import { linkedinSpec } from "./linkedin/spec";
import { mastodonSpec } from "./mastodon/spec";
import { redditSpec } from "./reddit/spec";
import { createSimulatedAdapter } from "./simulation";
import type { PlatformSpec } from "./spec";
import { threadsSpec } from "./threads/spec";
import { tiktokSpec } from "./tiktok/spec";
import { twitterSpec } from "./twitter/spec";
import { PlatformError, type AccountContext, type Platform, type PlatformAdapter } from "./types";
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
 * The adapter for an account. Accounts without credentials run in simulation mode; real
 * platform clients arrive per platform (issue #3) and are chosen here when credentials exist.
 */
export function adapterFor(account: Pick<AccountContext, "platform" | "credentials">, deps: AdapterDeps): PlatformAdapter {
  const spec = specFor(account.platform);
  if (account.credentials === null) return createSimulatedAdapter(spec, deps);
  // Never pretend: an account with credentials must not silently fall back to simulation.
  throw new PlatformError(
    "permanent",
    "adapter_not_available",
    `Publishing to ${spec.label} with real credentials is not available yet; remove the credentials to simulate.`,
  );
}
