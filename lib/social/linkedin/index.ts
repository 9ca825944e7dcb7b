// LinkedIn Posts API, OAuth 2.0 (lib/social/linkedin/oauth.ts); tokens refreshed ahead of expiry.
import { env } from "../../env";
import { allSet, type PlatformModule } from "../platform";
import { createLinkedinAdapter } from "./adapter";
import { linkedinCredentials } from "./credentials";
import { linkedinOAuth } from "./oauth";
import { linkedinSpec } from "./spec";

export const linkedin = {
  spec: linkedinSpec,
  credentials: linkedinCredentials,
  adapter: (_account, deps) =>
    createLinkedinAdapter({ now: deps.now, baseUrl: deps.baseUrl ?? env().LINKEDIN_API_URL, authBaseUrl: env().LINKEDIN_AUTH_URL }),
  oauth: linkedinOAuth,
  fromEnv: (e) => {
    const c = allSet({ accessToken: e.LINKEDIN_ACCESS_TOKEN, authorUrn: e.LINKEDIN_AUTHOR_URN });
    if (!c) return null;
    const extra = allSet({ clientId: e.LINKEDIN_CLIENT_ID, clientSecret: e.LINKEDIN_CLIENT_SECRET }) ?? {};
    return { handle: c.authorUrn, credentials: { ...c, ...extra } };
  },
} satisfies PlatformModule;
