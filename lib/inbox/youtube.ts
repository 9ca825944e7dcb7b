// YouTube's inbox (docs/decisions.md, "Inbox"): commentThreads.list with
// allThreadsRelatedToChannelId (every video of the channel), order=time, part=snippet,replies,
// textFormat=plainText. A top-level comment is a "comment" whose parent and root are the video id
// (so lib/inbox/store.ts links it to our PostTarget); a reply is a "reply" under the top-level
// comment's id. The cursor is the newest publishedAt seen: the first sweep reads one page, later
// ones page back until a thread older than the cursor (at most MAX_PAGES). A thread carries only
// some of its replies (at most 5): when its totalReplyCount says there are more and the thread is
// new or has a new reply, comments.list?parentId= pages its replies (at most REPLY_PAGES pages, for
// at most REPLY_THREADS threads a sweep, newest first). Deletions: one comments.list?id= (up to 50
// ids) of the items re-checked; YouTube leaves deleted comments out. Each list call costs 1 quota
// unit and is counted like the adapter's (lib/social/youtube/quota.ts). Hiding is
// comments.setModerationStatus (heldForReview, or published to show it again; 50 units), for
// comments on the channel's videos.
//
// Late replies on older threads (docs/decisions.md, "Inbox"): the thread list brings up the newest
// threads only, so a reply added later to an older thread would never be seen there. The cursor
// keeps, after its time, the totalReplyCount each thread had when all its replies were known (read
// inline or paged). On the hourly re-check, the threads with items from the last
// THREAD_RECHECK_DAYS days (the THREAD_RECHECK_MAX most recently active) are looked at again by id
// with commentThreads.list?part=snippet&id= (50 ids a call, a unit; at most THREAD_RECHECK_CALLS
// calls a sweep, rotating through the threads in id order when there are more). A thread whose
// count grew past the kept one (or, never counted, past the replies Herald holds under it) has its
// replies paged with comments.list?parentId= (REPLY_PAGES pages, at most RECHECK_REPLY_THREADS
// threads a sweep; the rest stay uncounted and are paged on a later re-check), and the replies
// Herald does not hold yet are kept whatever their time. A thread whose count did not change costs
// no read of its replies. The re-check is skipped while the project's quota left for the day (as
// counted in YoutubeQuota) is below one upload's units: late replies wait, uploads do not.
import { clock } from "../clock";
import { db, type Db } from "../db";
import { env } from "../env";
import { requestJson } from "../social/http";
import { meteredCall, topLevelCommentId, YOUTUBE_UPLOAD_UNITS, youtubeCommentUrl, youtubeError, YOUTUBE_BASE_URL, YOUTUBE_COMMENT_UNITS, YOUTUBE_LIST_UNITS, type QuotaMeter, type YoutubeComment } from "../social/youtube/adapter";
import { youtubeCredentials } from "../social/youtube/credentials";
import { projectKeyOf, quotaMeter, readQuota } from "../social/youtube/quota";
import { firstIssue, storedCredentials } from "../social/stored-credentials";
import type { CollectResult, CollectedItem, InboxSource } from "./types";

const LABEL = "YouTube";
export const YOUTUBE_INBOX_PAGE = 100;
const MAX_PAGES = 5;
/** Threads whose replies beyond the inline ones are read per sweep, and pages of 100 each. */
const REPLY_THREADS = 10;
const REPLY_PAGES = 2;
/** comments.list takes up to 50 ids. */
const RECHECK_MAX = 50;
/** The late-reply re-check: threads with items of the last 30 days, 50 ids a call, 2 calls (100 threads) an hour. */
export const THREAD_RECHECK_DAYS = 30;
export const THREAD_RECHECK_IDS = 50;
export const THREAD_RECHECK_CALLS = 2;
/** The most recently active threads the re-check rotates through (and whose counts the cursor keeps). */
export const THREAD_RECHECK_MAX = 500;
/** Threads whose count grew that get their replies paged in one re-check (REPLY_PAGES pages each). */
export const RECHECK_REPLY_THREADS = 5;
const DAY_MS = 24 * 3_600_000;

/**
 * The cursor: the newest publishedAt seen (ISO), then, once some thread's replies are counted, "|"
 * and JSON { c: reply count by thread id, a: the thread id the re-check's rotation stopped after }.
 */
interface YoutubeCursor {
  since: number;
  time: string | null;
  counts: Record<string, number>;
  after: string;
}

export function parseYoutubeCursor(cursor: string | null): YoutubeCursor {
  const bar = cursor ? cursor.indexOf("|") : -1;
  const time = (cursor ? (bar < 0 ? cursor : cursor.slice(0, bar)) : "") || null;
  const counts: Record<string, number> = {};
  let after = "";
  if (cursor && bar >= 0) {
    try {
      const parsed: unknown = JSON.parse(cursor.slice(bar + 1));
      if (parsed && typeof parsed === "object") {
        const { c, a } = parsed as { c?: unknown; a?: unknown };
        if (c && typeof c === "object") for (const [k, v] of Object.entries(c)) if (typeof v === "number" && Number.isFinite(v)) counts[k] = v;
        if (typeof a === "string") after = a;
      }
    } catch {
      // A damaged map only means the threads are counted again (at worst one read of their replies).
    }
  }
  return { since: time ? Date.parse(time) : NaN, time, counts, after };
}

function formatYoutubeCursor(time: string | null, counts: Record<string, number>, after: string): string | null {
  // Sorted, so an unchanged cursor reads the same and is not written again.
  const keys = Object.keys(counts).sort();
  if (!keys.length && !after) return time;
  return `${time ?? ""}|${JSON.stringify({ c: Object.fromEntries(keys.map((k) => [k, counts[k]])), ...(after && { a: after }) })}`;
}

interface CommentThread {
  id?: string;
  snippet?: { videoId?: string; topLevelComment?: YoutubeComment; totalReplyCount?: number };
  replies?: { comments?: YoutubeComment[] };
}

interface ThreadPage {
  items?: CommentThread[];
  nextPageToken?: string;
}

interface CommentPage {
  items?: YoutubeComment[];
  nextPageToken?: string;
}

const timeOf = (c: YoutubeComment | undefined) => Date.parse(c?.snippet?.publishedAt ?? "");

function itemOf(c: YoutubeComment, videoId: string | undefined, parent: string | undefined): CollectedItem | null {
  const at = timeOf(c);
  if (!c.id || Number.isNaN(at)) return null;
  const s = c.snippet ?? {};
  const name = s.authorDisplayName?.trim() || null;
  return {
    remoteId: c.id,
    kind: parent ? "reply" : "comment",
    remoteParentId: parent ?? videoId ?? null,
    remoteRootId: videoId ?? null,
    authorHandle: name ?? s.authorChannelId?.value ?? "unknown",
    authorName: name,
    text: s.textDisplay ?? s.textOriginal ?? "",
    url: youtubeCommentUrl(videoId ?? s.videoId, c.id),
    remoteCreatedAt: new Date(at),
    simulated: false,
  };
}

export function youtubeInboxSource(deps: { baseUrl?: string; quota?: QuotaMeter; prisma?: Db; now?: () => Date } = {}): InboxSource {
  return {
    async hide({ account, remoteId, hidden, signal }) {
      const creds = storedCredentials(youtubeCredentials, account, (issues) => `The YouTube credentials for ${account.handle} are malformed (${firstIssue(issues)}); reconnect the account.`);
      const e = env();
      const now = deps.now ?? clock.now;
      const meter = deps.quota ?? quotaMeter(deps.prisma ?? db(), projectKeyOf(e.GOOGLE_CLIENT_ID), e.YOUTUBE_DAILY_QUOTA, now);
      const url = new URL(`${(deps.baseUrl ?? e.YOUTUBE_API_URL ?? YOUTUBE_BASE_URL).replace(/\/+$/, "")}/youtube/v3/comments/setModerationStatus`);
      url.searchParams.set("id", remoteId);
      url.searchParams.set("moderationStatus", hidden ? "heldForReview" : "published");
      await meteredCall(meter, YOUTUBE_COMMENT_UNITS, () =>
        requestJson(LABEL, url.toString(), { method: "POST", headers: { authorization: `Bearer ${creds.accessToken}`, accept: "application/json" }, signal }, (status, h, body) =>
          youtubeError(status, h, body, now()),
        ),
      );
    },
    async collect({ account, cursor, signal, now: sweptAt, recheck, recheckDue }): Promise<CollectResult> {
      const creds = storedCredentials(youtubeCredentials, account, (issues) => `The YouTube credentials for ${account.handle} are malformed (${firstIssue(issues)}); reconnect the account.`);
      const e = env();
      // The sweep's clock: the quota day counted is the sweep's.
      const now = deps.now ?? (() => sweptAt ?? clock.now());
      const base = (deps.baseUrl ?? e.YOUTUBE_API_URL ?? YOUTUBE_BASE_URL).replace(/\/+$/, "");
      const meter = deps.quota ?? quotaMeter(deps.prisma ?? db(), projectKeyOf(e.GOOGLE_CLIENT_ID), e.YOUTUBE_DAILY_QUOTA, now);
      const get = <T>(path: string, query: Record<string, string>) => {
        const url = new URL(`${base}${path}`);
        for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
        return meteredCall(meter, YOUTUBE_LIST_UNITS, () =>
          requestJson<T>(LABEL, url.toString(), { method: "GET", headers: { authorization: `Bearer ${creds.accessToken}`, accept: "application/json" }, signal }, (status, h, body) =>
            youtubeError(status, h, body, now()),
          ),
        );
      };
      /** A thread's replies by comments.list?parentId=, 1 unit a page, at most REPLY_PAGES pages. */
      async function* replyPages(threadId: string) {
        let token: string | undefined;
        for (let i = 0; i < REPLY_PAGES; i++) {
          const q: Record<string, string> = { part: "snippet", parentId: threadId, maxResults: String(YOUTUBE_INBOX_PAGE), textFormat: "plainText" };
          if (token) q.pageToken = token;
          const res = await get<CommentPage>("/youtube/v3/comments", q);
          yield res.body?.items ?? [];
          token = res.body?.nextPageToken;
          if (!token) break;
        }
      }
      // The channel the token speaks for: stored when it was connected, else asked (1 unit).
      let channelId = creds.channelId;
      if (!channelId) {
        const ch = await get<{ items?: { id?: string }[] }>("/youtube/v3/channels", { part: "id", mine: "true" });
        channelId = ch.body?.items?.[0]?.id;
        if (!channelId) return { items: [], cursor };
      }
      const prisma = deps.prisma ?? db();
      const parsed = parseYoutubeCursor(cursor);
      const { since, counts } = parsed;
      /** Threads the thread list brought up this sweep: their count and video. */
      const listed = new Map<string, { total: number; videoId: string | undefined }>();
      const isNew = (c: YoutubeComment) => Number.isNaN(since) || timeOf(c) > since;
      const items: CollectedItem[] = [];
      let newest = Number.isNaN(since) ? -Infinity : since;
      const keep = (c: YoutubeComment, videoId: string | undefined, parent: string | undefined) => {
        // The channel's own comments are Herald's answers (or the owner's): not inbox material.
        if (c.snippet?.authorChannelId?.value === channelId || !isNew(c)) return;
        const it = itemOf(c, videoId, parent);
        if (!it) return;
        items.push(it);
        newest = Math.max(newest, it.remoteCreatedAt.getTime());
      };
      /** Threads with more replies than they carry, and something new in them: their replies are paged after. */
      const partial: { id: string; videoId: string | undefined; carried: Set<string>; total: number }[] = [];
      let pageToken: string | undefined;
      for (let i = 0; i < MAX_PAGES; i++) {
        const q: Record<string, string> = { part: "snippet,replies", allThreadsRelatedToChannelId: channelId, order: "time", maxResults: String(YOUTUBE_INBOX_PAGE), textFormat: "plainText" };
        if (pageToken) q.pageToken = pageToken;
        const res = await get<ThreadPage>("/youtube/v3/commentThreads", q);
        const threads = res.body?.items ?? [];
        let reachedCursor = false;
        for (const t of threads) {
          const top = t.snippet?.topLevelComment;
          if (!top?.id) continue;
          const videoId = t.snippet?.videoId ?? top.snippet?.videoId;
          if (!Number.isNaN(since) && timeOf(top) <= since) reachedCursor = true;
          const inline = t.replies?.comments ?? [];
          keep(top, videoId, undefined);
          for (const r of inline) keep(r, videoId, r.snippet?.parentId ?? top.id);
          const total = t.snippet?.totalReplyCount ?? 0;
          listed.set(top.id, { total, videoId });
          if (total <= inline.length) counts[top.id] = total;
          else if (isNew(top) || inline.some(isNew)) {
            partial.push({ id: top.id, videoId, carried: new Set(inline.map((r) => r.id ?? "")), total });
          }
        }
        pageToken = res.body?.nextPageToken;
        // Without a cursor (the first sweep) one page of the newest is enough: history is not the inbox.
        if (Number.isNaN(since) || reachedCursor || !pageToken) break;
      }
      // The replies a thread did not carry: comments.list by parentId, 1 unit a page.
      for (const t of partial.slice(0, REPLY_THREADS)) {
        for await (const replies of replyPages(t.id)) {
          for (const r of replies) if (r.id && !t.carried.has(r.id)) keep(r, t.videoId, r.snippet?.parentId ?? t.id);
        }
        // Counted even when more pages were left: a thread's replies past REPLY_PAGES pages are not read.
        counts[t.id] = t.total;
      }
      const deleted = await gone();
      const after = recheckDue || recheck !== undefined ? await lateReplies() : parsed.after;
      const time = Number.isFinite(newest) ? new Date(newest).toISOString() : parsed.time;
      return { items, cursor: formatYoutubeCursor(time, counts, after), deleted };

      /** The hourly look at older threads' reply counts; returns where the rotation stopped. */
      async function lateReplies(): Promise<string> {
        let after = parsed.after;
        try {
          // An upload's units are kept: the re-check waits for the next quota day.
          if (!deps.quota && (await readQuota(prisma, projectKeyOf(e.GOOGLE_CLIENT_ID), now(), e.YOUTUBE_DAILY_QUOTA)).left < YOUTUBE_UPLOAD_UNITS) return after;
          // Threads with items of the last THREAD_RECHECK_DAYS days, and the replies Herald holds under each.
          const rows = await prisma.$queryRaw<{ thread: string; held: number }[]>`
            SELECT split_part("remoteId", '.', 1) AS thread, (count(*) FILTER (WHERE strpos("remoteId", '.') > 0))::int AS held
            FROM "InboxItem"
            WHERE "accountId" = ${account.id} AND simulated = false AND "deletedAt" IS NULL
            GROUP BY 1
            HAVING max("remoteCreatedAt") >= ${new Date(now().getTime() - THREAD_RECHECK_DAYS * DAY_MS)}::timestamp
            ORDER BY max("remoteCreatedAt") DESC, 1
            LIMIT ${THREAD_RECHECK_MAX}`;
          const held = new Map(rows.filter((r) => /^[\w-]+$/.test(r.thread)).map((r) => [r.thread, r.held]));
          // The counts kept are those of the threads still looked at (and of the ones just listed).
          for (const k of Object.keys(counts)) if (!held.has(k) && !listed.has(k)) delete counts[k];
          const grew = (id: string, total: number) => total > (counts[id] ?? held.get(id) ?? 0);
          const grown: { id: string; total: number; videoId: string | undefined; at: number }[] = [];
          const paged = new Set(partial.slice(0, REPLY_THREADS).map((t) => t.id));
          // Threads the list brought up this sweep need no call: their count is known.
          for (const [id, t] of listed) if (held.has(id) && !paged.has(id) && grew(id, t.total)) grown.push({ id, total: t.total, videoId: t.videoId, at: -1 });
          const pool = [...held.keys()].filter((id) => !listed.has(id)).sort();
          const start = pool.findIndex((id) => id > after);
          const rotated = start < 0 ? pool : [...pool.slice(start), ...pool.slice(0, start)];
          const take = rotated.slice(0, THREAD_RECHECK_IDS * THREAD_RECHECK_CALLS);
          for (let i = 0; i < take.length; i += THREAD_RECHECK_IDS) {
            const chunk = take.slice(i, i + THREAD_RECHECK_IDS);
            const res = await get<ThreadPage>("/youtube/v3/commentThreads", { part: "snippet", id: chunk.join(",") });
            const found = new Map((res.body?.items ?? []).filter((t) => t.id).map((t) => [t.id!, t]));
            chunk.forEach((id, j) => {
              const t = found.get(id);
              // Gone (or held for review): nothing to count; the deletion check tells deleted items.
              if (!t) return void delete counts[id];
              const total = t.snippet?.totalReplyCount ?? 0;
              if (grew(id, total)) grown.push({ id, total, videoId: t.snippet?.videoId ?? t.snippet?.topLevelComment?.snippet?.videoId, at: i + j });
              else counts[id] = total;
            });
          }
          // Where the rotation goes on next hour: after the last thread looked at, or before the
          // first grown one left unpaged so it is looked at first.
          after = take.length < pool.length ? take[take.length - 1] : "";
          const skipped = grown.slice(RECHECK_REPLY_THREADS).find((g) => g.at >= 0);
          if (skipped) after = skipped.at > 0 ? take[skipped.at - 1] : parsed.after;
          const have = new Set(items.map((it) => it.remoteId));
          for (const g of grown.slice(0, RECHECK_REPLY_THREADS)) {
            for await (const replies of replyPages(g.id)) {
              const page = replies.filter((r) => r.id && !have.has(r.id) && r.snippet?.authorChannelId?.value !== channelId);
              const stored = new Set(
                (await prisma.inboxItem.findMany({ where: { accountId: account.id, remoteId: { in: page.map((r) => r.id!) } }, select: { remoteId: true } })).map((r) => r.remoteId),
              );
              for (const r of page) {
                if (stored.has(r.id!)) continue;
                // Kept whatever its time (it may be older than the cursor); the cursor is not moved.
                const it = itemOf(r, g.videoId, r.snippet?.parentId ?? topLevelCommentId(r.id!));
                if (!it) continue;
                items.push(it);
                have.add(it.remoteId);
              }
            }
            counts[g.id] = g.total;
          }
        } catch (err) {
          // A failed re-check is skipped (the next hour's tries again); what was read is kept.
          if (signal.aborted) throw err;
        }
        return after;
      }

      async function gone(): Promise<string[]> {
        const ids = (recheck ?? []).filter((id) => /^[\w.-]+$/.test(id)).slice(0, RECHECK_MAX);
        if (!ids.length) return [];
        try {
          const res = await get<CommentPage>("/youtube/v3/comments", { part: "id", id: ids.join(",") });
          const found = new Set((res.body?.items ?? []).map((c) => c.id));
          return ids.filter((id) => !found.has(id));
        } catch (err) {
          // A failed check is skipped (the next hour's sweep tries again); what was collected is kept.
          if (signal.aborted) throw err;
          return [];
        }
      }
    },
  };
}
