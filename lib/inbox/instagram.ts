// An Instagram professional account's inbox (docs/decisions.md, "Inbox"): the comments (and their
// replies) on the account's media of the last WINDOW_DAYS, posted through Herald or not: GET
// /{ig-user-id}/media (newest first, since = the window's start, one page of MAX_MEDIA; needs
// instagram_basic) united with Herald's own published targets, at most MAX_MEDIA (a comment links to
// Herald's target when the media is Herald's; without the listing only Herald's media are read, with
// a notice). Comments are read per media with
// GET /{ig-media-id}/comments?fields=…,replies{…}. Instagram has no time filter on that edge, so
// the window and MAX_PAGES bound what a sweep reads; the cursor is the newest timestamp seen and
// only newer comments are kept; a first sweep reads one page per media. A media's list read to
// its end also tells which comments Herald holds are gone (deleted). Hiding is POST
// /{ig-comment-id} with `hide` (developers.facebook.com/docs/instagram-platform, comment moderation).
// Mentions: the media the account is tagged in, GET /{ig-user-id}/tags (newest first, no time
// filter: kept when newer than the same cursor, paged back to it). Instagram does not let apps
// comment on media the account is tagged in, so those are not answerable (lib/inbox/answer.ts).
// Comments and tags need instagram_manage_comments; left unticked, the sweep skips them with a
// notice instead of failing (lib/inbox/meta-permissions.ts).
import { clock } from "../clock";
import { db, type Db } from "../db";
import { env } from "../env";
import { instagramCredentials, type InstagramCredentials } from "../social/instagram/credentials";
import { createGraphClient, parseGraphTime, type GraphClient } from "../social/meta/graph";
import { storedCredentials } from "../social/stored-credentials";
import { PlatformError, type AccountContext } from "../social/types";
import { isPermissionDenied, listedSince, mentionsBackTo, missingPermissionNotice, permissionRefusal, type GraphPage } from "./meta-permissions";
import { mergeRecent, recentPublished } from "./recent-posts";
import type { CollectResult, CollectedItem, InboxSource } from "./types";

const LABEL = "Instagram";
export const INSTAGRAM_INBOX_WINDOW_DAYS = 7;
const MAX_MEDIA = 20;
const PAGE = 50;
const MAX_PAGES = 4;
const COMMENT = "id,text,username,timestamp,from{id,username}";
const FIELDS = `${COMMENT},replies{${COMMENT}}`;
/** The account's own media, newest first: one page, bounded by the window (`since`). */
const MEDIA_FIELDS = "id,timestamp,permalink";
const TAG_FIELDS = "id,caption,username,timestamp,permalink";
const TAG_PAGE = 25;
const TAG_PAGES = 2;
const PERMISSION = "instagram_manage_comments";

interface IgMedia {
  id: string;
  caption?: string;
  username?: string;
  timestamp?: string;
  permalink?: string;
}

/** Media the account is tagged in: a mention (its author's caption as the text). */
function mentionOf(m: IgMedia): CollectedItem | null {
  const at = parseGraphTime(m.timestamp);
  if (!m.id || !at) return null;
  return {
    remoteId: String(m.id),
    kind: "mention",
    remoteParentId: null,
    remoteRootId: String(m.id),
    authorHandle: m.username || "instagram user",
    authorName: null,
    text: m.caption ?? "",
    url: typeof m.permalink === "string" && /^https?:\/\//.test(m.permalink) ? m.permalink : null,
    remoteCreatedAt: at,
    simulated: false,
  };
}

interface IgComment {
  id: string;
  text?: string;
  username?: string;
  timestamp?: string;
  from?: { id?: string; username?: string };
  replies?: { data?: IgComment[]; paging?: { next?: string } };
}

interface CommentPage {
  data?: IgComment[];
  paging?: { cursors?: { after?: string }; next?: string };
}

function credentialsOf(account: AccountContext): InstagramCredentials {
  return storedCredentials(instagramCredentials, account, () => `The Instagram credentials for @${account.handle} are incomplete (an Instagram user id and an access token are needed); reconnect the account.`);
}

function isGone(err: unknown): boolean {
  return err instanceof PlatformError && (err.httpStatus === 404 || err.code === "invalid_parameter");
}

function itemOf(c: IgComment, mediaId: string, parent: string | null, url: string | null): CollectedItem | null {
  const at = parseGraphTime(c.timestamp);
  if (!c.id || !at) return null;
  const handle = c.username || c.from?.username || "instagram user";
  return {
    remoteId: String(c.id),
    kind: parent ? "reply" : "comment",
    remoteParentId: parent ?? mediaId,
    remoteRootId: mediaId,
    authorHandle: handle,
    authorName: null,
    text: c.text ?? "",
    url,
    remoteCreatedAt: at,
    simulated: false,
  };
}

export interface InstagramInboxDeps {
  prisma?: Db;
  baseUrl?: string;
  now?: () => Date;
}

export function instagramInboxSource(deps: InstagramInboxDeps = {}): InboxSource {
  const now = deps.now ?? clock.now;
  const graphOf = (creds: InstagramCredentials): GraphClient =>
    createGraphClient({ label: LABEL, baseUrl: deps.baseUrl ?? env().GRAPH_API_URL, token: creds.accessToken, now });

  return {
    async collect({ account, cursor, signal, now: at }): Promise<CollectResult> {
      const prisma = deps.prisma ?? db();
      const creds = credentialsOf(account);
      const graph = graphOf(creds);
      const notices: string[] = [];
      const herald = await recentPublished(prisma, account, at, { days: INSTAGRAM_INBOX_WINDOW_DAYS, max: MAX_MEDIA });
      const windowStart = new Date(at.getTime() - INSTAGRAM_INBOX_WINDOW_DAYS * 86_400_000);
      const listed = await listedSince(
        (since) => graph.get<{ data?: IgMedia[] }>(`${creds.igUserId}/media`, { fields: MEDIA_FIELDS, limit: MAX_MEDIA, since }, signal),
        (m) => ({ id: m.id, time: m.timestamp, url: m.permalink }),
        windowStart,
      );
      if (!listed) notices.push(missingPermissionNotice(LABEL, account.handle, "the account's media (only the comments on media posted through Herald were read)", "instagram_basic"));
      const media = mergeRecent(herald, listed ?? [], MAX_MEDIA);
      const since = cursor ? parseGraphTime(cursor) : undefined;
      const items: CollectedItem[] = [];
      const deleted: string[] = [];
      let newest = since;

      for (const m of media) {
        const mediaId = m.platformPostId;
        const url = m.url && /^https?:\/\//.test(m.url) ? m.url : null;
        const seen = new Set<string>();
        // Comments whose replies were all in the answer (a nested list can be cut short).
        const allReplies = new Set<string>();
        let complete = false;
        let after: string | undefined;
        const keep = (c: IgComment, parent: string | null) => {
          seen.add(String(c.id));
          const it = itemOf(c, mediaId, parent, url);
          if (!it || (since && it.remoteCreatedAt <= since)) return;
          if (!newest || it.remoteCreatedAt > newest) newest = it.remoteCreatedAt;
          // The account's own comments (Herald's answers among them) are not inbox material.
          if (c.from?.id && c.from.id === creds.igUserId) return;
          items.push(it);
        };
        try {
          for (let page = 0; page < MAX_PAGES; page++) {
            const res = await graph.get<CommentPage>(`${mediaId}/comments`, { fields: FIELDS, limit: PAGE, after }, signal);
            const rows = Array.isArray(res?.data) ? res.data : [];
            for (const c of rows) {
              keep(c, null);
              for (const r of c.replies?.data ?? []) keep(r, String(c.id));
              if (!c.replies?.paging?.next) allReplies.add(String(c.id));
            }
            after = res?.paging?.cursors?.after;
            if (!res?.paging?.next || !after || rows.length === 0) {
              complete = true;
              break;
            }
            // A first sweep reads one page: history is not the inbox.
            if (!since) break;
          }
        } catch (err) {
          // Without instagram_manage_comments no media's comments can be read: say so, go on to the tags.
          if (isPermissionDenied(err)) {
            notices.push(missingPermissionNotice(LABEL, account.handle, "comments", PERMISSION));
            break;
          }
          if (!isGone(err)) throw err;
          complete = true;
        }
        if (complete && since) {
          const held = await prisma.inboxItem.findMany({
            where: {
              accountId: account.id,
              // The media's comments: by Herald's target, or by the media id for one posted elsewhere.
              ...(m.postTargetId ? { OR: [{ postTargetId: m.postTargetId }, { remoteRootId: mediaId }] } : { remoteRootId: mediaId }),
              kind: { in: ["comment", "reply"] },
              outgoing: false,
              deletedAt: null,
              status: { not: "hidden" },
            },
            select: { remoteId: true, remoteParentId: true },
          });
          for (const h of held) {
            if (seen.has(h.remoteId)) continue;
            const parent = h.remoteParentId ?? mediaId;
            // Gone: a comment missing from the whole list, or a reply missing from its comment's whole list (or with its comment).
            if (parent === mediaId || allReplies.has(parent) || !seen.has(parent)) deleted.push(h.remoteId);
          }
        }
      }

      // Mentions: the media the account is tagged in, newest first, back to the cursor.
      try {
        const tagged = await mentionsBackTo({
          pages: TAG_PAGES,
          since,
          get: (after) => graph.get<GraphPage<IgMedia>>(`${creds.igUserId}/tags`, { fields: TAG_FIELDS, limit: TAG_PAGE, after }, signal),
          toItem: mentionOf,
        });
        items.push(...tagged.items);
        if (tagged.newest && (!newest || tagged.newest > newest)) newest = tagged.newest;
      } catch (err) {
        if (!isPermissionDenied(err)) throw err;
        notices.push(missingPermissionNotice(LABEL, account.handle, "the media it is tagged in", PERMISSION));
      }
      return { items, cursor: newest ? newest.toISOString() : cursor, deleted, ...(notices.length && { notices }) };
    },

    async hide({ account, remoteId, hidden, signal }) {
      const creds = credentialsOf(account);
      const r = await graphOf(creds)
        .post<{ success?: boolean }>(remoteId, { hide: hidden }, signal)
        .catch((err: unknown) => {
          throw isPermissionDenied(err) ? permissionRefusal(err, PERMISSION) : err;
        });
      if (r?.success === false) throw new PlatformError("permanent", "rejected", `Instagram did not ${hidden ? "hide" : "unhide"} the comment.`);
    },
  };
}
