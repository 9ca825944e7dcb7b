// Threads through the Threads API's container → publish flow (no seed variables); "Connect with
// Threads" (lib/social/threads/oauth.ts) gives a 60-day token that the adapter renews.
import { env } from "../../env";
import type { PlatformModule } from "../platform";
import { createThreadsAdapter } from "./adapter";
import { threadsCredentials } from "./credentials";
import { threadsOAuth } from "./oauth";
import { threadsSpec } from "./spec";

export const threads = {
  spec: threadsSpec,
  credentials: threadsCredentials,
  adapter: (_account, deps) => createThreadsAdapter({ now: deps.now, baseUrl: deps.baseUrl ?? env().THREADS_API_URL }),
  oauth: threadsOAuth,
} satisfies PlatformModule;
