// Which networks' inboxes Herald reads, and with what (docs/decisions.md, "Inbox"): one entry per
// network, each a source in lib/inbox/<network>.ts. The sweep (lib/inbox/sweep.ts) queues real
// accounts of these networks only; accounts without credentials read the simulation.
import type { Db } from "../db";
import type { Platform } from "../generated/prisma/enums";
import { blueskyInboxSource } from "./bluesky";
import { mastodonInboxSource } from "./mastodon";
import { simulatedInboxSource } from "./simulation";
import { youtubeInboxSource } from "./youtube";
import { linkedinInboxSource } from "./linkedin";
import { twitterInboxSource } from "./twitter";
import type { InboxSource } from "./types";
import { redditInboxSource } from "./reddit";
import { instagramInboxSource } from "./instagram";
import { threadsInboxSource } from "./threads";
import { facebookInboxSource } from "./facebook";

export const INBOX_SOURCES: Partial<Record<Platform, () => InboxSource>> = {
  bluesky: () => blueskyInboxSource(),
  mastodon: () => mastodonInboxSource(),
  twitter: () => twitterInboxSource(),
  facebook: () => facebookInboxSource(),
  youtube: () => youtubeInboxSource(),
  threads: () => threadsInboxSource(),
  instagram: () => instagramInboxSource(),
  linkedin: () => linkedinInboxSource(),
  reddit: () => redditInboxSource(),
};

/** The networks whose real accounts the sweep reads. */
export function inboxNetworks(): Platform[] {
  return Object.keys(INBOX_SOURCES) as Platform[];
}

/** The source for an account: simulation without credentials, else the network's own, or null. */
export function inboxSourceFor(account: { platform: Platform; credentials: unknown }, prisma: Db): InboxSource | null {
  if (!account.credentials) return simulatedInboxSource(prisma);
  return INBOX_SOURCES[account.platform]?.() ?? null;
}
