// The session an account's calls run with: its app-password login (./session.ts, cached per
// process), or its OAuth session (./oauth.ts, kept in the database and refreshed by the library).
// Publishing (./adapter.ts) and the inbox (lib/inbox/bluesky.ts) both open accounts here.
import type { AccountContext } from "../types";
import { storedCredentials, firstIssue } from "../stored-credentials";
import { blueskyCredentials, isOAuthCredentials } from "./credentials";
import type { OpenedAgent } from "./session";

/** Connected with "Connect with Bluesky" (its credentials name only the DID). */
export const isOAuthAccount = (account: Pick<AccountContext, "credentials">): boolean => account.credentials?.auth === "oauth";

export async function openAccountAgent(
  account: AccountContext,
  opts: { signal: AbortSignal; now: () => Date; baseUrl?: string; fetch?: typeof fetch; refresh?: boolean },
): Promise<OpenedAgent> {
  const creds = storedCredentials(blueskyCredentials, account, (issues) => `The Bluesky credentials for @${account.handle} are incomplete or malformed (${firstIssue(issues)}); reconnect the account.`);
  // Loaded here, not with the registry: they load @atproto/api (docs/decisions.md, "Cold starts").
  const { boundFetch, openAgent } = await import("./session");
  if (isOAuthCredentials(creds)) {
    const { openOAuthAgent } = await import("./oauth");
    // The PDS is the one the DID document names (the library resolves it); baseUrl does not apply.
    const s = await openOAuthAgent({ account, did: creds.did, fetch: boundFetch(opts.signal, opts.fetch), refresh: opts.refresh });
    // `fresh`: no second try with a new login; the library already refreshes and retries once
    // when the PDS refuses an access token.
    return { agent: s.agent, did: s.did, handle: account.handle, fresh: true, discard: () => undefined };
  }
  return openAgent({ service: opts.baseUrl ?? creds.service, fetch: opts.fetch, identifier: creds.identifier, password: creds.appPassword, signal: opts.signal, now: opts.now });
}
