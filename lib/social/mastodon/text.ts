// Mastodon text rules: how a server counts a status, and how to compare our text with the HTML
// a server gives back (for reconciliation).
import twitterText from "twitter-text";
import { graphemeCount } from "../text";

// Mastodon's Account::MENTION_RE, for remote mentions (@user@domain). The server counts them as
// @user only (StatusLengthValidator#countable_text) and renders them as @user in `content`.
const REMOTE_MENTION = /(?<![=/\p{L}\p{N}_])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)@[\p{L}\p{N}_]+(?:[.-]+[\p{L}\p{N}_]+)*/giu;

/**
 * The length of a status as Mastodon's StatusLengthValidator counts it: grapheme clusters, where
 * every URL with a protocol counts as `charactersReservedPerUrl` (23 by default, whatever its real
 * length) and a remote mention counts without its @domain part.
 */
export function mastodonLength(text: string, charactersReservedPerUrl: number): number {
  const spans: { start: number; end: number; replacement: string }[] = [];
  // Mastodon uses twitter-text's URL extractor with extract_url_without_protocol: false.
  for (const u of twitterText.extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: false })) {
    spans.push({ start: u.indices[0], end: u.indices[1], replacement: "x".repeat(charactersReservedPerUrl) });
  }
  for (const m of text.matchAll(REMOTE_MENTION)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (spans.some((s) => start < s.end && end > s.start)) continue; // inside a URL
    spans.push({ start, end, replacement: `@${m[1]}` });
  }
  spans.sort((a, b) => a.start - b.start);
  let out = "";
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + s.replacement;
    at = s.end;
  }
  return graphemeCount(out + text.slice(at));
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** Mastodon's status `content` (HTML) back to plain text: paragraphs, line breaks, entities. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/p>\s*<p[^>]*>/gi, "\n\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === "#") {
        const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    });
}

/**
 * A form of a text that survives Mastodon's rendering: remote mentions lose their domain, and all
 * whitespace (paragraphs, line breaks) collapses, so our text and the server's HTML compare equal.
 */
export function comparable(text: string): string {
  return text
    .normalize("NFC")
    .replace(REMOTE_MENTION, (_m, user: string) => `@${user}`)
    .replace(/\s+/g, " ")
    .trim();
}
