// Instant, client-side character counts with the platforms' own rules (lib/social/count.ts, the
// same code the server counts with: twitter-text's weighted length for X, Mastodon's URL-as-23
// rule, graphemes elsewhere). The server's /api/posts/validate stays the authority; this only
// makes the counter feel instant. Each account carries its spec's counter by name.
import { composedLength, type TextCounter } from "@/lib/social/count";
import { composeText } from "@/lib/social/text";

export type { TextCounter };

export function countFor(spec: { counter?: TextCounter; linkInText?: boolean }, text: string, link?: string): number {
  return composedLength(spec, { text, link });
}

/** The text as the platform shows it: with the link at its end where the link goes into the text. */
export function shownText(spec: { linkInText?: boolean }, text: string, link?: string): string {
  return spec.linkInText ? composeText({ text, link }) : text;
}
