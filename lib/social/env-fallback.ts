// The seeds' environment variables (TWITTER_API_KEY, FB_ACCESS_TOKEN, BLUESKY_IDENTIFIER, …) as a
// single-workspace fallback: when a deployment has exactly one workspace and it schedules to a
// platform it has no account for, the account is created from these variables instead of as a
// simulated one. With several workspaces they are ignored: one business's keys must never post
// for another.
import { env } from "../env";
import type { Platform } from "./types";

export interface EnvAccount {
  handle: string;
  credentials: Record<string, string>;
}

function all(values: Record<string, string | undefined>): Record<string, string> | null {
  return Object.values(values).every((v) => v) ? (values as Record<string, string>) : null;
}

export function envAccount(platform: Platform): EnvAccount | null {
  const e = env();
  switch (platform) {
    case "twitter": {
      const c = all({
        apiKey: e.TWITTER_API_KEY,
        apiSecret: e.TWITTER_API_SECRET,
        accessToken: e.TWITTER_ACCESS_TOKEN,
        accessTokenSecret: e.TWITTER_ACCESS_TOKEN_SECRET,
      });
      return c && { handle: e.TWITTER_HANDLE ?? "env-twitter", credentials: c };
    }
    case "facebook": {
      const c = all({ pageId: e.FB_PAGE_ID, pageAccessToken: e.FB_ACCESS_TOKEN });
      return c && { handle: `page-${c.pageId}`, credentials: c };
    }
    case "linkedin": {
      const c = all({ accessToken: e.LINKEDIN_ACCESS_TOKEN, authorUrn: e.LINKEDIN_AUTHOR_URN });
      if (!c) return null;
      const extra = all({ clientId: e.LINKEDIN_CLIENT_ID, clientSecret: e.LINKEDIN_CLIENT_SECRET }) ?? {};
      return { handle: c.authorUrn, credentials: { ...c, ...extra } };
    }
    case "bluesky": {
      const c = all({ service: e.BLUESKY_SERVER_URL ?? "https://bsky.social", identifier: e.BLUESKY_IDENTIFIER, appPassword: e.BLUESKY_APP_PASSWORD });
      return c && { handle: c.identifier, credentials: c };
    }
    case "mastodon": {
      const c = all({ instanceUrl: e.MASTODON_API_URL, accessToken: e.MASTODON_ACCESS_TOKEN });
      return c && { handle: `env@${new URL(c.instanceUrl).host}`, credentials: c };
    }
    // WhatsApp's variables are read by its adapter when it arrives; the others have none.
    case "whatsapp":
    case "instagram":
    case "threads":
    case "reddit":
    case "tiktok":
    case "youtube":
      return null;
    default: {
      const never: never = platform;
      throw new Error(`Unknown platform ${String(never)}`);
    }
  }
}
