// Mastodon's inbox: GET /api/v1/notifications?types[]=mention (docs.joinmastodon.org,
// methods/notifications). A reply to the account is a mention whose status has in_reply_to_id.
// Incremental by notification id: the cursor is the newest id seen, and a sweep asks with
// `min_id` (results immediately newer than it, oldest page first) and pages forward with the
// Link header's "prev", so a burst larger than one page leaves no gap (`since_id` would return
// only the newest page). Notifications of deleted statuses disappear from the list; when the sweep
// passes `recheck`, GET /api/v1/statuses/:id of the newest few, and one answering 404 is reported
// deleted (marked, not removed: lib/inbox/store.ts; docs/decisions.md, "Inbox").
import { guardedFetch } from "../net/guarded-fetch";
import { requestJson } from "../social/http";
import { PlatformError } from "../social/types";
import { htmlToText } from "../social/mastodon/text";
import { mastodonCredentials } from "../social/mastodon/credentials";
import { firstIssue, storedCredentials } from "../social/stored-credentials";
import type { CollectResult, CollectedItem, InboxSource } from "./types";

const LABEL = "Mastodon";
const PAGE = 40;
const MAX_PAGES = 5;
/** One request per status: the deletion check looks at the newest this many. */
const RECHECK_MAX = 10;

interface MastodonNotification {
  id: string;
  type: string;
  created_at: string;
  account: { acct: string; display_name?: string };
  status?: {
    id: string;
    url?: string | null;
    uri: string;
    content: string;
    created_at: string;
    in_reply_to_id?: string | null;
  } | null;
}

/** Mastodon ids are decimal strings of growing value: compare by length, then text. */
export function newerId(a: string, b: string | null): boolean {
  if (b === null) return true;
  return a.length !== b.length ? a.length > b.length : a > b;
}

function itemOf(n: MastodonNotification): CollectedItem | null {
  if (n.type !== "mention" || !n.status) return null;
  const st = n.status;
  return {
    remoteId: st.id,
    kind: st.in_reply_to_id ? "reply" : "mention",
    remoteParentId: st.in_reply_to_id ?? null,
    remoteRootId: null,
    authorHandle: n.account.acct,
    authorName: n.account.display_name || null,
    text: htmlToText(st.content),
    url: st.url ?? st.uri,
    remoteCreatedAt: new Date(st.created_at),
    simulated: false,
  };
}

export function mastodonInboxSource(deps: { baseUrl?: string } = {}): InboxSource {
  return {
    async collect({ account, cursor, signal, recheck }): Promise<CollectResult> {
      const creds = storedCredentials(mastodonCredentials, account, (issues) => `The Mastodon credentials for @${account.handle} are incomplete (${firstIssue(issues)}); reconnect the account.`);
      const base = (deps.baseUrl ?? creds.instanceUrl).replace(/\/+$/, "");
      const items: CollectedItem[] = [];
      let newest = cursor;
      let minId = cursor;
      for (let i = 0; i < MAX_PAGES; i++) {
        const q = new URLSearchParams({ limit: String(PAGE) });
        q.append("types[]", "mention");
        if (minId) q.set("min_id", minId);
        const res = await requestJson<MastodonNotification[]>(
          LABEL,
          `${base}/api/v1/notifications?${q}`,
          { method: "GET", headers: { authorization: `Bearer ${creds.accessToken}`, accept: "application/json" }, signal },
          undefined,
          guardedFetch,
        );
        const page = Array.isArray(res.body) ? res.body : [];
        for (const n of page) {
          if (newerId(n.id, newest)) newest = n.id;
          const it = itemOf(n);
          if (it) items.push(it);
        }
        // Without a cursor (the first sweep) one page of the newest is enough: history is not the inbox.
        if (!cursor || page.length < PAGE) break;
        minId = newest;
      }
      const deleted: string[] = [];
      for (const id of (recheck ?? []).filter((r) => /^\d+$/.test(r)).slice(0, RECHECK_MAX)) {
        try {
          await requestJson(LABEL, `${base}/api/v1/statuses/${id}`, { method: "GET", headers: { authorization: `Bearer ${creds.accessToken}`, accept: "application/json" }, signal }, undefined, guardedFetch);
        } catch (err) {
          // 404: gone. Anything else ends the check for this sweep; what was collected is kept.
          if (err instanceof PlatformError && err.httpStatus === 404) deleted.push(id);
          else if (signal.aborted) throw err;
          else break;
        }
      }
      return { items, cursor: newest, deleted };
    },
  };
}
