// How each platform counts a post's characters, by name, so the server (lib/compose.ts, spec
// validation) and the composer in the browser count alike. A platform's spec names its counter;
// the browser gets the name, never a function. Safe for client bundles: no Node APIs.
import twitterText from "twitter-text";
import { mastodonLength } from "./mastodon/text";
import { composeText, graphemeCount } from "./text";
import type { PublishContent } from "./types";

/** graphemes: as people see them; x: twitter-text's weighted length; mastodon: URLs count 23. */
export type TextCounter = "graphemes" | "x" | "mastodon";

/** Mastodon counts every URL as this many characters whatever its length (its server default). */
export const MASTODON_URL_CHARS = 23;

export function countText(counter: TextCounter | undefined, text: string): number {
  switch (counter) {
    case "x":
      return twitterText.parseTweet(text).weightedLength;
    case "mastodon":
      return mastodonLength(text, MASTODON_URL_CHARS);
    default:
      return graphemeCount(text);
  }
}

/** The length of the post's main text as the platform counts it, the link appended where the platform puts it in the text. */
export function composedLength(spec: { counter?: TextCounter; linkInText?: boolean }, content: Pick<PublishContent, "text" | "link">): number {
  return countText(spec.counter, spec.linkInText ? composeText(content) : content.text);
}
