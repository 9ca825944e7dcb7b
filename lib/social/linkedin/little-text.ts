// LinkedIn's "little" text format, used by the Posts API `commentary` field
// (learn.microsoft.com/linkedin/marketing/community-management/shares/little-text-format).
// Reserved characters that are not part of an element must be backslash-escaped: LinkedIn accepts
// a post with an unescaped one but silently cuts the text there.
// Comments (socialActions/comments `message.text`) are plain text, not little text: never escape those.

const RESERVED = /[\\|{}@[\]()<>#*_~]/g;

/** Escapes every reserved character, so the text is shown exactly as written. */
export function escapeLittleText(text: string): string {
  return text.replace(RESERVED, (c) => `\\${c}`);
}

// A hashtag: # after the start, whitespace or punctuation (not "C#", "a#b" or "&#38;"), with at
// least one letter in the tag.
const HASHTAG = /(^|[^\p{L}\p{N}_&/\\])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)/gu;
// A mention written in little's own MentionElement form: @[Name](urn:li:person:…|organization:…).
const MENTION = /@\[([^\]\n]{1,100})\]\((urn:li:(?:person|organization):[\w-]+)\)/g;

/**
 * Plain text → little text for `commentary`: everything escaped, except that #tags become
 * HashtagTemplates ({hashtag|\#|tag}) so they stay clickable, and explicit mentions written as
 * @[Name](urn:li:organization:123) stay mentions. A bare @name cannot be a mention (LinkedIn needs
 * the URN), so it is escaped and shown as written.
 */
export function toLittleText(text: string): string {
  const pieces: string[] = [];
  let at = 0;
  const mentions = [...text.matchAll(MENTION)];
  for (const m of mentions) {
    const start = m.index ?? 0;
    pieces.push(hashtagsAndEscape(text.slice(at, start)));
    pieces.push(`@[${escapeLittleText(m[1])}](${m[2]})`);
    at = start + m[0].length;
  }
  pieces.push(hashtagsAndEscape(text.slice(at)));
  return pieces.join("");
}

function hashtagsAndEscape(text: string): string {
  let out = "";
  let at = 0;
  for (const m of text.matchAll(HASHTAG)) {
    const hash = (m.index ?? 0) + m[1].length;
    out += escapeLittleText(text.slice(at, hash)) + `{hashtag|\\#|${escapeLittleText(m[2])}}`;
    at = hash + 1 + m[2].length;
  }
  return out + escapeLittleText(text.slice(at));
}

/** Little text back to what a reader sees: templates to #tag, escapes removed (for comparisons). */
export function littleToPlain(little: string): string {
  return little
    .replace(/\{hashtag\|\\?[#＃]\|((?:\\.|[^}\\])*)\}/g, (_m, tag: string) => `#${tag}`)
    .replace(/\\(.)/gs, "$1");
}
