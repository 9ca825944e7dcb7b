// Facebook Pages through the Graph API (lib/social/meta/graph.ts); "Connect with Facebook" (Meta
// Login, lib/social/facebook/oauth.ts) connects Pages and their Instagram accounts.
import { env } from "../../env";
import { allSet, type PlatformModule } from "../platform";
import { createFacebookAdapter } from "./adapter";
import { facebookCredentials } from "./credentials";
import { facebookOAuth } from "./oauth";
import { facebookSpec } from "./spec";

export const facebook = {
  spec: facebookSpec,
  credentials: facebookCredentials,
  adapter: (_account, deps) => createFacebookAdapter({ now: deps.now, baseUrl: deps.baseUrl ?? env().GRAPH_API_URL }),
  fromEnv: (e) => {
    const c = allSet({ pageId: e.FB_PAGE_ID, pageAccessToken: e.FB_ACCESS_TOKEN });
    return c && { handle: `page-${c.pageId}`, credentials: c };
  },
  oauth: facebookOAuth,
} satisfies PlatformModule;
