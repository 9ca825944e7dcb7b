// The publishing face (docs/design.md, "Flow"): every post Herald sends goes through here. It
// picks the account's adapter — the platform's real one, or the simulated platform when the
// account has no credentials — and makes the one publish call: validate, hold, send, classify.
// The social_post task (lib/tasks/social-post.ts) publishes through publishWith() inside its
// lease; postToSocialMedia() and the seeds' per-platform names publish right away.
import { randomUUID } from "node:crypto";
import { db } from "./db";
import { HeraldError } from "./errors";
import { loadAccount, type LoadedAccount } from "./social/accounts";
import { realAdapter, specFor, type AdapterDeps } from "./social/registry";
import { createSimulatedAdapter } from "./social/simulation";
import {
  PlatformError,
  type AccountContext,
  type Platform,
  type PlatformAdapter,
  type PublishContent,
  type PublishResult,
} from "./social/types";

export type { AdapterDeps, Platform, PublishContent };

/**
 * The adapter for an account: the platform's real one when the account has credentials, the
 * simulated platform when it has none. An account with credentials never falls back silently.
 */
export function adapterFor(account: Pick<AccountContext, "platform" | "credentials">, deps: AdapterDeps): PlatformAdapter {
  const spec = specFor(account.platform);
  if (account.credentials === null) return createSimulatedAdapter(spec, deps);
  const real = realAdapter(account, deps);
  if (real) return real;
  throw new PlatformError(
    "permanent",
    "adapter_not_available",
    `Publishing to ${spec.label} with real credentials is not available yet; remove the credentials to simulate.`,
  );
}

/** Runs `fn` with an abort signal that fires after `ms`; a timeout becomes an in-doubt failure. */
export async function withTimeout<T>(ms: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ctl = new AbortController();
  const timer = setTimeout(
    () => ctl.abort(new PlatformError("in_doubt", "timeout", `No answer from the platform within ${ms} ms.`)),
    ms,
  );
  try {
    return await Promise.race([
      fn(ctl.signal),
      new Promise<never>((_, reject) => ctl.signal.addEventListener("abort", () => reject(ctl.signal.reason), { once: true })),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export interface PublishRequest {
  adapter: PlatformAdapter;
  account: LoadedAccount;
  content: PublishContent;
  idempotencyKey: string;
  attempt: number;
  /** The time the call may take; an adapter that needs longer (video) may ask for up to `maxTimeoutMs`. */
  timeoutMs: number;
  maxTimeoutMs?: number;
  /** Runs right before the call with the time it may take; throwing stops the call (a lost lease). */
  beforeSend?: (timeoutMs: number) => Promise<void>;
  /** Keeps the platform's id for what is being sent with the task (PublishInput.remember). */
  remember?: (platformRef: string) => Promise<void>;
  /** What an earlier attempt kept (PublishInput.platformRef). */
  platformRef?: string;
}

export type PublishAnswer =
  | { ok: true; result: PublishResult }
  /** `sent: false`: refused before anything reached the platform (the content is invalid). */
  | { ok: false; sent: boolean; error: PlatformError };

/** One publish call. A platform failure comes back classified; only `beforeSend` may throw. */
export async function publishWith(req: PublishRequest): Promise<PublishAnswer> {
  const { adapter, content } = req;
  // Validated again at publish time: the platform's rules may have changed since scheduling.
  const problems = adapter.validate(content);
  if (problems.length) {
    return { ok: false, sent: false, error: new PlatformError("permanent", "validation_failed", problems.map((p) => p.message).join(" ")) };
  }
  const wanted = Math.max(req.timeoutMs, adapter.publishTimeoutMs?.(content) ?? 0);
  const timeout = Math.min(req.maxTimeoutMs ?? wanted, wanted);
  // Outside the try: a lost lease is no platform failure, and nothing was sent.
  await req.beforeSend?.(timeout);
  try {
    const result = await withTimeout(timeout, (signal) =>
      adapter.publish({ account: req.account, signal, content, idempotencyKey: req.idempotencyKey, attempt: req.attempt, remember: req.remember, platformRef: req.platformRef }),
    );
    return { ok: true, result };
  } catch (err) {
    return { ok: false, sent: true, error: adapter.classify(err) };
  }
}

export interface SocialPostInput {
  workspaceId: string;
  /** Which account; when absent, the workspace's only account on that platform. */
  accountId?: string;
  content: PublishContent | string;
  /** Pass the same key to make a repeated call safe on platforms that support it. */
  idempotencyKey?: string;
  timeoutMs?: number;
}

export type SocialPostResult =
  | { success: true; platform: Platform; accountId: string; postId: string; url: string; simulated: boolean }
  | {
      success: false;
      platform: Platform;
      accountId: string | null;
      error: { failureClass: string; code: string; message: string; retryAt?: string };
    };

async function findAccountId(workspaceId: string, platform: Platform, accountId?: string): Promise<string> {
  const accounts = await db().socialAccount.findMany({
    where: { workspaceId, platform, ...(accountId && { id: accountId }) },
    select: { id: true },
    take: 2,
  });
  if (accounts.length === 0) throw new HeraldError("not_found", `No ${platform} account in this workspace.`);
  if (accounts.length > 1) throw new HeraldError("bad_request", `Several ${platform} accounts: pass accountId.`);
  return accounts[0].id;
}

export async function postToSocialMedia(platform: Platform, input: SocialPostInput): Promise<SocialPostResult> {
  const accountId = await findAccountId(input.workspaceId, platform, input.accountId);
  const account = await loadAccount(db(), input.workspaceId, accountId);
  if (!account) throw new HeraldError("not_found", "Account not found.");
  const content: PublishContent = typeof input.content === "string" ? { text: input.content } : input.content;
  const answer = await publishWith({
    adapter: adapterFor(account, { prisma: db() }),
    account,
    content,
    idempotencyKey: input.idempotencyKey ?? randomUUID(),
    attempt: 1,
    timeoutMs: input.timeoutMs ?? 20_000,
  });
  if (answer.ok) {
    const r = answer.result;
    return { success: true, platform, accountId, postId: r.platformPostId, url: r.url, simulated: r.simulated };
  }
  const e = answer.error;
  return {
    success: false,
    platform,
    accountId,
    error: { failureClass: e.failureClass, code: e.code, message: e.message, retryAt: e.retryAt?.toISOString() },
  };
}

type Named = (input: SocialPostInput) => Promise<SocialPostResult>;
const on = (platform: Platform): Named => (input) => postToSocialMedia(platform, input);

export const postToTwitter = on("twitter");
export const postToBluesky = on("bluesky");
export const postToMastodon = on("mastodon");
export const postToFacebook = on("facebook");
export const postToInstagram = on("instagram");
export const postToThreads = on("threads");
export const postToLinkedIn = on("linkedin");
export const postToReddit = on("reddit");
export const postToTikTok = on("tiktok");
export const postToYouTube = on("youtube");
/** WhatsApp has no feed: this sends a message to the account's opted-in recipients. */
export const sendWhatsApp = on("whatsapp");
