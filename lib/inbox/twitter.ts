// X's inbox (docs/decisions.md, "Inbox"): GET /2/users/:id/mentions through the adapter's
// twitter-api-v2 client (OAuth 1.0a, lib/social/twitter). Replies to the account's posts are
// mentions too; one whose referenced_tweets has "replied_to" is a reply, its conversation_id the
// thread's root (our PostTarget's platformPostId when it answers our post). Incremental by
// `since_id` = the newest post id seen; X answers newest first and pages back with next_token
// down to since_id. A first sweep reads one page. Rate limits and refusals are classified as
// publishing classifies them (a 401 is the adapter's auth error: the account needs reconnecting).
// Deletions: GET /2/tweets?ids=<the items re-checked> (up to 100); X answers the posts that exist
// in `data` and a "resource-not-found" error for each deleted one (a protected or suspended
// author's post is "not authorized", which is not taken for deleted).
import type { TweetV2, UserV2 } from "twitter-api-v2";
import { clock } from "../clock";
import { env } from "../env";
import { classifyXError, permalink, twitterCredentialsOf, xClient, xOrigin } from "../social/twitter/adapter";
import type { CollectResult, CollectedItem, InboxSource } from "./types";

/** GET /2/users/:id/mentions takes max_results 5–100. */
const PAGE = 100;
const MAX_PAGES = 5;
/** GET /2/tweets takes up to 100 ids. */
const RECHECK_MAX = 100;
const NOT_FOUND = "https://api.twitter.com/2/problems/resource-not-found";

interface LookupPage {
  data?: { id: string }[];
  errors?: { resource_id?: string; value?: string; resource_type?: string; type?: string }[];
}

interface MentionsPage {
  data?: TweetV2[];
  includes?: { users?: UserV2[] };
  meta?: { newest_id?: string; oldest_id?: string; result_count?: number; next_token?: string };
}

/** X ids are decimal snowflakes: compare by length, then text. */
function newer(a: string, b: string | null): boolean {
  if (b === null) return true;
  return a.length !== b.length ? a.length > b.length : a > b;
}

function itemOf(t: TweetV2, users: Map<string, UserV2>): CollectedItem {
  const parent = t.referenced_tweets?.find((r) => r.type === "replied_to")?.id ?? null;
  const author = users.get(t.author_id ?? "");
  const handle = author?.username ?? t.author_id ?? "unknown";
  return {
    remoteId: t.id,
    kind: parent ? "reply" : "mention",
    remoteParentId: parent,
    remoteRootId: parent ? (t.conversation_id ?? null) : null,
    authorHandle: handle,
    authorName: author?.name || null,
    text: (t.note_tweet as { text?: string } | undefined)?.text ?? t.text,
    url: permalink(handle, t.id),
    remoteCreatedAt: t.created_at ? new Date(t.created_at) : clock.now(),
    simulated: false,
  };
}

export function twitterInboxSource(deps: { baseUrl?: string; now?: () => Date } = {}): InboxSource {
  const now = deps.now ?? clock.now;
  const to = () => xOrigin(deps.baseUrl ?? env().X_API_URL);
  return {
    async collect({ account, cursor, signal, recheck }): Promise<CollectResult> {
      const api = xClient(twitterCredentialsOf(account), signal, to());
      try {
        const me = await api.me();
        const userId = me.data?.id;
        if (!userId) throw new Error("X did not say which user the token belongs to.");
        const items: CollectedItem[] = [];
        let newest = cursor;
        let token: string | undefined;
        for (let i = 0; i < MAX_PAGES; i++) {
          const res = await api.get<MentionsPage>(
            "users/:id/mentions",
            {
              max_results: PAGE,
              "tweet.fields": "created_at,conversation_id,in_reply_to_user_id,referenced_tweets,author_id,note_tweet",
              expansions: "author_id",
              "user.fields": "name,username",
              ...(cursor && { since_id: cursor }),
              ...(token && { pagination_token: token }),
            },
            { params: { id: userId } },
          );
          const users = new Map((res.includes?.users ?? []).map((u) => [u.id, u]));
          for (const t of res.data ?? []) {
            if (newer(t.id, newest)) newest = t.id;
            if (t.author_id === userId) continue;
            items.push(itemOf(t, users));
          }
          token = res.meta?.next_token;
          // Without a cursor (the first sweep) one page of the newest is enough: history is not the inbox.
          if (!cursor || !token) break;
        }
        return { items, cursor: newest, deleted: await gone() };
      } catch (err) {
        throw classifyXError(err, now());
      }

      async function gone(): Promise<string[]> {
        const ids = (recheck ?? []).filter((id) => /^\d+$/.test(id)).slice(0, RECHECK_MAX);
        if (!ids.length) return [];
        try {
          const res = await api.get<LookupPage>("tweets", { ids: ids.join(","), "tweet.fields": "id" });
          const missing = new Set((res.errors ?? []).filter((e) => e.type === NOT_FOUND && (e.resource_type ?? "tweet") === "tweet").map((e) => e.resource_id ?? e.value));
          const found = new Set((res.data ?? []).map((t) => t.id));
          return ids.filter((id) => missing.has(id) && !found.has(id));
        } catch (err) {
          // A failed check is skipped (the next hour's sweep tries again); what was collected is kept.
          if (signal.aborted) throw err;
          return [];
        }
      }
    },

    // PUT /2/tweets/:id/hidden: the author of the conversation's first post may hide replies to it.
    async hide({ account, remoteId, hidden, signal }) {
      const api = xClient(twitterCredentialsOf(account), signal, to());
      try {
        await api.hideReply(remoteId, hidden);
      } catch (err) {
        throw classifyXError(err, now());
      }
    },
  };
}
