// How a post looks in each network's feed, for the composer's preview cards: where the text folds
// behind "… more", how images are cropped and laid out, whether a link becomes a card, and how a
// thread's parts are numbered. Pure and safe for client bundles. Limits (length, media count,
// threads, link in the text) stay in each network's spec (lib/social/<platform>/spec.ts); this
// file only adds what the feed does with a post that fits them. docs/decisions.md, "Previews".
import { instagramSpec } from "./instagram/spec";
import { composeText } from "./text";

/** An image's width ÷ height. */
export type Ratio = number;

export type Crop =
  /** Every picture at this shape, cropped to fill it (object-fit: cover). */
  | { kind: "fixed"; ratio: Ratio }
  /**
   * The picture's own shape within [min, max]; `fill` "cover" crops what lies outside, "pad" shows
   * it whole on bars (Herald pads Instagram's pictures, lib/media/platform.ts). `fallback` until
   * the picture's size is known.
   */
  | { kind: "own"; min: Ratio; max: Ratio; fallback: Ratio; fill: "cover" | "pad" };

export interface NetworkPreviewRules {
  /** Where the feed folds a long text: after this many characters (graphemes) or lines, whichever comes first; null shows it all. */
  fold: { chars: number; lines?: number; more: string } | null;
  /** One picture. */
  single: Crop;
  /** Several: a grid (up to `visible` cells, "+N" on the last) or a swiped carousel (one at a time, all at the first's shape). */
  multi: { layout: "grid"; visible: number; ratio: Ratio } | { layout: "carousel" };
  /**
   * A link: "card" below the text (only when the post has no media: with pictures the network
   * shows them instead), "text" (in the text, clickable, no card), "plain" (in the text but not
   * clickable), "card-only" (Reddit: a link post is its title and the link, without the body).
   */
  link: "card" | "text" | "plain" | "card-only";
  /** How the header reads ("Post", "Toot" …) and its accent, for a network-like card. */
  noun: string;
  accent: string;
}

// Approximations of each network's current web feed (desktop, late 2026), not its API: the
// networks change these without notice and differ between app and web, so a preview is a guide,
// never a promise. The fold figures are the commonly observed cut-offs ("… more" / "See more");
// line counts are hard line breaks only (a long paragraph also wraps, which `chars` stands for).
const R = {
  // X: the whole post (the weighted 280 limit is the spec's); 1 picture 16:9, 2–4 in a 16:9 grid.
  twitter: {
    fold: null,
    single: { kind: "fixed", ratio: 16 / 9 },
    multi: { layout: "grid", visible: 4, ratio: 16 / 9 },
    link: "card",
    noun: "Post",
    accent: "#0f1419",
  },
  bluesky: {
    fold: null,
    single: { kind: "own", min: 3 / 4, max: 2, fallback: 16 / 9, fill: "cover" },
    multi: { layout: "grid", visible: 4, ratio: 2 },
    link: "card",
    noun: "Post",
    accent: "#1185fe",
  },
  // Mastodon's web UI crops its media gallery to 16:9.
  mastodon: {
    fold: null,
    single: { kind: "fixed", ratio: 16 / 9 },
    multi: { layout: "grid", visible: 4, ratio: 16 / 9 },
    link: "card",
    noun: "Post",
    accent: "#6364ff",
  },
  threads: {
    fold: null,
    single: { kind: "own", min: 4 / 5, max: 1.91, fallback: 4 / 5, fill: "cover" },
    multi: { layout: "carousel" },
    link: "card",
    noun: "Thread",
    accent: "#000000",
  },
  linkedin: {
    fold: { chars: 210, lines: 3, more: "…see more" },
    single: { kind: "own", min: 3 / 4, max: 1.91, fallback: 1.91, fill: "cover" },
    multi: { layout: "grid", visible: 4, ratio: 1 },
    link: "card",
    noun: "Post",
    accent: "#0a66c2",
  },
  facebook: {
    fold: { chars: 480, lines: 5, more: "… See more" },
    single: { kind: "own", min: 4 / 5, max: 1.91, fallback: 1.91, fill: "cover" },
    multi: { layout: "grid", visible: 4, ratio: 1 },
    link: "card",
    noun: "Post",
    accent: "#0866ff",
  },
  // Instagram folds the caption after about 125 characters (or two lines); links in captions are
  // not clickable. Herald pads pictures to Instagram's 4:5 … 1.91:1 rather than cropping them.
  instagram: {
    fold: { chars: 125, lines: 2, more: "… more" },
    single: { kind: "own", min: instagramSpec.images!.aspectRatio!.min, max: instagramSpec.images!.aspectRatio!.max, fallback: 1, fill: "pad" },
    multi: { layout: "carousel" },
    link: "plain",
    noun: "Post",
    accent: "#d62976",
  },
  tiktok: {
    fold: { chars: 100, lines: 2, more: "… more" },
    single: { kind: "fixed", ratio: 9 / 16 },
    multi: { layout: "carousel" },
    link: "plain",
    noun: "Video",
    accent: "#fe2c55",
  },
  // The description under the video shows about three lines before "…more".
  youtube: {
    fold: { chars: 150, lines: 3, more: "…more" },
    single: { kind: "fixed", ratio: 16 / 9 },
    multi: { layout: "carousel" },
    link: "text",
    noun: "Video",
    accent: "#ff0000",
  },
  // Title over a body excerpt; a link post is the title and the link (the adapter sends no body).
  reddit: {
    fold: { chars: 300, lines: 4, more: "… more" },
    single: { kind: "own", min: 3 / 4, max: 16 / 9, fallback: 4 / 3, fill: "cover" },
    multi: { layout: "carousel" },
    link: "card-only",
    noun: "Post",
    accent: "#ff4500",
  },
  // A message, shown whole; WhatsApp previews the first link of a message.
  whatsapp: {
    fold: null,
    single: { kind: "own", min: 3 / 4, max: 16 / 9, fallback: 4 / 3, fill: "cover" },
    multi: { layout: "grid", visible: 4, ratio: 1 },
    link: "card",
    noun: "Message",
    accent: "#25d366",
  },
} satisfies Record<string, NetworkPreviewRules>;

export type PreviewPlatform = keyof typeof R;

/** What is assumed for a network without its own line in the table. */
const DEFAULT_RULES: NetworkPreviewRules = {
  fold: null,
  single: { kind: "own", min: 3 / 4, max: 16 / 9, fallback: 16 / 9, fill: "cover" },
  multi: { layout: "grid", visible: 4, ratio: 1 },
  link: "card",
  noun: "Post",
  accent: "#334155",
};

export function previewRules(platform: string): NetworkPreviewRules {
  return (R as Record<string, NetworkPreviewRules>)[platform] ?? DEFAULT_RULES;
}

// ---------------------------------------------------------------------------------------------
// The fold, cut by graphemes, never inside an emoji, a URL or a word when a space is near.

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const URL_RE = /\bhttps?:\/\/[^\s<>"]+|\bwww\.[^\s<>"]+/gi;
/** How far back a cut may move to end at a space rather than inside a word. */
const WORD_BACKOFF = 20;

export interface FoldedText {
  /** What the feed shows before "more" (everything when not folded). */
  shown: string;
  /** What "more" reveals. */
  rest: string;
  folded: boolean;
}

/** Code-unit offsets where each grapheme starts, and the text's length at the end. */
function boundaries(text: string): number[] {
  const out: number[] = [];
  for (const s of graphemes.segment(text)) out.push(s.index);
  out.push(text.length);
  return out;
}

/** The text cut where the feed folds it: at `chars` graphemes or after `lines` lines, whichever comes first. */
export function foldText(text: string, fold: NetworkPreviewRules["fold"]): FoldedText {
  const whole = { shown: text, rest: "", folded: false };
  if (!fold) return whole;
  const bounds = boundaries(text);
  // The cut as a code-unit offset that is always a grapheme boundary.
  let cut = bounds[Math.min(fold.chars, bounds.length - 1)];
  if (fold.lines !== undefined) {
    let at = -1;
    for (let i = 0; i < fold.lines; i++) {
      at = text.indexOf("\n", at + 1);
      if (at < 0) break;
    }
    if (at >= 0 && at < cut) cut = at;
  }
  if (cut >= text.trimEnd().length) return whole;
  // Never inside a URL: the cut moves to where it starts.
  for (const m of text.matchAll(URL_RE)) {
    const start = m.index;
    const end = start + m[0].length;
    // A URL at the very start is shown whole rather than not at all.
    if (cut > start && cut < end) cut = start > 0 ? start : end;
  }
  // At a space when one is near, as the networks do (a grapheme boundary too).
  if (cut > 0 && !/\s/.test(text[cut] ?? "") && !/\s/.test(text[cut - 1])) {
    const space = text.slice(0, cut).search(/\s\S*$/);
    if (space > 0 && cut - space <= WORD_BACKOFF) cut = space;
  }
  const shown = text.slice(0, cut).trimEnd();
  if (!shown) return whole;
  return { shown, rest: text.slice(shown.length), folded: true };
}

// ---------------------------------------------------------------------------------------------
// Pictures: shape per item and the layout.

export interface PreviewMediaInput {
  isVideo: boolean;
  /** The picture's own size, once known (a preview reads it as the image loads). */
  width?: number;
  height?: number;
}

export interface PreviewMedia {
  layout: "none" | "single" | "grid" | "carousel";
  /** The shape of the whole block (a grid, a carousel slide, the single picture). */
  ratio: Ratio;
  /** How pictures fill their box: cropped, or whole on bars. */
  fill: "cover" | "pad";
  /** The items shown (indexes into the input), in order. */
  shown: number[];
  /** Items beyond what the feed shows at a glance ("+2"), or beyond what the network takes. */
  more: number;
  /** Items beyond the spec's media limit: not posted at all. */
  dropped: number;
}

const clamp = (r: number, min: number, max: number) => Math.min(max, Math.max(min, r));

function shapeOf(crop: Crop, item: PreviewMediaInput | undefined): Ratio {
  if (crop.kind === "fixed") return crop.ratio;
  const own = item?.width && item.height ? item.width / item.height : crop.fallback;
  return clamp(own, crop.min, crop.max);
}

/** How the network lays out the post's media; `mediaMax` is the spec's limit. */
export function previewMedia(rules: NetworkPreviewRules, media: PreviewMediaInput[], mediaMax: number): PreviewMedia {
  const posted = media.slice(0, Math.max(0, mediaMax));
  const dropped = media.length - posted.length;
  const fill = rules.single.kind === "own" ? rules.single.fill : "cover";
  if (posted.length === 0) return { layout: "none", ratio: 1, fill, shown: [], more: 0, dropped };
  if (posted.length === 1) return { layout: "single", ratio: shapeOf(rules.single, posted[0]), fill, shown: [0], more: 0, dropped };
  if (rules.multi.layout === "carousel") {
    // Every slide takes the first one's shape.
    return { layout: "carousel", ratio: shapeOf(rules.single, posted[0]), fill, shown: posted.map((_, i) => i), more: 0, dropped };
  }
  const visible = Math.min(posted.length, rules.multi.visible);
  return {
    layout: "grid",
    ratio: rules.multi.ratio,
    fill: "cover",
    shown: posted.slice(0, visible).map((_, i) => i),
    more: posted.length - visible,
    dropped,
  };
}

/** CSS grid placement of cell `i` of `n` (2: side by side; 3: one tall on the left; 4: two by two). */
export function gridCell(i: number, n: number): { column: string; row: string } {
  if (n === 2) return { column: `${i + 1}`, row: "1 / span 2" };
  if (n === 3) return i === 0 ? { column: "1", row: "1 / span 2" } : { column: "2", row: `${i}` };
  return { column: `${(i % 2) + 1}`, row: `${Math.floor(i / 2) + 1}` };
}

// ---------------------------------------------------------------------------------------------
// Links.

export type PreviewLink =
  | { kind: "card"; url: string; domain: string; path: string }
  | { kind: "plain"; url: string; note: string }
  | { kind: "text"; url: string }
  | null;

/** The link's domain (without www.) and path, or null when it is not an http(s) URL. */
export function linkParts(link: string): { domain: string; path: string } | null {
  try {
    const u = new URL(link.trim());
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    const path = `${u.pathname === "/" ? "" : u.pathname}${u.search}`;
    return { domain: u.hostname.replace(/^www\./, ""), path };
  } catch {
    return null;
  }
}

/** How the post's link shows: a card (domain and path; no fetched title or picture), plain text, or nothing. */
export function previewLink(rules: NetworkPreviewRules, label: string, link: string, hasMedia: boolean): PreviewLink {
  const url = link.trim();
  if (!url) return null;
  if (rules.link === "plain") {
    return { kind: "plain", url, note: `${label} shows no clickable links in captions: the link appears as plain text. Point people to it another way (“link in bio”).` };
  }
  if (rules.link === "text") return { kind: "text", url };
  const parts = linkParts(url);
  if (!parts || hasMedia) return null;
  return { kind: "card", url, ...parts };
}

// ---------------------------------------------------------------------------------------------
// The whole card.

/** What the preview needs of an account: its spec's figures as the composer has them. */
export interface PreviewAccount {
  platform: string;
  label: string;
  mediaMax: number;
  threads: boolean;
  /** The spec's linkInText: the adapter puts the link at the end of the text. */
  linkInText?: boolean;
}

export interface PostPreview {
  rules: NetworkPreviewRules;
  /** The text as the network shows it, the link in it where it goes there. */
  text: FoldedText;
  media: PreviewMedia;
  link: PreviewLink;
  /** The thread's posts after the first, numbered "2/3" …; empty where the network takes no threads. */
  parts: { label: string; text: FoldedText }[];
  /** The first post's number ("1/3") when there is a thread. */
  firstLabel: string | null;
  /** Text that the network will not show (Reddit's body in a link post). */
  notes: string[];
}

export function postPreview(
  account: PreviewAccount,
  input: { text: string; link: string; media: PreviewMediaInput[]; thread: string[] },
): PostPreview {
  const rules = previewRules(account.platform);
  const link = input.link.trim();
  const media = previewMedia(rules, input.media, account.mediaMax);
  const notes: string[] = [];
  let text = input.text;
  if (rules.link === "card-only" && link && media.layout === "none") {
    if (text.trim()) notes.push(`A ${account.label} link post is its title and the link; the text is not posted.`);
    text = "";
  } else if (account.linkInText) {
    // The spec's flag (lib/social/<platform>/spec.ts), the same the validation and the counter read.
    text = composeText({ text, link });
  }
  const parts = account.threads ? input.thread.filter((t) => t.trim()) : [];
  const total = parts.length + 1;
  return {
    rules,
    text: foldText(text, rules.fold),
    media,
    link: previewLink(rules, account.label, link, media.layout !== "none"),
    parts: parts.map((t, i) => ({ label: `${i + 2}/${total}`, text: foldText(t, rules.fold) })),
    firstLabel: parts.length ? `1/${total}` : null,
    notes,
  };
}
