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
import { clock } from "../clock";
import { db, type Db } from "../db";
import { env } from "../env";
import { requestJson } from "../social/http";
import { meteredCall, youtubeCommentUrl, youtubeError, YOUTUBE_BASE_URL, YOUTUBE_COMMENT_UNITS, YOUTUBE_LIST_UNITS, type QuotaMeter, type YoutubeComment } from "../social/youtube/adapter";
import { youtubeCredentials } from "../social/youtube/credentials";
import { projectKeyOf, quotaMeter } from "../social/youtube/quota";
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
    async collect({ account, cursor, signal, now: sweptAt, recheck }): Promise<CollectResult> {
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
      // The channel the token speaks for: stored when it was connected, else asked (1 unit).
      let channelId = creds.channelId;
      if (!channelId) {
        const ch = await get<{ items?: { id?: string }[] }>("/youtube/v3/channels", { part: "id", mine: "true" });
        channelId = ch.body?.items?.[0]?.id;
        if (!channelId) return { items: [], cursor };
      }
      const since = cursor ? Date.parse(cursor) : NaN;
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
      const partial: { id: string; videoId: string | undefined; carried: Set<string> }[] = [];
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
          if ((t.snippet?.totalReplyCount ?? 0) > inline.length && (isNew(top) || inline.some(isNew))) {
            partial.push({ id: top.id, videoId, carried: new Set(inline.map((r) => r.id ?? "")) });
          }
        }
        pageToken = res.body?.nextPageToken;
        // Without a cursor (the first sweep) one page of the newest is enough: history is not the inbox.
        if (!cursor || reachedCursor || !pageToken) break;
      }
      // The replies a thread did not carry: comments.list by parentId, 1 unit a page.
      for (const t of partial.slice(0, REPLY_THREADS)) {
        let token: string | undefined;
        for (let i = 0; i < REPLY_PAGES; i++) {
          const q: Record<string, string> = { part: "snippet", parentId: t.id, maxResults: String(YOUTUBE_INBOX_PAGE), textFormat: "plainText" };
          if (token) q.pageToken = token;
          const res = await get<CommentPage>("/youtube/v3/comments", q);
          for (const r of res.body?.items ?? []) if (r.id && !t.carried.has(r.id)) keep(r, t.videoId, r.snippet?.parentId ?? t.id);
          token = res.body?.nextPageToken;
          if (!token) break;
        }
      }
      return { items, cursor: Number.isFinite(newest) ? new Date(newest).toISOString() : cursor, deleted: await gone() };

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
