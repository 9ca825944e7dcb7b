// Bluesky sessions, reused. createSession (login) is limited to 30 per 5 minutes and 300 per day
// per account, so every publish must not log in again: sessions are kept in module memory per
// (service, identifier, password hash) and shared by every adapter in this process. An access
// JWT that expires within a minute is refreshed first (com.atproto.server.refreshSession); the
// SDK's CredentialSession also refreshes on an ExpiredToken answer. Concurrent callers for the
// same account share one login or refresh.
//
// Each call gets its own CredentialSession (cheap) seeded from the cache, with a fetch that is
// bound to the call's AbortSignal: every request of that call, the SDK's own login and refresh
// requests included, stops when the scheduler's timeout fires.
import { createHash } from "node:crypto";
import { AtpAgent, CredentialSession, XRPCError, type Agent, type AtpSessionData } from "@atproto/api";
import { guardedFetch } from "../../net/guarded-fetch";
import { registerAtprotoErrors } from "./errors";

registerAtprotoErrors({ XRPCError });

interface Entry {
  session: AtpSessionData;
  /** The PDS named by the account's DID document, when the service is an entryway. */
  pdsUrl?: string;
}

/** Refresh an access token that expires within this window before using it. */
export const REFRESH_MARGIN_MS = 60_000;

const cache = new Map<string, Entry>();
const inflight = new Map<string, Promise<Entry>>();

/** For tests: forget every cached session. */
export function clearBlueskySessions(): void {
  cache.clear();
  inflight.clear();
}

/** For tests: the number of cached sessions. */
export function cachedBlueskySessionCount(): number {
  return cache.size;
}

function cacheKey(service: string, identifier: string, password: string): string {
  const pw = createHash("sha256").update(password).digest("base64url");
  return `${service.replace(/\/+$/, "")}\u0000${identifier.trim().toLowerCase()}\u0000${pw}`;
}

/** `exp` of a JWT in epoch milliseconds, or undefined when it cannot be read. */
export function jwtExpiresAt(jwt: string): number | undefined {
  const part = jwt.split(".")[1];
  if (!part) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as { exp?: unknown };
    return typeof payload.exp === "number" ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A fetch whose every request also stops when `signal` aborts. It is the guarded fetch: the
 * service is the user's (credentials.service), and so is the PDS its DID document names, so
 * neither may be a private address (lib/net/guarded-fetch.ts).
 */
export function boundFetch(signal: AbortSignal, base: typeof fetch = guardedFetch): typeof fetch {
  return (input, init) => {
    const own = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    return base(input, { ...init, signal: own ? AbortSignal.any([own, signal]) : signal });
  };
}

function share(key: string, work: () => Promise<Entry>): Promise<Entry> {
  let p = inflight.get(key);
  if (!p) {
    p = work().finally(() => inflight.delete(key));
    inflight.set(key, p);
  }
  return p;
}

export interface OpenedAgent {
  /** An AtpAgent for an app-password session, a plain Agent over the OAuth session (./open.ts). */
  agent: Agent;
  did: string;
  handle: string;
  /** True when this call logged in (a fresh session), false when it reused a cached one. */
  fresh: boolean;
  /** Drops the cached session (after the PDS rejected it). */
  discard(): void;
}

export async function openAgent(opts: {
  service: string;
  identifier: string;
  password: string;
  signal: AbortSignal;
  now: () => Date;
  /** The transport under the guard's wrapper (tests observe requests with it); default guardedFetch. */
  fetch?: typeof fetch;
}): Promise<OpenedAgent> {
  const key = cacheKey(opts.service, opts.identifier, opts.password);
  const cs: CredentialSession = new CredentialSession(new URL(opts.service), boundFetch(opts.signal, opts.fetch), (evt, data) => {
    if ((evt === "create" || evt === "update") && data) {
      cache.set(key, { session: data, pdsUrl: cs.pdsUrl?.href });
    } else if (evt === "expired") {
      cache.delete(key);
    }
  });
  const adopt = (e: Entry) => {
    cs.session = { ...e.session };
    cs.pdsUrl = e.pdsUrl ? new URL(e.pdsUrl) : undefined;
  };
  const snapshot = (): Entry => ({ session: cs.session!, pdsUrl: cs.pdsUrl?.href });
  const login = async (): Promise<Entry> => {
    await cs.login({ identifier: opts.identifier, password: opts.password });
    return snapshot();
  };

  let fresh = false;
  const cached = cache.get(key);
  if (!cached) {
    adopt(await share(key, login));
    fresh = true;
  } else {
    adopt(cached);
    const exp = jwtExpiresAt(cached.session.accessJwt);
    if (exp !== undefined && exp - opts.now().getTime() < REFRESH_MARGIN_MS) {
      adopt(
        await share(key, async () => {
          try {
            await cs.refreshSession();
            return snapshot();
          } catch (err) {
            // The refresh token itself was rejected (expired, revoked): log in again. Anything
            // else (network, 5xx) is the caller's failure to classify.
            if (cs.session) throw err;
            fresh = true;
            return login();
          }
        }),
      );
    }
  }
  const session = cs.session!;
  return {
    agent: new AtpAgent(cs),
    did: session.did,
    handle: session.handle,
    fresh,
    discard: () => {
      if (cache.get(key)?.session.refreshJwt === session.refreshJwt) cache.delete(key);
    },
  };
}
