// Threads' inbox (docs/decisions.md, "Inbox") through the adapter's Graph client (lib/social/meta):
// Threads has no feed of "replies to me", so a sweep reads the conversation (GET
// /{media-id}/conversation: every reply at any depth, newest first) of the account's posts of the
// last week (GET /{user-id}/threads, paged, at most MAX_POSTS of them), and GET /{user-id}/mentions
// (threads_manage_mentions) with `since`. The NEWEST posts' conversations are read on every sweep;
// the older ones of the week in turn, ROTATE a sweep (the cursor keeps where the turn stopped), each
// keeping replies up to ROTATE_LOOKBACK_MS older than the cursor (a turn comes round in at most
// MAX_POSTS / ROTATE sweeps, under a day even at the hourly idle pace; the store dedupes what is
// read twice). The cursor is the newest reply or mention time seen (`<ISO time>|<turn>`); a sweep
// pages back only until it, a first sweep reads one page of each. Replies name their parent
// (replied_to) and the thread's first post (root_post, our PostTarget's media id). A refused token
// (code 190) is the Graph client's auth error, as for publishing. Deletions: GET /{media-id} for the
// newest RECHECK_MAX items re-checked; Graph's "does not exist" (code 100, subcode 33) is deleted.
import { clock } from "../clock";
import { env } from "../env";
import { createGraphClient, parseGraphTime, type GraphClient, type GraphParams } from "../social/meta/graph";
import { mediaIdOf, threadsCredentialsOf } from "../social/threads/adapter";
import { PlatformError } from "../social/types";
import type { CollectResult, CollectedItem, InboxSource } from "./types";

const LABEL = "Threads";
const PAGE = 50;
const MAX_PAGES = 3;
/** The account's posts of the last week whose conversations are read on every sweep: the newest. */
const NEWEST = 10;
/** Older posts of the week read per sweep, in turn; at most MAX_POSTS posts of the week in all (two pages of the list). */
const ROTATE = 5;
const POSTS_PAGE = 25;
const MAX_POSTS = 50;
const ROTATE_LOOKBACK_MS = 24 * 3600 * 1000;
const WINDOW_MS = 7 * 24 * 3600 * 1000;
/** GET /{media-id} per item: the newest few of those re-checked. */
const RECHECK_MAX = 10;
/** Graph's "Object with ID … does not exist" (code 100, subcode 33). */
const GONE = { code: 100, subcode: 33 } as const;
/** The mentions endpoint refuses a `since` before this (Threads' launch, documented). */
const MIN_SINCE = 1688540400;
const FIELDS = "id,text,username,permalink,timestamp,replied_to,root_post,is_reply_owned_by_me";

interface ThreadsMedia {
  id: string;
  text?: string;
  username?: string;
  permalink?: string;
  timestamp?: string;
  replied_to?: unknown;
  root_post?: unknown;
  is_reply_owned_by_me?: boolean;
}
interface Page<T> {
  data?: T[];
  paging?: { cursors?: { after?: string }; next?: string };
}

function itemOf(m: ThreadsMedia, kind: "reply" | "mention", at: Date): CollectedItem {
  const handle = m.username ?? "unknown";
  return {
    remoteId: String(m.id),
    kind,
    remoteParentId: mediaIdOf(m.replied_to),
    remoteRootId: mediaIdOf(m.root_post),
    authorHandle: handle,
    authorName: null,
    text: m.text ?? "",
    url: typeof m.permalink === "string" && /^https?:\/\//.test(m.permalink) ? m.permalink : null,
    remoteCreatedAt: at,
    simulated: false,
  };
}

/** The cursor: the newest time seen and where the turn of older posts stopped (older cursors hold the time only). */
function parseCursor(cursor: string | null): { since: Date | null; turn: number } {
  if (!cursor) return { since: null, turn: 0 };
  const [time, turn] = cursor.split("|");
  const since = new Date(time);
  return { since: Number.isNaN(since.getTime()) ? null : since, turn: Number(turn) >= 0 ? Math.floor(Number(turn)) : 0 };
}

export function threadsInboxSource(deps: { baseUrl?: string; now?: () => Date } = {}): InboxSource {
  const now = deps.now ?? clock.now;
  const client = (token: string): GraphClient =>
    createGraphClient({
      label: LABEL,
      baseUrl: deps.baseUrl ?? env().THREADS_API_URL,
      token,
      now,
      version: null,
      encoding: "form",
      refine: (code, e, status) =>
        code === GONE.code && e?.error_subcode === GONE.subcode ? new PlatformError("permanent", "not_found", `${LABEL}: ${e.message ?? "the object does not exist"}`, { httpStatus: status }) : undefined,
    });

  return {
    async collect({ account, cursor, signal, now: sweptAt, recheck }): Promise<CollectResult> {
      const creds = threadsCredentialsOf(account);
      const api = client(creds.accessToken);
      const { since, turn } = parseCursor(cursor);
      const found = new Map<string, CollectedItem>();
      let newest = since;

      /** Pages of `path` newest first, until an item at or before `floor` (one page without one). */
      async function read(path: string, params: GraphParams, kind: "reply" | "mention", floor: Date | null) {
        let after: string | undefined;
        for (let i = 0; i < MAX_PAGES; i++) {
          const page = await api.get<Page<ThreadsMedia>>(path, { ...params, fields: FIELDS, limit: PAGE, ...(after && { after }) }, signal);
          let reached = false;
          for (const m of page.data ?? []) {
            const at = parseGraphTime(m.timestamp);
            if (!at) continue;
            if (floor && at <= floor) {
              reached = true;
              continue;
            }
            if (!newest || at > newest) newest = at;
            if (m.is_reply_owned_by_me || m.username === account.handle.replace(/^@/, "")) continue;
            // A mention that also answers our post is a reply.
            if (!found.has(String(m.id)) || kind === "reply") found.set(String(m.id), itemOf(m, kind, at));
          }
          after = page.paging?.next ? page.paging.cursors?.after : undefined;
          if (!floor || reached || !after) break;
        }
      }

      // The account's posts of the last week, newest first, in pages (at most MAX_POSTS).
      const posts: string[] = [];
      let after: string | undefined;
      while (posts.length < MAX_POSTS) {
        const page = await api.get<Page<{ id: string; timestamp?: string }>>(
          `${creds.threadsUserId}/threads`,
          { fields: "id,timestamp", since: Math.floor((sweptAt.getTime() - WINDOW_MS) / 1000), limit: POSTS_PAGE, ...(after && { after }) },
          signal,
        );
        posts.push(...(page.data ?? []).map((p) => String(p.id)));
        after = page.paging?.next ? page.paging.cursors?.after : undefined;
        if (!after || (page.data ?? []).length < POSTS_PAGE) break;
      }
      const older = posts.slice(NEWEST, MAX_POSTS);
      const start = turn < older.length ? turn : 0;
      const inTurn = older.slice(start, start + ROTATE);
      for (const id of posts.slice(0, NEWEST)) await read(`${id}/conversation`, { reverse: true }, "reply", since);
      const lookback = since ? new Date(since.getTime() - ROTATE_LOOKBACK_MS) : null;
      for (const id of inTurn) await read(`${id}/conversation`, { reverse: true }, "reply", lookback);
      await read(`${creds.threadsUserId}/mentions`, since ? { since: Math.max(MIN_SINCE, Math.floor(since.getTime() / 1000)) } : {}, "mention", since);
      const items = [...found.values()];
      const nextTurn = start + inTurn.length < older.length ? start + inTurn.length : 0;
      const time = newest ? newest.toISOString() : null;
      return { items, cursor: time === null ? cursor : nextTurn ? `${time}|${nextTurn}` : time, deleted: await gone() };

      async function gone(): Promise<string[]> {
        const deleted: string[] = [];
        for (const id of (recheck ?? []).filter((r) => /^\d+$/.test(r)).slice(0, RECHECK_MAX)) {
          try {
            await api.get(id, { fields: "id" }, signal);
          } catch (err) {
            // "Does not exist": gone. Anything else ends the check for this sweep; what was collected is kept.
            if (err instanceof PlatformError && err.code === "not_found") deleted.push(id);
            else if (signal.aborted) throw err;
            else break;
          }
        }
        return deleted;
      }
    },

    // POST /{reply-id}/manage_reply with hide=true|false (threads_manage_replies): on the account's own posts.
    async hide({ account, remoteId, hidden, signal }) {
      const creds = threadsCredentialsOf(account);
      await client(creds.accessToken).post(`${remoteId}/manage_reply`, { hide: hidden }, signal);
    },
  };
}
