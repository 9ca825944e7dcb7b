// Bluesky's inbox: app.bsky.notification.listNotifications with the account's session (its app
// password's or its OAuth sign-in's: lib/social/bluesky/open.ts, shared with publishing), reasons "reply" and "mention"
// (quotes count as mentions). Notifications come newest first; the cursor Herald keeps is the
// newest indexedAt it has seen, and a sweep pages back until it reaches it (at most MAX_PAGES),
// so a sweep reads only what is new. Remote deletions: when the sweep passes `recheck`, one
// app.bsky.feed.getPosts of up to 25 of those URIs; it answers only the posts that still exist, so
// the ones missing are reported deleted (docs/decisions.md, "Inbox").
import type { AppBskyNotificationListNotifications } from "@atproto/api";
import { clock } from "../clock";
import { permalink } from "../social/bluesky/adapter";
import { classifyBluesky } from "../social/bluesky/errors";
import { openAccountAgent } from "../social/bluesky/open";
import type { OpenedAgent } from "../social/bluesky/session";
import type { CollectResult, CollectedItem, InboxSource } from "./types";

const PAGE = 50;
const MAX_PAGES = 5;
/** app.bsky.feed.getPosts takes at most 25 URIs. */
const RECHECK_MAX = 25;

type Notification = AppBskyNotificationListNotifications.Notification;

function itemOf(n: Notification): CollectedItem | null {
  const kind = n.reason === "reply" ? "reply" : n.reason === "mention" || n.reason === "quote" ? "mention" : null;
  if (!kind) return null;
  const rec = (n.record ?? {}) as { text?: unknown; createdAt?: unknown; reply?: { parent?: { uri?: string }; root?: { uri?: string } } };
  const created = typeof rec.createdAt === "string" && !Number.isNaN(Date.parse(rec.createdAt)) ? new Date(rec.createdAt) : new Date(n.indexedAt);
  return {
    remoteId: n.uri,
    kind,
    remoteParentId: rec.reply?.parent?.uri ?? null,
    remoteRootId: rec.reply?.root?.uri ?? null,
    authorHandle: n.author.handle,
    authorName: n.author.displayName || null,
    text: typeof rec.text === "string" ? rec.text : "",
    url: permalink(n.author.handle, n.uri),
    remoteCreatedAt: created,
    simulated: false,
  };
}

export function blueskyInboxSource(deps: { baseUrl?: string; fetch?: typeof fetch; now?: () => Date } = {}): InboxSource {
  const now = deps.now ?? clock.now;
  return {
    async collect({ account, cursor, signal, recheck }): Promise<CollectResult> {
      const open = () => openAccountAgent(account, { signal, now, baseUrl: deps.baseUrl, fetch: deps.fetch });
      try {
        const s = await open();
        try {
          return await read(s);
        } catch (err) {
          // A cached session the PDS no longer takes: log in once more, as publishing does.
          if (s.fresh || classifyBluesky(err).failureClass !== "auth" || signal.aborted) throw err;
          s.discard();
          return await read(await open());
        }
      } catch (err) {
        throw classifyBluesky(err, now());
      }

      async function read(s: OpenedAgent): Promise<CollectResult> {
        const items: CollectedItem[] = [];
        let newest = cursor;
        let page: string | undefined;
        for (let i = 0; i < MAX_PAGES; i++) {
          const res = await s.agent.app.bsky.notification.listNotifications({ limit: PAGE, cursor: page, reasons: ["reply", "mention", "quote"] }, { signal });
          let reachedCursor = false;
          for (const n of res.data.notifications) {
            if (cursor && n.indexedAt <= cursor) {
              reachedCursor = true;
              continue;
            }
            if (!newest || n.indexedAt > newest) newest = n.indexedAt;
            const it = itemOf(n);
            if (it) items.push(it);
          }
          page = res.data.cursor;
          if (reachedCursor || !page || res.data.notifications.length < PAGE) break;
        }
        return { items, cursor: newest, deleted: await gone(s) };
      }

      async function gone(s: OpenedAgent): Promise<string[]> {
        const uris = (recheck ?? []).filter((u) => u.startsWith("at://")).slice(0, RECHECK_MAX);
        if (!uris.length) return [];
        try {
          const res = await s.agent.app.bsky.feed.getPosts({ uris }, { signal });
          const found = new Set(res.data.posts.map((p) => p.uri));
          return uris.filter((u) => !found.has(u));
        } catch (err) {
          // A failed check is skipped (the next hour's sweep tries again); what was collected is kept.
          if (signal.aborted) throw err;
          return [];
        }
      }
    },
  };
}
