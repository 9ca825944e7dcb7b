// The composer's server side: per-account validation of a draft with each account's own adapter,
// saving a draft (a Post with status draft and no tasks, so nothing is ever published from it),
// a subreddit's rules for a Reddit account before a post is scheduled there, and what is left of
// YouTube's daily quota.
import type { Db } from "./db";
import { env } from "./env";
import { HeraldError } from "./errors";
import type { Prisma } from "./generated/prisma/client";
import { mediaRefFor, takeMedia } from "./media/assets";
import { adapterFor } from "./social-media";
import { composedLength } from "./social/count";
import { classifyNetworkError } from "./social/http";
import { subredditRules, type SubredditRules } from "./social/reddit/adapter";
import { platformModule, specFor } from "./social/registry";
import { loadAccount } from "./social/accounts";
import { networkFieldsOf } from "./social/network-fields";
import { whatsappCredentials } from "./social/whatsapp/credentials";
import { projectKeyOf, readQuota, type YoutubeQuota } from "./social/youtube/quota";
import { approvedTemplates, type TemplateSummary } from "./social/whatsapp/templates";
import { clock } from "./clock";
import { assertCampaign } from "./campaigns";
import type { MediaRef, Platform, PublishContent, ValidationProblem } from "./social/types";
import type { SaveDraftInput, ValidateComposeInput } from "./validation/compose";

type ComposeConfig = ValidateComposeInput["config"];

export interface AccountValidation {
  accountId: string;
  platform: Platform;
  label: string;
  handle: string;
  /** The text that platform will receive (an override when one is given). */
  overridden: boolean;
  length: number;
  maxLength: number;
  ok: boolean;
  problems: ValidationProblem[];
}

/** The length of the post's main text as the platform counts it, link appended where the platform puts it in the text. */
export function platformLength(platform: Platform, content: Pick<PublishContent, "text" | "link">): number {
  return composedLength(specFor(platform), content);
}

/** config.media plus the workspace's uploaded media by id, in that order (404 for anyone else's). */
async function resolveMedia(prisma: Db, workspaceId: string, config: ComposeConfig): Promise<MediaRef[]> {
  const ids = config.mediaIds ?? [];
  const refs: MediaRef[] = [...(config.media ?? [])];
  if (ids.length === 0) return refs;
  const assets = await prisma.mediaAsset.findMany({ where: { workspaceId, id: { in: ids } } });
  const missing = ids.filter((id) => !assets.some((a) => a.id === id));
  if (missing.length) throw new HeraldError("not_found", `Media not found: ${missing.join(", ")}.`);
  return [...refs, ...ids.map((id) => mediaRefFor(assets.find((a) => a.id === id)!))];
}

/**
 * Validates the draft for every chosen account with that account's own adapter (X's weighted
 * length, Bluesky's graphemes and bytes, the platform's media rules …). Accounts of another
 * workspace are 404, like every other workspace's data.
 */
export async function validateCompose(prisma: Db, workspaceId: string, input: ValidateComposeInput): Promise<AccountValidation[]> {
  const ids = [...new Set(input.accountIds)];
  const accounts = await Promise.all(ids.map((id) => loadAccount(prisma, workspaceId, id)));
  const missing = ids.filter((_, i) => !accounts[i]);
  if (missing.length) throw new HeraldError("not_found", `Account not found: ${missing.join(", ")}.`);
  const media = await resolveMedia(prisma, workspaceId, input.config);
  return Promise.all(accounts.map(async (account) => {
    const a = account!;
    const spec = specFor(a.platform);
    const override = input.config.overrides?.[a.platform];
    const content: PublishContent = {
      text: override ?? input.content,
      link: input.config.link,
      media,
      thread: input.config.thread,
      firstComment: input.config.firstComment,
      ...networkFieldsOf(input.config),
    };
    let problems: ValidationProblem[];
    try {
      problems = adapterFor(a, { prisma }).validate(content);
    } catch (err) {
      // A platform without a real adapter yet: say so rather than fail the whole check.
      problems = [{ platform: a.platform, field: "text", message: err instanceof Error ? err.message : String(err) }];
    }
    // What the workspace's own data decides (WhatsApp: the recipients exist and opted in).
    if (!problems.length) problems = (await platformModule(a.platform).checkWithData?.(prisma, workspaceId, content)) ?? [];
    return {
      accountId: a.id,
      platform: a.platform,
      label: spec.label,
      handle: a.handle,
      overridden: override !== undefined,
      length: platformLength(a.platform, content),
      maxLength: spec.maxLength,
      ok: problems.length === 0,
      problems,
    };
  }));
}

/**
 * Saves a draft: a Post with status draft and a target per chosen account (its override as the
 * target's text), but no tasks — the scheduler only ever publishes tasks. The rest of the config
 * (link, media, thread, first comment, Reddit's, YouTube's and TikTok's fields) is kept as the
 * post's `config.taskConfig`, where a post held for approval keeps its own; a draft need not be
 * complete, so only its shape is checked, not the platforms' rules.
 */
export async function saveDraft(prisma: Db, workspaceId: string, input: SaveDraftInput) {
  const ids = [...new Set(input.accountIds)];
  const accounts = await prisma.socialAccount.findMany({ where: { workspaceId, id: { in: ids } }, select: { id: true, platform: true } });
  const missing = ids.filter((id) => !accounts.some((a) => a.id === id));
  if (missing.length) throw new HeraldError("not_found", `Account not found: ${missing.join(", ")}.`);
  await takeMedia(prisma, workspaceId, input.config.mediaIds ?? []);
  if (input.campaignId) await assertCampaign(prisma, workspaceId, input.campaignId);
  const { overrides: _overrides, ...taskConfig } = input.config;
  const post = await prisma.post.create({
    data: {
      workspaceId,
      text: input.content,
      status: "draft",
      scheduledAt: input.scheduledAt ? new Date(input.scheduledAt) : null,
      ...(input.campaignId && { campaignId: input.campaignId }),
      ...(Object.keys(taskConfig).length > 0 && { config: { taskConfig } as Prisma.InputJsonValue }),
      targets: {
        create: accounts.map((a) => ({ workspaceId, accountId: a.id, platform: a.platform, textOverride: input.config.overrides?.[a.platform] ?? null })),
      },
    },
    select: { id: true, status: true, text: true, scheduledAt: true, createdAt: true, targets: { select: { id: true, accountId: true, platform: true } } },
  });
  return post;
}

/** What the composer gets for a subreddit: the account's view of it, or a simulated account's stand-in. */
export type SubredditCheck = SubredditRules & { simulated: boolean; notice?: string };

/**
 * A subreddit's rules as the Reddit account `accountId` sees them (exists, link and text posts,
 * flair required, its flairs), read from Reddit with the account's token. A simulated account
 * posts nowhere, so nothing is read: every kind of post is allowed, and `notice` says so. 404 for
 * another workspace's account and for an account on another network; Reddit's failures become
 * readable answers: 409 when the account must be reconnected, 429 when Reddit asks to wait, 502
 * otherwise.
 */
export async function subredditRulesFor(prisma: Db, workspaceId: string, accountId: string, name: string): Promise<SubredditCheck> {
  const account = await accountOn(prisma, workspaceId, accountId, "reddit");
  if (account.credentials === null) {
    return {
      simulated: true,
      notice: "Simulated account: subreddit rules are not checked.",
      name,
      exists: true,
      linkPostsAllowed: true,
      selfPostsAllowed: true,
      flairRequired: false,
      flairs: [],
    };
  }
  return readFromPlatform("Reddit", `Could not read r/${name}'s rules`, async () => ({
    simulated: false,
    ...(await subredditRules(account, name, { baseUrl: env().REDDIT_API_URL, signal: AbortSignal.timeout(10_000) })),
  }));
}

/**
 * The WhatsApp account's approved templates (name, language, body, how many values, header kind)
 * for the composer's choice. A simulated account has none to read: an empty list and a notice.
 * Errors as subredditRulesFor's.
 */
export async function whatsappTemplatesFor(prisma: Db, workspaceId: string, accountId: string) {
  const account = await accountOn(prisma, workspaceId, accountId, "whatsapp");
  if (account.credentials === null) {
    return { simulated: true, notice: "Simulated account: type the name and language of an approved template.", templates: [] as TemplateSummary[] };
  }
  const creds = whatsappCredentials.safeParse(account.credentials);
  if (!creds.success) throw new HeraldError("invalid_state", "The WhatsApp credentials are malformed; reconnect the account.", { details: { reason: "reconnect" } });
  return readFromPlatform("WhatsApp", "Could not read the approved templates", async () => ({
    simulated: false,
    templates: await approvedTemplates(creds.data, { baseUrl: env().GRAPH_API_URL, now: clock.now, signal: AbortSignal.timeout(10_000) }),
  }));
}

/** What the composer shows of YouTube's daily quota: the counted units, or a simulated account's notice. */
export type YoutubeQuotaCheck = ({ simulated: false } & YoutubeQuota) | { simulated: true; notice: string };

/**
 * What is left today of the daily quota of the Google project the YouTube account `accountId`
 * posts through, as Herald counted it (lib/social/youtube/quota.ts). A simulated account spends
 * none: a notice, no numbers. 404 for another workspace's account; 400 for another network's.
 */
export async function youtubeQuotaFor(prisma: Db, workspaceId: string, accountId: string, now = clock.now()): Promise<YoutubeQuotaCheck> {
  const account = await prisma.socialAccount.findFirst({ where: { workspaceId, id: accountId }, select: { platform: true, credentials: true } });
  if (!account) throw new HeraldError("not_found", `Account not found: ${accountId}.`);
  if (account.platform !== "youtube") throw new HeraldError("bad_request", `Account ${accountId} is not a YouTube account; only YouTube has a daily quota.`);
  if (account.credentials === null) return { simulated: true, notice: "Simulated account: no YouTube quota is used." };
  const e = env();
  return { simulated: false, ...(await readQuota(prisma, projectKeyOf(e.GOOGLE_CLIENT_ID), now, e.YOUTUBE_DAILY_QUOTA)) };
}

/** The workspace's account on that network; 404 for another workspace's and for another network's. */
async function accountOn(prisma: Db, workspaceId: string, accountId: string, platform: Platform) {
  const account = await loadAccount(prisma, workspaceId, accountId);
  if (!account) throw new HeraldError("not_found", `Account not found: ${accountId}.`);
  if (account.platform !== platform) throw new HeraldError("not_found", `Account ${accountId} is not a ${specFor(platform).label} account.`);
  return account;
}

/** A read the composer asks a platform for: 409 when the account must be reconnected (or lacks what the read needs), 429 when the platform asks to wait, 502 otherwise. */
async function readFromPlatform<T>(label: string, what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    const e = classifyNetworkError(label, err);
    const why = `${what}: ${e.message}`;
    if (e.failureClass === "auth") throw new HeraldError("invalid_state", why, { details: { reason: "reconnect", platformCode: e.code } });
    if (e.failureClass === "rate_limited") throw new HeraldError("rate_limited", why, { details: { retryAt: e.retryAt?.toISOString() } });
    if (e.code === "no_business_account") throw new HeraldError("invalid_state", e.message, { details: { platformCode: e.code } });
    throw new HeraldError("upstream_failed", why, { details: { platformCode: e.code } });
  }
}
