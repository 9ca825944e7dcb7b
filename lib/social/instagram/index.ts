// Instagram professional accounts through the Graph API's content publishing (no seed variables).
import { env } from "../../env";
import type { PlatformModule } from "../platform";
import { createInstagramAdapter } from "./adapter";
import { instagramCredentials } from "./credentials";
import { instagramSpec } from "./spec";

export const instagram = {
  spec: instagramSpec,
  credentials: instagramCredentials,
  adapter: (_account, deps) => createInstagramAdapter({ now: deps.now, baseUrl: deps.baseUrl ?? env().GRAPH_API_URL }),
} satisfies PlatformModule;
