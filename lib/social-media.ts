// The public face of publishing: postToSocialMedia() and the seeds' named per-platform functions.
// Each call publishes right away through the platform's adapter (simulation mode when the account
// has no credentials); scheduled posts go through lib/agent-scheduler.ts instead, which adds
// leases, retries and reconciliation around the same adapters.
import { randomUUID } from "node:crypto";
import { db } from "./db";
import { HeraldError } from "./errors";
import { loadAccount } from "./social/accounts";
import { adapterFor } from "./social/registry";
import type { Platform, PublishContent } from "./social/types";

export type { Platform, PublishContent };

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
  const adapter = adapterFor(account, { prisma: db() });
  const problems = adapter.validate(content);
  if (problems.length) {
    return {
      success: false,
      platform,
      accountId,
      error: { failureClass: "permanent", code: "validation_failed", message: problems.map((p) => p.message).join(" ") },
    };
  }
  const signal = AbortSignal.timeout(input.timeoutMs ?? 20_000);
  try {
    const r = await adapter.publish({
      account,
      signal,
      content,
      idempotencyKey: input.idempotencyKey ?? randomUUID(),
      attempt: 1,
    });
    return { success: true, platform, accountId, postId: r.platformPostId, url: r.url, simulated: r.simulated };
  } catch (err) {
    const e = adapter.classify(err);
    return {
      success: false,
      platform,
      accountId,
      error: { failureClass: e.failureClass, code: e.code, message: e.message, retryAt: e.retryAt?.toISOString() },
    };
  }
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
