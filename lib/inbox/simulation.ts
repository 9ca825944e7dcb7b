// The inbox of an account without credentials (simulation mode, docs/design.md "Platforms"):
// replies to its published posts, made up deterministically from the post's id and age like the
// simulated engagement numbers, every one marked simulated and shown as such. They let the inbox
// be tried in development; nothing here reaches a network.
import type { Db } from "../db";
import { unitInterval } from "../social/simulation";
import type { CollectResult, CollectedItem, InboxSource } from "./types";

/** Replies only to posts this recent; at most this many per post. */
const WINDOW_MS = 7 * 24 * 3_600_000;
const MAX_PER_POST = 4;
/** The first simulated reply comes this long after the post, the next ones this far apart. */
const STEP_MS = 20 * 60_000;

const TEXTS = [
  "Love this, thank you!",
  "When will this be available in my area?",
  "Still waiting for my order, this is the second time it is late.",
  "Great news, congrats to the team 🎉",
  "How much does it cost?",
  "Free followers! DM me for a crypto giveaway",
  "Interesting. Do you ship to Austria?",
  "The link doesn't work for me.",
] as const;

export function simulatedInboxSource(prisma: Db): InboxSource {
  return {
    async collect({ account, now }): Promise<CollectResult> {
      const targets = await prisma.postTarget.findMany({
        where: {
          accountId: account.id,
          workspaceId: account.workspaceId,
          status: "published",
          platformPostId: { not: null },
          publishedAt: { gt: new Date(now.getTime() - WINDOW_MS), lte: now },
        },
        select: { id: true, platformPostId: true, publishedAt: true },
        orderBy: { publishedAt: "desc" },
        take: 50,
      });
      const items: CollectedItem[] = [];
      for (const t of targets) {
        const postId = t.platformPostId!;
        const published = t.publishedAt!.getTime();
        const hours = (now.getTime() - published) / 3_600_000;
        const n = Math.min(MAX_PER_POST, Math.floor((0.5 + unitInterval(postId, "inbox")) * Math.log1p(hours * 4)));
        for (let i = 0; i < n; i++) {
          const at = published + (i + 1) * STEP_MS;
          if (at > now.getTime()) break;
          const pick = Math.floor(unitInterval(postId, "inbox-text", String(i)) * TEXTS.length);
          const who = Math.floor(unitInterval(postId, "inbox-author", String(i)) * 90) + 10;
          items.push({
            remoteId: `sim_inbox_${postId}_${i + 1}`,
            kind: account.platform === "bluesky" || account.platform === "mastodon" || account.platform === "twitter" || account.platform === "threads" ? "reply" : "comment",
            remoteParentId: postId,
            remoteRootId: postId,
            authorHandle: `simulated-fan-${who}`,
            authorName: `Simulated fan ${who}`,
            text: TEXTS[pick],
            url: null,
            remoteCreatedAt: new Date(at),
            simulated: true,
          });
        }
      }
      return { items, cursor: now.toISOString() };
    },
  };
}
