// What Herald knows about one network, as one record (docs/design.md, "Platforms"): each
// lib/social/<platform>/index.ts exports one, and lib/social/registry.ts is the only place that
// lists them. A new network is one folder here plus its name in the Platform enum.
import { createHash, randomBytes } from "node:crypto";
import type { z } from "zod";
import type { Db } from "../db";
import type { Env } from "../env";
import { HeraldError } from "../errors";
import type { PlatformSpec } from "./spec";
import { PlatformError, type AccountContext, type Platform, type PlatformAdapter, type PublishContent, type ValidationProblem } from "./types";

export interface AdapterDeps {
  prisma: Db;
  now?: () => Date;
  /** The platform API's base URL (X, Graph, LinkedIn); Bluesky and Mastodon take theirs from credentials. */
  baseUrl?: string;
}

/** An account made from the seeds' environment variables (lib/social/env-fallback.ts). */
export interface EnvAccount {
  handle: string;
  credentials: Record<string, string>;
}

/** An account a sign-in produced, ready to store (lib/accounts.ts). */
export interface ConnectedAccount {
  handle: string;
  displayName?: string;
  credentials: Record<string, string>;
  /** Set (or cleared, null) when the platform's tokens expire; undefined leaves it. */
  tokenExpiresAt?: string | null;
  /**
   * What the sign-in keeps beside the account once it is stored (Bluesky: its OAuth session,
   * lib/social/bluesky/oauth.ts). Called by the callback only, never for picked candidates.
   */
  attach?: (prisma: Db, accountId: string, workspaceId: string) => Promise<void>;
}

/**
 * One account a sign-in gave access to, for the person to choose (a Facebook Page, an Instagram
 * account linked to it): lib/social/oauth.ts keeps the candidates server-side and the accounts
 * page lists them by name and handle only.
 */
export interface AccountCandidate extends ConnectedAccount {
  platform: Platform;
  /** Why it cannot be connected (shown disabled with this reason). */
  unavailable?: string;
  /** A line under its name, e.g. which Page an Instagram account is linked to. */
  note?: string;
}

/** What a flow's finish gives: one account to store, or several for the person to choose from. */
export type OAuthFinishResult = ConnectedAccount | { choose: AccountCandidate[]; emptyMessage?: string };

/**
 * Why finishing a sign-in failed, as one of the callback's error codes (lib/social/oauth.ts);
 * `denied`: the grant lacks a permission Herald needs (Reddit without `submit`).
 */
export type OAuthFinishReason = "token_rejected" | "platform_unavailable" | "verify_failed" | "not_configured" | "denied";

export class OAuthFinishError extends Error {
  constructor(readonly reason: OAuthFinishReason, readonly httpStatus?: number) {
    super(reason);
    this.name = "OAuthFinishError";
  }
}

/**
 * A failed exchange or verification: a 4xx (other than 429) means the platform refused the grant
 * (`rejected`); anything else, or no answer, means it is unavailable right now.
 */
export function finishFailure(httpStatus: number | undefined, rejected: "token_rejected" | "verify_failed"): OAuthFinishError {
  if (httpStatus !== undefined && httpStatus < 500 && httpStatus !== 429) return new OAuthFinishError(rejected, httpStatus);
  return new OAuthFinishError("platform_unavailable", httpStatus);
}

/** finishFailure for an error a platform call threw: its HTTP status decides (lib/social/http.ts). */
export function platformFailure(err: unknown, rejected: "token_rejected" | "verify_failed"): OAuthFinishError {
  return finishFailure(err instanceof PlatformError ? err.httpStatus : undefined, rejected);
}

/**
 * "Connect with …": the platform's side of a sign-in. lib/social/oauth.ts keeps the flow (who
 * started it, where, the pending secrets, encrypted, for ten minutes) and checks the callback.
 */
export interface OAuthFlow {
  /** Whether this deployment can offer the button (the app's keys are set). */
  available(): boolean;
  /** The callback's value that names the pending flow (our `state`, or X's request token). */
  keyOf(query: URLSearchParams): string | null;
  /** The authorize URL, the key the callback will present, and what finishing needs (kept server-side). */
  start(input: { redirectUri: string; instanceUrl?: string; handle?: string }): Promise<{ url: string; key: string; pending?: unknown }>;
  /**
   * Exchanges and verifies the grant; throws OAuthFinishError with the reason. `{ choose }` when
   * the grant covers several accounts (Meta: the Pages the person manages) and the person picks.
   */
  finish(query: URLSearchParams, pending: unknown, ctx: { redirectUri: string; now: Date }): Promise<OAuthFinishResult>;
}

/** A token answer's scopes, separated by spaces (Google, Reddit) or commas (Reddit, TikTok). */
export function grantedScopes(scope: unknown): Set<string> {
  return new Set(typeof scope === "string" ? scope.split(/[\s,]+/).filter(Boolean) : []);
}

/** A string field of a platform's answer, trimmed, or undefined when it is missing or blank. */
export const nonEmpty = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : undefined);

/** PKCE's S256 code challenge for a verifier (RFC 7636): base64url of its SHA-256. */
export function pkceChallenge(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

/** What a PKCE flow keeps server-side between start and callback (lib/social/oauth.ts encrypts it). */
interface PkcePending {
  codeVerifier: string;
}

/**
 * An OAuth 2.0 authorization-code flow keyed by our own random `state` (LinkedIn, Reddit, Threads,
 * Meta, YouTube, TikTok): offered while `keys()` finds the app's keys (a start without them is 404
 * `notConfigured`), `authorize` builds the platform's consent URL, and the callback's `code` goes
 * to `exchange`; a callback without one is a rejected grant. With `pkce` (S256, RFC 7636: Google)
 * a random verifier is the flow's pending secret, kept server-side with the rest of the flow; its
 * challenge goes on the authorize URL and the verifier to `exchange`, so a code that leaked on its
 * way back is of no use without it.
 */
export function authorizationCodeFlow<K>(flow: {
  keys: () => K | null;
  notConfigured: string;
  pkce?: boolean;
  authorize: (keys: K, redirectUri: string, state: string) => URL;
  exchange: (code: string, redirectUri: string, now: Date, codeVerifier?: string) => Promise<OAuthFinishResult>;
}): OAuthFlow {
  return {
    available: () => flow.keys() !== null,
    keyOf: (query) => query.get("state"),
    async start({ redirectUri }) {
      const keys = flow.keys();
      if (!keys) throw new HeraldError("not_found", flow.notConfigured);
      const state = randomBytes(32).toString("base64url");
      const url = flow.authorize(keys, redirectUri, state);
      if (!flow.pkce) return { url: url.toString(), key: state };
      // 64 characters of [A-Za-z0-9_-]: within RFC 7636's 43–128 unreserved characters.
      const pending: PkcePending = { codeVerifier: randomBytes(48).toString("base64url") };
      url.searchParams.set("code_challenge", pkceChallenge(pending.codeVerifier));
      url.searchParams.set("code_challenge_method", "S256");
      return { url: url.toString(), key: state, pending };
    },
    finish(query, pending, { redirectUri, now }) {
      const code = query.get("code");
      if (!code) throw new OAuthFinishError("token_rejected");
      if (!flow.pkce) return flow.exchange(code, redirectUri, now);
      const codeVerifier = (pending as Partial<PkcePending> | undefined)?.codeVerifier;
      // A flow kept without its verifier cannot be finished: the platform would refuse the code.
      if (typeof codeVerifier !== "string" || !codeVerifier) throw new OAuthFinishError("token_rejected");
      return flow.exchange(code, redirectUri, now, codeVerifier);
    },
  };
}

export interface PlatformModule {
  /** Limits, counting, media and image rules, label, style: data, safe to send to the browser. */
  spec: PlatformSpec;
  /** The shape of stored credentials; null while Herald publishes there only in simulation. */
  credentials: z.ZodType<Record<string, unknown>> | null;
  /** The credential field that names a server Herald will call (checked against private addresses). */
  addressField?: string;
  /** The real adapter; absent while Herald has none (an account with credentials then fails readably). */
  adapter?: (account: Pick<AccountContext, "credentials">, deps: AdapterDeps) => PlatformAdapter;
  /** The seeds' environment variables as one account, when all that it needs are set. */
  fromEnv?: (e: Env) => EnvAccount | null;
  /** "Connect with …" (OAuth), where the platform has one. */
  oauth?: OAuthFlow;
  /**
   * What only the workspace's own data can check when a post is scheduled (WhatsApp: its
   * recipients exist and opted in); problems refuse the request like the spec's.
   */
  checkWithData?: (db: Db, workspaceId: string, content: PublishContent) => Promise<ValidationProblem[]>;
}

/** The values when every one is set, else null. */
export function allSet(values: Record<string, string | undefined>): Record<string, string> | null {
  return Object.values(values).every((v) => v) ? (values as Record<string, string>) : null;
}
