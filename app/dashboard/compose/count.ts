// Instant, client-side character counts with the platforms' own rules (the same as the adapters:
// twitter-text's weighted length for X, Mastodon's URL-as-23 rule, graphemes elsewhere). The
// server's /api/posts/validate stays the authority; this only makes the counter feel instant.
import { composeText as mastodonComposeText, mastodonLength } from "@/lib/social/mastodon/text";
import { graphemeCount } from "@/lib/social/spec";
import { twitterSpec } from "@/lib/social/twitter/spec";

export function withLink(text: string, link: string | undefined): string {
  const l = link?.trim();
  if (!l || text.includes(l)) return text;
  return text.trim() ? `${text}\n\n${l}` : l;
}

export function countFor(platform: string, text: string, link?: string): number {
  switch (platform) {
    case "twitter":
      return twitterSpec.count!(withLink(text, link));
    case "mastodon":
      return mastodonLength(mastodonComposeText({ text, link: link?.trim() || undefined }), 23);
    default:
      return graphemeCount(text);
  }
}
