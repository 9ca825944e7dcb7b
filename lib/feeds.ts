// RSS/Atom auto-post (docs/decisions.md, "RSS feeds"). A workspace subscribes a feed URL to some of
// its accounts with a template; a feed_poll task (lib/tasks/feed-poll.ts) fetches it through the
// guarded fetch with a conditional GET, and each item not seen before becomes a post on those
// accounts — through scheduleTask, so it gets the same validation, compliance gate and approval
// hold as a post a person schedules. Never the same item twice: FeedItem is unique per (feed, guid)
// and the post's idempotency key is derived from the same (feed, guid), so a poll that stopped
// between the post and its FeedItem row finds the post again instead of making a second one.
import { createHash } from "node:crypto";
import { parseFeed } from "feedsmith";
import { z } from "zod";
import type { Caller } from "./approval";
import { needsApproval } from "./approval";
import { aiConfig } from "./ai/client";
import type { Db, Tx } from "./db";
import { HeraldError } from "./errors";
import type { Prisma } from "./generated/prisma/client";
import { guardedFetch, redactUrl, refusalOf } from "./net/guarded-fetch";
import { scheduleTask } from "./posting/schedule";
import { ScheduleTaskInput } from "./validation/tasks";

/** How often a feed is polled. */
export const FEED_POLL_INTERVAL_MS = 30 * 60_000;
/** One fetch: connection to last byte. */
export const FEED_TIMEOUT_MS = 10_000;
/** The largest feed document Herald reads. */
export const FEED_MAX_BYTES = 2 * 1024 * 1024;
/** Posts one poll creates at most; further new items wait for the next poll. */
export const FEED_MAX_POSTS_PER_POLL = 10;
const MAX_FEEDS = 50;
export const PLACEHOLDERS = ["title", "link", "summary", "feed"] as const;
export const DEFAULT_TEMPLATE = "{title} {link}";

const template = z
  .string()
  .trim()
  .min(1, "Give a template, e.g. {title} {link}.")
  .max(2000)
  .refine((t) => [...t.matchAll(/\{(\w+)\}/g)].every((m) => (PLACEHOLDERS as readonly string[]).includes(m[1])), {
    message: `Unknown placeholder; use ${PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}.`,
  });
const accountIds = z.array(z.string().min(1).max(100)).min(1, "Choose at least one account.").max(20);

export const CreateFeedInput = z.object({
  url: z.url({ protocol: /^https?$/, message: "Give the feed's http(s) address." }).max(2000),
  accountIds,
  template: template.default(DEFAULT_TEMPLATE),
  aiWritten: z.boolean().default(false),
  holdForApproval: z.boolean().default(false),
  /** How many of the newest items the first poll turns into posts (0: it only records them). */
  backfill: z.number().int().min(0).max(FEED_MAX_POSTS_PER_POLL).default(0),
});
export type CreateFeedInput = z.infer<typeof CreateFeedInput>;

export const UpdateFeedInput = z
  .object({ accountIds, template, aiWritten: z.boolean(), holdForApproval: z.boolean(), enabled: z.boolean() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: "Give at least one field to change." });
export type UpdateFeedInput = z.infer<typeof UpdateFeedInput>;

// ---------------------------------------------------------------------------------------------
// Fetching and parsing.

export interface ParsedItem {
  guid: string;
  link: string | null;
  title: string;
  summary: string;
  publishedAt: Date | null;
}

export type FetchResult =
  | { status: "not_modified" }
  | { status: "ok"; title: string | null; items: ParsedItem[]; etag: string | null; lastModified: string | null };

/** A feed that could not be read: the message is for the person who subscribed it. */
export class FeedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "FeedError";
  }
}

const text = (v: unknown): string => {
  if (typeof v === "string") return v;
  if (v && typeof v === "object" && "value" in v && typeof (v as { value: unknown }).value === "string") return (v as { value: string }).value;
  return "";
};

/** Plain text from a feed's HTML: tags dropped, common entities decoded, spaces collapsed. */
export function plain(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

const date = (v: unknown): Date | null => {
  if (typeof v !== "string") return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
};

const absolute = (href: string | undefined | null, base: string): string | null => {
  if (!href) return null;
  try {
    return new URL(href, base).toString();
  } catch {
    return null;
  }
};

/** RSS 2.0, RDF (RSS 1.0) or Atom as items, newest first as the feed lists them. */
export function parseFeedText(body: string, url: string): { title: string | null; items: ParsedItem[] } {
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(body);
  } catch {
    throw new FeedError("not_a_feed", "This address does not serve an RSS or Atom feed.");
  }
  const out: ParsedItem[] = [];
  let title: string | null = null;
  if (parsed.format === "rss" || parsed.format === "rdf") {
    const feed = parsed.feed as { title?: unknown; items?: Record<string, unknown>[] };
    title = text(feed.title) || null;
    for (const it of feed.items ?? []) {
      const link = absolute(text(it.link), url);
      const guid = text(it.guid) || link || text(it.title);
      if (!guid) continue;
      out.push({
        guid,
        link,
        title: plain(text(it.title)),
        summary: plain(text(it.description) || text((it.content as { encoded?: string } | undefined)?.encoded)),
        publishedAt: date(it.pubDate) ?? date((it.dc as { date?: string } | undefined)?.date),
      });
    }
  } else if (parsed.format === "atom") {
    const feed = parsed.feed as { title?: unknown; entries?: Record<string, unknown>[] };
    title = text(feed.title) || null;
    for (const e of feed.entries ?? []) {
      const links = (e.links as { href?: string; rel?: string }[] | undefined) ?? [];
      const link = absolute((links.find((l) => !l.rel || l.rel === "alternate") ?? links[0])?.href, url);
      const guid = text(e.id) || link || text(e.title);
      if (!guid) continue;
      out.push({
        guid,
        link,
        title: plain(text(e.title)),
        summary: plain(text(e.summary) || text(e.content)),
        publishedAt: date(e.published) ?? date(e.updated),
      });
    }
  } else {
    throw new FeedError("not_a_feed", "This address serves a JSON feed; Herald reads RSS and Atom.");
  }
  return { title, items: out };
}

async function readCapped(res: Response, max: number): Promise<string> {
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > max) throw new FeedError("too_large", `The feed is larger than ${max / 1024 / 1024} MB.`);
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new FeedError("too_large", `The feed is larger than ${max / 1024 / 1024} MB.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** One conditional GET of the feed through the guarded fetch, with a time and a size limit. */
export async function fetchFeed(
  url: string,
  cond: { etag?: string | null; lastModified?: string | null } = {},
  opts: { timeoutMs?: number; maxBytes?: number } = {},
): Promise<FetchResult> {
  const headers: Record<string, string> = {
    accept: "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
    "user-agent": "Herald-Feeds/1",
  };
  if (cond.etag) headers["if-none-match"] = cond.etag;
  if (cond.lastModified) headers["if-modified-since"] = cond.lastModified;
  const timeoutMs = opts.timeoutMs ?? FEED_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  let res: Response;
  let body: string;
  try {
    res = await guardedFetch(url, { headers, signal });
    if (res.status === 304) return { status: "not_modified" };
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new FeedError(`http_${res.status}`, `The feed answered HTTP ${res.status}.`);
    }
    body = await readCapped(res, opts.maxBytes ?? FEED_MAX_BYTES);
  } catch (err) {
    if (err instanceof FeedError) throw err;
    const refused = refusalOf(err);
    if (refused) throw new FeedError(refused.code, refused.message);
    const name = (err as { name?: string }).name;
    if (name === "TimeoutError" || name === "AbortError") throw new FeedError("timeout", `The feed did not answer within ${timeoutMs / 1000} s.`);
    throw new FeedError("unreachable", `Herald could not reach ${redactUrl(url)}.`);
  }
  const parsed = parseFeedText(body, url);
  return { status: "ok", ...parsed, etag: res.headers.get("etag"), lastModified: res.headers.get("last-modified") };
}

// ---------------------------------------------------------------------------------------------
// Items to posts.

/** The template with each placeholder filled from the item. */
export function fillTemplate(tpl: string, item: ParsedItem, feedTitle: string | null): string {
  const summary = item.summary.length > 280 ? `${item.summary.slice(0, 279).trimEnd()}…` : item.summary;
  const values: Record<string, string> = { title: item.title, link: item.link ?? "", summary, feed: feedTitle ?? "" };
  return tpl.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m).replace(/[ \t]+/g, " ").trim();
}

const itemKey = (feedId: string, guid: string) => `feed:${feedId}:${createHash("sha256").update(guid).digest("hex").slice(0, 32)}`;

type FeedRow = Prisma.FeedGetPayload<object>;

export interface PollResult {
  status: "ok" | "not_modified" | "error" | "disabled";
  seen: number;
  newItems: number;
  posts: string[];
  skipped: { guid: string; reason: string }[];
  error?: string;
  note?: string;
}

async function postFor(prisma: Db, feed: FeedRow, item: ParsedItem, feedTitle: string | null, now: Date, aiAvailable: boolean): Promise<string | null> {
  const filled = fillTemplate(feed.template, item, feedTitle);
  const ai = feed.aiWritten && aiAvailable;
  const brief = `Write a social media post sharing this article. Keep its link.\nTitle: ${item.title}\nLink: ${item.link ?? ""}\nSummary: ${item.summary.slice(0, 1500)}\nSuggested text: ${filled}`.slice(0, 4000);
  const input = ScheduleTaskInput.parse({
    type: "social_post",
    accountIds: feed.accountIds,
    content: ai ? null : filled,
    config: ai ? { brief } : {},
    idempotencyKey: itemKey(feed.id, item.guid),
  });
  try {
    const r = await scheduleTask(prisma, feed.workspaceId, input, now, { holdForApproval: feed.holdForApproval });
    return r.postId;
  } catch (err) {
    // The same key with a different request: the template changed after a post was made for
    // this item (and its FeedItem row was not written). That post stands.
    if (err instanceof HeraldError && err.code === "conflict") {
      const p = await prisma.post.findFirst({ where: { workspaceId: feed.workspaceId, idempotencyKey: itemKey(feed.id, item.guid) }, select: { id: true } });
      if (p) return p.id;
    }
    throw err;
  }
}

/**
 * Turns a fetched document into FeedItem rows and posts. The first poll of a feed only records its
 * items, except the newest `feed.backfill`; later polls post every item not recorded yet, oldest
 * first, at most FEED_MAX_POSTS_PER_POLL.
 */
async function ingest(prisma: Db, feed: FeedRow, title: string | null, items: ParsedItem[], now: Date): Promise<Omit<PollResult, "status">> {
  const unique = [...new Map(items.map((i) => [i.guid.slice(0, 2000), { ...i, guid: i.guid.slice(0, 2000) }])).values()];
  const known = new Set(
    (await prisma.feedItem.findMany({ where: { feedId: feed.id, guid: { in: unique.map((i) => i.guid) } }, select: { guid: true } })).map((r) => r.guid),
  );
  const fresh = unique.filter((i) => !known.has(i.guid));
  const first = feed.lastPolledAt === null;
  // The feed lists newest first (by convention); a date, when every item has one, decides.
  const ordered = fresh.every((i) => i.publishedAt) ? [...fresh].sort((a, b) => b.publishedAt!.getTime() - a.publishedAt!.getTime()) : fresh;
  const toPost = (first ? ordered.slice(0, feed.backfill) : ordered.slice(0, FEED_MAX_POSTS_PER_POLL)).reverse();
  const recordOnly = first ? ordered.slice(feed.backfill) : [];
  const record = (i: ParsedItem, postId: string | null): Prisma.FeedItemCreateManyInput => ({
    workspaceId: feed.workspaceId,
    feedId: feed.id,
    guid: i.guid,
    link: i.link,
    title: i.title.slice(0, 500) || null,
    publishedAt: i.publishedAt,
    postId,
    createdAt: now,
  });
  if (recordOnly.length) await prisma.feedItem.createMany({ data: recordOnly.map((i) => record(i, null)), skipDuplicates: true });
  const aiAvailable = aiConfig().apiKey !== null;
  const posts: string[] = [];
  const skipped: PollResult["skipped"] = [];
  for (const item of toPost) {
    let postId: string | null = null;
    try {
      postId = await postFor(prisma, feed, item, title, now, aiAvailable);
    } catch (err) {
      // A post the accounts cannot take (too long for a network, refused by the compliance gate):
      // the item is recorded without a post, and the reason shown on the feed.
      if (!(err instanceof HeraldError) || err.status >= 500) throw err;
      const why = err.fields?.map((f) => f.message).join(" ") || err.message;
      skipped.push({ guid: item.guid, reason: why });
    }
    await prisma.feedItem.createMany({ data: [record(item, postId)], skipDuplicates: true });
    if (postId) posts.push(postId);
  }
  const note = feed.aiWritten && !aiAvailable && toPost.length ? "No OPENAI_API_KEY is set: the template's text was used instead of an AI draft." : undefined;
  return { seen: items.length, newItems: fresh.length, posts, skipped, ...(note && { note }) };
}

function summarize(r: PollResult): string {
  if (r.status === "not_modified") return "Not modified since the last poll.";
  if (r.status === "error") return r.error ?? "The poll failed.";
  const parts = [`${r.seen} item${r.seen === 1 ? "" : "s"} in the feed, ${r.newItems} new, ${r.posts.length} post${r.posts.length === 1 ? "" : "s"} created.`];
  if (r.skipped.length) parts.push(`${r.skipped.length} skipped: ${r.skipped[0].reason}`);
  if (r.note) parts.push(r.note);
  return parts.join(" ");
}

/** Polls one feed now: fetch, ingest, and the outcome written on the feed. Never throws for the feed's own faults. */
export async function pollFeed(prisma: Db, workspaceId: string, feedId: string, now: Date): Promise<PollResult> {
  const feed = await prisma.feed.findFirst({ where: { id: feedId, workspaceId } });
  if (!feed) throw new HeraldError("not_found", "Feed not found.");
  let result: PollResult;
  let cond: { etag?: string | null; lastModified?: string | null; title?: string | null } = {};
  try {
    const got = await fetchFeed(feed.url, { etag: feed.etag, lastModified: feed.lastModified });
    if (got.status === "not_modified") {
      result = { status: "not_modified", seen: 0, newItems: 0, posts: [], skipped: [] };
    } else {
      cond = { etag: got.etag, lastModified: got.lastModified, title: got.title };
      result = { status: "ok", ...(await ingest(prisma, feed, got.title, got.items, now)) };
    }
  } catch (err) {
    if (!(err instanceof FeedError)) throw err;
    result = { status: "error", seen: 0, newItems: 0, posts: [], skipped: [], error: err.message };
  }
  await prisma.feed.updateMany({
    where: { id: feed.id, workspaceId },
    data: {
      lastPolledAt: now,
      lastResult: summarize(result),
      lastError: result.status === "error" ? result.error : (result.skipped[0]?.reason ?? null),
      ...(result.status === "ok" && { etag: cond.etag ?? null, lastModified: cond.lastModified ?? null, ...(cond.title && { title: cond.title.slice(0, 300) }) }),
      updatedAt: now,
    },
  });
  return result;
}

/** The feed's next poll task, FEED_POLL_INTERVAL_MS from `from`; one per feed and interval. */
export async function ensureNextPoll(tx: Tx | Db, feed: { id: string; workspaceId: string }, at: Date, now: Date): Promise<void> {
  const slot = Math.floor(at.getTime() / FEED_POLL_INTERVAL_MS);
  await tx.agentTask.createMany({
    data: [
      {
        workspaceId: feed.workspaceId,
        type: "feed_poll",
        scheduledAt: at,
        config: { feedId: feed.id },
        priority: -3,
        maxRetries: 1,
        idempotencyKey: `feed-poll:${feed.id}:${slot}`,
        createdAt: now,
        updatedAt: now,
      },
    ],
    skipDuplicates: true,
  });
}

// ---------------------------------------------------------------------------------------------
// The API's operations.

const feedSelect = {
  id: true,
  url: true,
  title: true,
  accountIds: true,
  template: true,
  aiWritten: true,
  holdForApproval: true,
  enabled: true,
  backfill: true,
  lastPolledAt: true,
  lastResult: true,
  lastError: true,
  createdAt: true,
} as const;

async function assertAccounts(prisma: Db, workspaceId: string, ids: string[]): Promise<void> {
  const found = await prisma.socialAccount.findMany({ where: { workspaceId, id: { in: ids } }, select: { id: true } });
  const missing = ids.filter((id) => !found.some((a) => a.id === id));
  if (missing.length) {
    throw new HeraldError("validation_failed", "The request is invalid.", { fields: [{ path: "accountIds", message: `Unknown account: ${missing.join(", ")}.` }] });
  }
}

/** An editor's feed in a workspace that requires approval is always held (lib/approval.ts). */
async function holdFor(workspaceId: string, caller: Caller, asked: boolean): Promise<boolean> {
  return asked || (await needsApproval(workspaceId, caller));
}

export async function listFeeds(prisma: Db, workspaceId: string) {
  const feeds = await prisma.feed.findMany({ where: { workspaceId }, select: feedSelect, orderBy: { createdAt: "asc" } });
  const items = await prisma.feedItem.findMany({
    where: { workspaceId, feedId: { in: feeds.map((f) => f.id) }, postId: { not: null } },
    select: { feedId: true, title: true, link: true, postId: true, createdAt: true, post: { select: { status: true, approvalState: true } } },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  return feeds.map((f) => ({
    ...f,
    recentPosts: items
      .filter((i) => i.feedId === f.id)
      .slice(0, 5)
      .map((i) => ({ postId: i.postId, title: i.title, link: i.link, createdAt: i.createdAt, status: i.post?.status ?? null, approvalState: i.post?.approvalState ?? null })),
  }));
}

export async function createFeed(prisma: Db, workspaceId: string, input: CreateFeedInput, caller: Caller, now: Date) {
  await assertAccounts(prisma, workspaceId, input.accountIds);
  if ((await prisma.feed.count({ where: { workspaceId } })) >= MAX_FEEDS) {
    throw new HeraldError("invalid_state", `A workspace can follow at most ${MAX_FEEDS} feeds.`);
  }
  if (await prisma.feed.findFirst({ where: { workspaceId, url: input.url }, select: { id: true } })) {
    throw new HeraldError("conflict", "This feed is already followed.", { fields: [{ path: "url", message: "This feed is already followed." }] });
  }
  // Read once before anything is written: a URL that is refused or not a feed is a 400 on `url`.
  try {
    await fetchFeed(input.url);
  } catch (err) {
    if (err instanceof FeedError) throw new HeraldError("validation_failed", "The request is invalid.", { fields: [{ path: "url", message: err.message }] });
    throw err;
  }
  const hold = await holdFor(workspaceId, caller, input.holdForApproval);
  const feed = await prisma.$transaction(async (tx) => {
    const f = await tx.feed.create({
      data: { workspaceId, url: input.url, accountIds: input.accountIds, template: input.template, aiWritten: input.aiWritten, holdForApproval: hold, backfill: input.backfill, createdAt: now, updatedAt: now },
    });
    await ensureNextPoll(tx, f, new Date(now.getTime() + FEED_POLL_INTERVAL_MS), now);
    return f;
  });
  // The first poll now: it records what the feed holds (and posts the newest `backfill`).
  const poll = await pollFeed(prisma, workspaceId, feed.id, now);
  return { feed: await prisma.feed.findFirstOrThrow({ where: { id: feed.id, workspaceId }, select: feedSelect }), poll };
}

export async function updateFeed(prisma: Db, workspaceId: string, id: string, input: UpdateFeedInput, caller: Caller, now: Date) {
  const feed = await prisma.feed.findFirst({ where: { id, workspaceId }, select: { id: true, workspaceId: true, enabled: true } });
  if (!feed) throw new HeraldError("not_found", "Feed not found.");
  if (input.accountIds) await assertAccounts(prisma, workspaceId, input.accountIds);
  const hold = input.holdForApproval === undefined ? undefined : await holdFor(workspaceId, caller, input.holdForApproval);
  await prisma.$transaction(async (tx) => {
    await tx.feed.updateMany({ where: { id, workspaceId }, data: { ...input, ...(hold !== undefined && { holdForApproval: hold }), updatedAt: now } });
    if (input.enabled === true && !feed.enabled) await ensureNextPoll(tx, feed, now, now);
  });
  return prisma.feed.findFirstOrThrow({ where: { id, workspaceId }, select: feedSelect });
}

export async function deleteFeed(prisma: Db, workspaceId: string, id: string) {
  const feed = await prisma.feed.findFirst({ where: { id, workspaceId }, select: feedSelect });
  if (!feed) throw new HeraldError("not_found", "Feed not found.");
  await prisma.feed.deleteMany({ where: { id, workspaceId } });
  return feed;
}
