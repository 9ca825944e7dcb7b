// Reddit's inbox (docs/decisions.md, "Inbox") through the adapter's OAuth client (bearer token,
// Reddit's User-Agent, its rate-limit headers): GET /message/inbox with mark=false (the account's
// unread state is left alone), comment replies (comment_reply, post_reply) as comments and
// username mentions as mentions; private messages are not inbox material. The listing is newest
// first; a sweep reads the newest page and pages back with after=<the oldest fullname read> until
// it meets the cursor, at most MAX_PAGES pages (Reddit allows about one request a second). The
// cursor is the newest fullname seen and its created time (`t1_abc@1583143260`): the sweep stops at
// that fullname or, when it was deleted since (Reddit then leaves it out of the listing, and
// `before=` it answers nothing, which used to stall the cursor), at the first item older than its
// time. A first sweep reads one page. remoteId is the comment's fullname (t1_…, what
// POST /api/comment answers as thing_id), the parent its parent's fullname, the root the post's
// bare id, as the adapter stores a PostTarget's platformPostId. Deletions: GET /api/info with the
// fullnames to re-check; a comment deleted or removed keeps its fullname with body "[deleted]" or
// "[removed]".
import { clock } from "../clock";
import { env } from "../env";
import { countOf } from "../social/http";
import { redditClient, redditCredentialsOf } from "../social/reddit/adapter";
import type { CollectResult, CollectedItem, InboxSource } from "./types";

const PAGE = 100;
const MAX_PAGES = 3;

interface InboxMessage {
  id?: string;
  name?: string;
  author?: string;
  body?: string;
  created_utc?: number;
  context?: string;
  parent_id?: string;
  link_id?: string;
  type?: string;
  was_comment?: boolean;
}
interface Listing {
  data?: { after?: string | null; before?: string | null; children?: { kind?: string; data?: InboxMessage }[] };
}

/** The post's bare id: link_id (t3_…) when given, else from the context link (/r/x/comments/<id>/…). */
function postIdOf(m: InboxMessage): string | null {
  if (m.link_id) return m.link_id.replace(/^t3_/, "");
  return /\/comments\/([a-z0-9]+)\//i.exec(m.context ?? "")?.[1] ?? null;
}

function itemOf(kind: string | undefined, m: InboxMessage): CollectedItem | null {
  if (kind !== "t1" || !m.name || !m.was_comment) return null;
  const k = m.type === "username_mention" ? "mention" : m.type === "comment_reply" || m.type === "post_reply" ? "comment" : null;
  if (!k) return null;
  return {
    remoteId: m.name,
    kind: k,
    remoteParentId: m.parent_id ?? null,
    remoteRootId: postIdOf(m),
    authorHandle: m.author ?? "[deleted]",
    authorName: null,
    text: m.body ?? "",
    url: m.context ? `https://www.reddit.com${m.context.replace(/\?context=\d+$/, "")}` : null,
    remoteCreatedAt: new Date(countOf(m.created_utc) * 1000),
    simulated: false,
  };
}

/** The cursor: the newest fullname seen and its created time in seconds (older cursors hold the fullname only). */
function parseCursor(cursor: string | null): { name: string | null; time: number | null } {
  if (!cursor) return { name: null, time: null };
  const at = cursor.lastIndexOf("@");
  const time = at > 0 ? Number(cursor.slice(at + 1)) : NaN;
  return Number.isFinite(time) ? { name: cursor.slice(0, at), time } : { name: cursor, time: null };
}

/** /api/info takes up to 100 fullnames. */
const RECHECK_MAX = 100;
/** What Reddit leaves of a comment its author deleted or a moderator removed. */
const GONE = new Set(["[deleted]", "[removed]"]);

export function redditInboxSource(deps: { baseUrl?: string; now?: () => Date } = {}): InboxSource {
  const now = deps.now ?? clock.now;
  return {
    async collect({ account, cursor, signal, recheck }): Promise<CollectResult> {
      const call = redditClient({ baseUrl: deps.baseUrl ?? env().REDDIT_API_URL }, redditCredentialsOf(account), signal, now);
      const since = parseCursor(cursor);
      const items: CollectedItem[] = [];
      let newest = cursor;
      let after: string | undefined;
      for (let i = 0; i < MAX_PAGES; i++) {
        const r = await call<Listing>("GET", "/message/inbox", { query: { limit: PAGE, mark: "false", raw_json: 1, ...(after && { after }) } });
        const rows = r.body?.data?.children ?? [];
        const top = rows[0]?.data;
        if (i === 0 && top?.name) newest = `${top.name}@${countOf(top.created_utc)}`;
        let reached = false;
        for (const row of rows) {
          const m = row.data;
          // The cursor's own item, or (when it is gone) anything older than it: read before.
          if (m?.name && m.name === since.name) reached = true;
          else if (since.time !== null && countOf(m?.created_utc) < since.time) reached = true;
          if (reached) break;
          const it = m && itemOf(row.kind, m);
          if (it) items.push(it);
        }
        after = rows[rows.length - 1]?.data?.name ?? undefined;
        // Without a cursor (the first sweep) one page of the newest is enough: history is not the inbox.
        if (!cursor || reached || rows.length < PAGE || !after) break;
      }
      return { items, cursor: newest, deleted: await gone() };

      async function gone(): Promise<string[]> {
        const ids = (recheck ?? []).filter((id) => /^t1_[a-z0-9]+$/i.test(id)).slice(0, RECHECK_MAX);
        if (!ids.length) return [];
        try {
          const r = await call<Listing>("GET", "/api/info", { query: { id: ids.join(","), raw_json: 1 } });
          return (r.body?.data?.children ?? []).filter((c) => c.data?.name && GONE.has(c.data.body ?? "")).map((c) => c.data!.name!);
        } catch (err) {
          // A failed check is skipped (the next hour's sweep tries again); what was collected is kept.
          if (signal.aborted) throw err;
          return [];
        }
      }
    },
  };
}
