// An answer from the community inbox (docs/decisions.md, "Inbox") is published like a post, with
// the network's id of what it answers. The field rides along on the content the adapters already
// take; an adapter that threads replies reads it with replyTargetOf (Bluesky, Mastodon), the
// simulated platform records the reply like a post.
import type { PublishContent } from "./types";

export type ReplyContent = PublishContent & { replyTo?: { id: string } };

/** The network's id of the post this content answers, or undefined for a post of its own. */
export function replyTargetOf(content: PublishContent): string | undefined {
  return (content as ReplyContent).replyTo?.id;
}
