// A Facebook Page's inbox (docs/decisions.md, "Inbox"): the comments on the Page's recent posts,
// made through Herald or not: GET /{page-id}/published_posts (since = WINDOW_DAYS ago, one page of
// MAX_POSTS) united with Herald's own published targets of the window, newest first, at most
// MAX_POSTS (a comment links to Herald's target when the post is Herald's). Without the listing
// (a permission refused) only Herald's posts are read, with a notice. Comments are read per post with
// GET /{post-id}/comments?filter=stream&order=reverse_chronological (every comment and reply,
// newest first). The cursor is the newest created_time seen; a sweep asks with `since` and stops
// at it, and a first sweep reads one page per post. Each sweep also re-reads one post's whole
// list (in turn): a comment Herald holds that is no longer there was deleted. Hiding is
// POST /{comment-id} with is_hidden (developers.facebook.com/docs/graph-api/reference/comment).
// Mentions: the public posts the Page is tagged in, GET /{page-id}/tagged (needs
// pages_read_user_content), with `since` = the same cursor; an unticked permission skips them
// with a notice instead of failing the sweep (lib/inbox/meta-permissions.ts).
import { clock } from "../clock";
import { db, type Db } from "../db";
import { env } from "../env";
import { facebookCredentials, type FacebookCredentials } from "../social/facebook/credentials";
import { createGraphClient, parseGraphTime, type GraphClient } from "../social/meta/graph";
import { storedCredentials } from "../social/stored-credentials";
import { PlatformError, type AccountContext } from "../social/types";
import { isPermissionDenied, listedSince, mentionsBackTo, missingPermissionNotice, permissionRefusal } from "./meta-permissions";
import { mergeRecent, recentPublished } from "./recent-posts";
import type { CollectResult, CollectedItem, InboxSource } from "./types";

const LABEL = "Facebook";
/** Posts older than this are not read again; at most MAX_POSTS of them per sweep. */
export const FACEBOOK_INBOX_WINDOW_DAYS = 7;
const MAX_POSTS = 20;
const PAGE = 50;
const MAX_PAGES = 4;
const FIELDS = "id,message,from{id,name},created_time,parent{id},permalink_url";
/** Tagged posts: one page on a first sweep, at most TAGGED_PAGES back to the cursor later. */
/** The Page's own posts, newest first: one page, bounded by the window (`since`). */
const POSTS_FIELDS = "id,created_time,permalink_url";
const TAGGED_FIELDS = "id,message,from{id,name},created_time,permalink_url";
const TAGGED_PAGE = 25;
const TAGGED_PAGES = 2;

interface GraphComment {
  id: string;
  message?: string;
  from?: { id?: string; name?: string };
  created_time?: string;
  parent?: { id?: string };
  permalink_url?: string;
}

interface CommentPage {
  data?: GraphComment[];
  paging?: { cursors?: { after?: string }; next?: string };
}

function credentialsOf(account: AccountContext): FacebookCredentials {
  return storedCredentials(facebookCredentials, account, () => `The Facebook credentials for @${account.handle} are incomplete (a Page id and a Page access token are needed); reconnect the Page.`);
}

/** Graph's "does not exist" answer (code 100, or 404): the object is gone. */
function isGone(err: unknown): boolean {
  return err instanceof PlatformError && (err.httpStatus === 404 || err.code === "invalid_parameter");
}

function itemOf(c: GraphComment, postId: string): CollectedItem | null {
  const at = parseGraphTime(c.created_time);
  if (!c.id || !at) return null;
  const parent = c.parent?.id;
  return {
    remoteId: String(c.id),
    kind: parent ? "reply" : "comment",
    remoteParentId: parent ?? postId,
    remoteRootId: postId,
    authorHandle: c.from?.name || c.from?.id || "Facebook user",
    authorName: c.from?.name || null,
    text: c.message ?? "",
    url: typeof c.permalink_url === "string" && /^https?:\/\//.test(c.permalink_url) ? c.permalink_url : null,
    remoteCreatedAt: at,
    simulated: false,
  };
}

/** A public post the Page is tagged in: a mention, answered as a comment under it. */
function mentionOf(p: GraphComment): CollectedItem | null {
  const at = parseGraphTime(p.created_time);
  if (!p.id || !at) return null;
  return {
    remoteId: String(p.id),
    kind: "mention",
    remoteParentId: null,
    remoteRootId: String(p.id),
    // Graph gives `from` on a person's post only to its author: most mentions come without one.
    authorHandle: p.from?.name || p.from?.id || "Facebook user",
    authorName: p.from?.name || null,
    text: p.message ?? "",
    url: typeof p.permalink_url === "string" && /^https?:\/\//.test(p.permalink_url) ? p.permalink_url : null,
    remoteCreatedAt: at,
    simulated: false,
  };
}

export interface FacebookInboxDeps {
  prisma?: Db;
  baseUrl?: string;
  now?: () => Date;
}

export function facebookInboxSource(deps: FacebookInboxDeps = {}): InboxSource {
  const now = deps.now ?? clock.now;
  const graphOf = (creds: FacebookCredentials): GraphClient =>
    createGraphClient({ label: LABEL, baseUrl: deps.baseUrl ?? env().GRAPH_API_URL, token: creds.pageAccessToken, now });

  return {
    async collect({ account, cursor, signal, now: at }): Promise<CollectResult> {
      const prisma = deps.prisma ?? db();
      const creds = credentialsOf(account);
      const graph = graphOf(creds);
      const notices: string[] = [];
      const herald = await recentPublished(prisma, account, at, { days: FACEBOOK_INBOX_WINDOW_DAYS, max: MAX_POSTS });
      const windowStart = new Date(at.getTime() - FACEBOOK_INBOX_WINDOW_DAYS * 86_400_000);
      const listed = await listedSince(
        (since) => graph.get<{ data?: { id?: string; created_time?: string; permalink_url?: string }[] }>(`${creds.pageId}/published_posts`, { fields: POSTS_FIELDS, limit: MAX_POSTS, since }, signal),
        (p) => ({ id: p.id, time: p.created_time, url: p.permalink_url }),
        windowStart,
      );
      if (!listed) notices.push(missingPermissionNotice(LABEL, account.handle, "the Page's posts (only the comments on posts made through Herald were read)", "pages_read_engagement"));
      const posts = mergeRecent(herald, listed ?? [], MAX_POSTS);
      const since = cursor ? parseGraphTime(cursor) : undefined;
      // The post whose whole list this sweep re-reads for deletions (in turn, by the minute).
      const check = cursor && posts.length ? posts[Math.floor(at.getTime() / 60_000) % posts.length] : undefined;
      const items: CollectedItem[] = [];
      const deleted: string[] = [];
      let newest = since;

      for (const post of posts) {
        const postId = post.platformPostId;
        const full = post === check;
        const seen = new Set<string>();
        let complete = false;
        let after: string | undefined;
        try {
          for (let page = 0; page < MAX_PAGES; page++) {
            const res = await graph.get<CommentPage>(
              `${postId}/comments`,
              {
                fields: FIELDS,
                filter: "stream",
                order: "reverse_chronological",
                limit: PAGE,
                since: !full && since ? Math.floor(since.getTime() / 1000) : undefined,
                after,
              },
              signal,
            );
            const rows = Array.isArray(res?.data) ? res.data : [];
            let reachedCursor = false;
            for (const c of rows) {
              seen.add(String(c.id));
              const it = itemOf(c, postId);
              if (!it) continue;
              if (since && it.remoteCreatedAt <= since) {
                reachedCursor = true;
                // Older ones are kept already; a full read only looks at them for deletions.
                if (!full) continue;
              }
              if (!newest || it.remoteCreatedAt > newest) newest = it.remoteCreatedAt;
              // The Page's own comments (Herald's answers among them) are not inbox material.
              if (c.from?.id && c.from.id === creds.pageId) continue;
              items.push(it);
            }
            after = res?.paging?.cursors?.after;
            if (!res?.paging?.next || !after || rows.length === 0) {
              complete = true;
              break;
            }
            // A first sweep reads one page: history is not the inbox.
            if (!since || (reachedCursor && !full)) break;
          }
        } catch (err) {
          // A post deleted on Facebook: its comments went with it; the other posts still count.
          if (!isGone(err)) throw err;
          complete = true;
        }
        if (full && complete) {
          const held = await prisma.inboxItem.findMany({
            where: {
              accountId: account.id,
              // The post's comments: by Herald's target, or by the post's id for one made elsewhere.
              ...(post.postTargetId ? { OR: [{ postTargetId: post.postTargetId }, { remoteRootId: postId }] } : { remoteRootId: postId }),
              kind: { in: ["comment", "reply"] },
              outgoing: false,
              deletedAt: null,
              status: { not: "hidden" },
            },
            select: { remoteId: true },
          });
          // Hidden comments may be left out of a list; those are never taken for deleted.
          for (const h of held) if (!seen.has(h.remoteId)) deleted.push(h.remoteId);
        }
      }

      // Mentions: the posts the Page is tagged in, newest first, back to the cursor.
      try {
        const tagged = await mentionsBackTo({
          pages: TAGGED_PAGES,
          since,
          get: (after) =>
            graph.get<CommentPage>(`${creds.pageId}/tagged`, { fields: TAGGED_FIELDS, limit: TAGGED_PAGE, since: since ? Math.floor(since.getTime() / 1000) : undefined, after }, signal),
          toItem: mentionOf,
          keep: (p) => !(p.from?.id && p.from.id === creds.pageId),
        });
        items.push(...tagged.items);
        if (tagged.newest && (!newest || tagged.newest > newest)) newest = tagged.newest;
      } catch (err) {
        if (!isPermissionDenied(err)) throw err;
        notices.push(missingPermissionNotice(LABEL, account.handle, "the posts the Page is tagged in", "pages_read_user_content"));
      }
      return { items, cursor: newest ? newest.toISOString() : cursor, deleted, ...(notices.length && { notices }) };
    },

    async hide({ account, remoteId, hidden, signal }) {
      const creds = credentialsOf(account);
      const r = await graphOf(creds)
        .post<{ success?: boolean }>(remoteId, { is_hidden: hidden }, signal)
        .catch((err: unknown) => {
          throw isPermissionDenied(err) ? permissionRefusal(err, "pages_manage_engagement") : err;
        });
      if (r?.success === false) throw new PlatformError("permanent", "rejected", `Facebook did not ${hidden ? "hide" : "unhide"} the comment.`);
    },
  };
}
