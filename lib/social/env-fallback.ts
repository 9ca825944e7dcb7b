// The seeds' environment variables (TWITTER_API_KEY, FB_ACCESS_TOKEN, BLUESKY_IDENTIFIER, …) as a
// single-workspace fallback: when a deployment has exactly one workspace and it schedules to a
// platform it has no account for, the account is created from these variables instead of as a
// simulated one. With several workspaces they are ignored: one business's keys must never post
// for another. Which variables make an account is each platform's `fromEnv` (its index.ts).
import { env } from "../env";
import type { EnvAccount } from "./platform";
import { platformModule } from "./registry";
import type { Platform } from "./types";

export type { EnvAccount };

export function envAccount(platform: Platform): EnvAccount | null {
  return platformModule(platform).fromEnv?.(env()) ?? null;
}
