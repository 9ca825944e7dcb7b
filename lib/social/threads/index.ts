// Threads through the Threads API's container → publish flow (no seed variables).
import { env } from "../../env";
import type { PlatformModule } from "../platform";
import { createThreadsAdapter } from "./adapter";
import { threadsCredentials } from "./credentials";
import { threadsSpec } from "./spec";

export const threads = {
  spec: threadsSpec,
  credentials: threadsCredentials,
  adapter: (_account, deps) => createThreadsAdapter({ now: deps.now, baseUrl: deps.baseUrl ?? env().THREADS_API_URL }),
} satisfies PlatformModule;
