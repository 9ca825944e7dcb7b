// Which platforms can store real credentials, and their shapes (one zod schema per platform).
import type { z } from "zod";
import { blueskyCredentials } from "./bluesky/credentials";
import { facebookCredentials } from "./facebook/credentials";
import { instagramCredentials } from "./instagram/credentials";
import { linkedinCredentials } from "./linkedin/credentials";
import { mastodonCredentials } from "./mastodon/credentials";
import { twitterCredentials } from "./twitter/credentials";
import type { Platform } from "./types";

/** The credentials schema for a platform, or null while Herald has no real adapter for it. */
export function credentialsSchema(platform: Platform): z.ZodType<Record<string, unknown>> | null {
  switch (platform) {
    case "twitter":
      return twitterCredentials;
    case "bluesky":
      return blueskyCredentials;
    case "mastodon":
      return mastodonCredentials;
    case "facebook":
      return facebookCredentials;
    case "instagram":
      return instagramCredentials;
    case "linkedin":
      return linkedinCredentials;
    case "threads":
    case "reddit":
    case "tiktok":
    case "youtube":
    case "whatsapp":
      return null;
    default: {
      const never: never = platform;
      throw new Error(`Unknown platform ${String(never)}`);
    }
  }
}
