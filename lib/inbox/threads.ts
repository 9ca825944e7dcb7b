// Threads' inbox (docs/decisions.md, "Inbox") through the adapter's Graph client (lib/social/meta):
// Threads has no feed of "replies to me", so a sweep reads the conversation (GET
// /{media-id}/conversation: every reply at any depth, newest first) of the account's posts of the
// last week (GET /{user-id}/threads, at most POSTS of them), and GET /{user-id}/mentions
// (threads_manage_mentions) with `since`. The cursor is the newest reply or mention time seen; a
// sweep pages back only until it, a first sweep reads one page of each. Replies name their parent
// (replied_to) and the thread's first post (root_post, our PostTarget's media id). A refused token
// (code 190) is the Graph client's auth error, as for publishing.
import { clock } from "../clock";
import { env } from "../env";
import { createGraphClient, parseGraphTime, type GraphClient, type GraphParams } from "../social/meta/graph";
import { mediaIdOf, threadsCredentialsOf } from "../social/threads/adapter";
import type { CollectResult, CollectedItem, InboxSource } from "./types";

const LABEL = "Threads";
const PAGE = 50;
const MAX_PAGES = 3;
/** The account's posts whose conversations a sweep reads: the newest of the last week. */
const POSTS = 10;
const WINDOW_MS = 7 * 24 * 3600 * 1000;
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

export function threadsInboxSource(deps: { baseUrl?: string; now?: () => Date } = {}): InboxSource {
  const now = deps.now ?? clock.now;
  const client = (token: string): GraphClient =>
    createGraphClient({ label: LABEL, baseUrl: deps.baseUrl ?? env().THREADS_API_URL, token, now, version: null, encoding: "form" });

  return {
    async collect({ account, cursor, signal, now: sweptAt }): Promise<CollectResult> {
      const creds = threadsCredentialsOf(account);
      const api = client(creds.accessToken);
      const since = cursor ? new Date(cursor) : null;
      const found = new Map<string, CollectedItem>();
      let newest = since;

      /** Pages of `path` newest first, until an item at or before the cursor (one page without one). */
      async function read(path: string, params: GraphParams, kind: "reply" | "mention") {
        let after: string | undefined;
        for (let i = 0; i < MAX_PAGES; i++) {
          const page = await api.get<Page<ThreadsMedia>>(path, { ...params, fields: FIELDS, limit: PAGE, ...(after && { after }) }, signal);
          let reached = false;
          for (const m of page.data ?? []) {
            const at = parseGraphTime(m.timestamp);
            if (!at) continue;
            if (since && at <= since) {
              reached = true;
              continue;
            }
            if (!newest || at > newest) newest = at;
            if (m.is_reply_owned_by_me || m.username === account.handle.replace(/^@/, "")) continue;
            // A mention that also answers our post is a reply.
            if (!found.has(String(m.id)) || kind === "reply") found.set(String(m.id), itemOf(m, kind, at));
          }
          after = page.paging?.next ? page.paging.cursors?.after : undefined;
          if (!since || reached || !after) break;
        }
      }

      const posts = await api.get<Page<{ id: string; timestamp?: string }>>(
        `${creds.threadsUserId}/threads`,
        { fields: "id,timestamp", since: Math.floor((sweptAt.getTime() - WINDOW_MS) / 1000), limit: POSTS },
        signal,
      );
      for (const p of (posts.data ?? []).slice(0, POSTS)) await read(`${p.id}/conversation`, { reverse: true }, "reply");
      await read(`${creds.threadsUserId}/mentions`, since ? { since: Math.max(MIN_SINCE, Math.floor(since.getTime() / 1000)) } : {}, "mention");
      const items = [...found.values()];
      return { items, cursor: newest ? newest.toISOString() : cursor };
    },

    // POST /{reply-id}/manage_reply with hide=true|false (threads_manage_replies): on the account's own posts.
    async hide({ account, remoteId, hidden, signal }) {
      const creds = threadsCredentialsOf(account);
      await client(creds.accessToken).post(`${remoteId}/manage_reply`, { hide: hidden }, signal);
    },
  };
}
