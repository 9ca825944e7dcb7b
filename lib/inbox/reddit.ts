// Reddit's inbox (docs/decisions.md, "Inbox") through the adapter's OAuth client (bearer token,
// Reddit's User-Agent, its rate-limit headers): GET /message/inbox with mark=false (the account's
// unread state is left alone), comment replies (comment_reply, post_reply) as comments and
// username mentions as mentions; private messages are not inbox material. The listing is newest
// first; the cursor is the newest fullname seen and a sweep asks with before=<it> (the items just
// newer than it), paging forward, at most MAX_PAGES pages (Reddit allows about one request a
// second). A first sweep reads one page. remoteId is the comment's fullname (t1_…, what
// POST /api/comment answers as thing_id), the parent its parent's fullname, the root the post's
// bare id, as the adapter stores a PostTarget's platformPostId.
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

export function redditInboxSource(deps: { baseUrl?: string; now?: () => Date } = {}): InboxSource {
  const now = deps.now ?? clock.now;
  return {
    async collect({ account, cursor, signal }): Promise<CollectResult> {
      const call = redditClient({ baseUrl: deps.baseUrl ?? env().REDDIT_API_URL }, redditCredentialsOf(account), signal, now);
      const items: CollectedItem[] = [];
      let newest = cursor;
      for (let i = 0; i < MAX_PAGES; i++) {
        const r = await call<Listing>("GET", "/message/inbox", { query: { limit: PAGE, mark: "false", raw_json: 1, ...(newest && { before: newest }) } });
        const rows = r.body?.data?.children ?? [];
        if (rows[0]?.data?.name) newest = rows[0].data.name;
        for (const row of rows) {
          const it = row.data && itemOf(row.kind, row.data);
          if (it) items.push(it);
        }
        // Without a cursor (the first sweep) one page of the newest is enough: history is not the inbox.
        if (!cursor || rows.length < PAGE) break;
      }
      return { items, cursor: newest };
    },
  };
}
