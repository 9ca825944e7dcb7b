// The compliance check every post passes before it is scheduled, whoever wrote it: words the brand
// avoids, profanity (obscenity), unsupported claims (flagged for a human to review), the brand's
// link policy, Instagram's unclickable caption links, hashtag count and emoji use. Pure and
// deterministic: the same text and brand voice always give the same findings, in text order.
import {
  RegExpMatcher,
  collapseDuplicatesTransformer,
  englishDataset,
  englishRecommendedWhitelistMatcherTransformers,
  remapCharactersTransformer,
  resolveConfusablesTransformer,
  toAsciiLowerCaseTransformer,
} from "obscenity";
import type { Platform } from "../generated/prisma/enums";
import { specFor } from "../social/registry";
import type { BrandVoice } from "../validation/workspace-settings";

export type FindingRule = "avoid_word" | "profanity" | "unsupported_claim" | "link_policy" | "hashtags" | "emoji";
/** "block": the post cannot be scheduled as it is. "review": a person should look before it goes out. */
export type FindingSeverity = "block" | "review";

export interface Finding {
  rule: FindingRule;
  severity: FindingSeverity;
  /** A full sentence naming the offending text. */
  message: string;
  /** The offending text as it appears in the post. */
  excerpt?: string;
  /** UTF-16 offset of the excerpt in the checked text. */
  index?: number;
  /** Set when the finding concerns one platform only (its override text, Instagram's captions). */
  platform?: Platform;
}

export interface ComplianceInput {
  text: string;
  link?: string;
  platforms?: Platform[];
  brandVoice: BrandVoice;
}

// Letters, digits and underscore on either side mean "inside another word" (Unicode-aware, so
// "Grüße" is one word); JavaScript's \b only knows ASCII.
const WORD_START = String.raw`(?<![\p{L}\p{M}\p{N}_])`;
const WORD_END = String.raw`(?![\p{L}\p{M}\p{N}_])`;

/* ------------------------------------------------------------------------------------------------
 * Unsupported claims: promises a small business usually cannot prove, and that ad rules (FTC, UWG,
 * HWG for health claims) frown upon. They do not block; they ask a person to check. Each entry is
 * a regular-expression source matched case-insensitively at word boundaries, and what it is.
 * ---------------------------------------------------------------------------------------------- */
interface ClaimPattern {
  pattern: string;
  /** Completes "… sounds like ___". */
  what: string;
}

export const CLAIM_PATTERNS: readonly ClaimPattern[] = [
  // English
  { pattern: String.raw`guarantee[sd]?|money[- ]back guarantee`, what: "a guarantee" },
  { pattern: String.raw`100\s?%|100 percent|one hundred percent`, what: "an absolute claim" },
  { pattern: String.raw`risk[- ]?free|no risk|zero risk`, what: "a promise of no risk" },
  { pattern: String.raw`(?:clinically|scientifically|medically|dermatologically) (?:proven|tested|approved)|proven to`, what: "a scientific claim" },
  // "cured ham" is food, not a health claim: only "cure", "cures" and "heals".
  { pattern: String.raw`cures?|heals?|miracle cure`, what: "a health claim" },
  { pattern: String.raw`no side[- ]effects|without (?:any )?side[- ]effects|zero side[- ]effects`, what: "a health claim" },
  { pattern: String.raw`#1|no\.\s?1|number (?:one|1)`, what: "a ranking claim" },
  {
    pattern: String.raw`(?:best|finest|greatest|tastiest|cheapest)(?: [\p{L}'-]+){0,2} in (?:the )?(?:world|town|city|country|state|region|universe|galaxy)|world'?s (?:best|finest|greatest|first)`,
    what: "a ranking claim",
  },
  // Unqualified superlatives ("the best coffee"), but not "all the best" or "best wishes".
  {
    pattern: String.raw`(?<!all )the (?:best|finest|cheapest|fastest|healthiest|safest|strongest|lowest(?: prices?)?|most effective)(?! wishes)|best[- ]ever|unbeatable|unmatched|unrivall?ed|second to none`,
    what: "an unqualified superlative",
  },
  {
    pattern: String.raw`(?:make|earn|making|earning) (?:up to )?[$€£]?\d[\d,.]*\s?k?(?:\s?(?:[$€£]|dollars?|euros?|pounds?))?(?: (?:a|per|every|each) (?:day|week|month|year|hour))?|get rich(?: quick)?|financial freedom|passive income|double your (?:money|income)|guaranteed (?:income|returns|profits?)`,
    what: "an earnings promise",
  },
  // German
  { pattern: String.raw`garantiert(?:e[nrms]?)?|Garantie|Geld[- ]zurück[- ]Garantie`, what: "a guarantee" },
  { pattern: String.raw`hundertprozentig(?:e[nrms]?)?`, what: "an absolute claim" },
  { pattern: String.raw`risikofrei(?:e[nrms]?)?|ohne (?:jedes )?Risiko|kein Risiko`, what: "a promise of no risk" },
  {
    pattern: String.raw`(?:klinisch|wissenschaftlich|medizinisch|dermatologisch) (?:bewiesen|erwiesen|getestet|geprüft|belegt)|nachweislich`,
    what: "a scientific claim",
  },
  { pattern: String.raw`heilt|heilen|Heilung|Wundermittel`, what: "a health claim" },
  { pattern: String.raw`(?:keine|ohne) Nebenwirkungen`, what: "a health claim" },
  { pattern: String.raw`Nr\.\s?1|Nummer (?:eins|1)`, what: "a ranking claim" },
  {
    pattern: String.raw`(?:beste[nrms]?|feinste[nrms]?|günstigste[nrms]?)(?: [\p{L}-]+){0,2} (?:der|in der|im|in) (?:Welt|Stadt|Land|Region|Deutschland|Österreich|Schweiz)|weltbeste[nrms]?`,
    what: "a ranking claim",
  },
  { pattern: String.raw`(?:der|die|das) (?:beste|günstigste|schnellste|gesündeste)|unschlagbar(?:e[nrms]?)?|konkurrenzlos(?:e[nrms]?)?|unübertroffen(?:e[nrms]?)?`, what: "an unqualified superlative" },
  {
    pattern: String.raw`verdiene[n]? (?:bis zu )?\d[\d.,]*\s?(?:€|Euro)(?: (?:pro|am|im|jeden|jede) (?:Tag|Woche|Monat|Jahr|Stunde))?|schnell reich|passives Einkommen|finanzielle Freiheit`,
    what: "an earnings promise",
  },
];

const CLAIM_REGEXES = CLAIM_PATTERNS.map((c) => ({ ...c, re: new RegExp(`${WORD_START}(?:${c.pattern})${WORD_END}`, "giu") }));

/* ------------------------------------------------------------------------------------------------
 * Link policy
 * ---------------------------------------------------------------------------------------------- */

/** URL shorteners: they hide where a link goes (and are a favourite of spam filters). */
export const URL_SHORTENERS: readonly string[] = [
  "bit.ly", "bitly.com", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd", "buff.ly", "t.ly", "tiny.cc",
  "rebrand.ly", "cutt.ly", "shorturl.at", "rb.gy", "bl.ink", "soo.gd", "s.id", "v.gd", "lnkd.in", "fb.me",
  "dlvr.it", "ift.tt", "trib.al", "amzn.to", "youtu.be", "shorte.st", "adf.ly", "tr.im", "x.co", "po.st",
  "qr.ae", "cli.gs", "mcaf.ee", "su.pr", "bit.do", "linktr.ee",
];

const SHORTENER_SET = new Set(URL_SHORTENERS);
const SHORTENER_SOURCE = URL_SHORTENERS.map((d) => d.replace(/\./g, "\\.")).join("|");

// http(s) URLs, plus the scheme-less forms people type: "www.example.com/…" and "bit.ly/…".
const URL_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}@._/-])(?:https?:\/\/[^\s<>"'“”‘’]+|www\.[^\s<>"'“”‘’]+|(?:${SHORTENER_SOURCE})\/[^\s<>"'“”‘’]+)`,
  "giu",
);

interface FoundUrl {
  raw: string;
  index: number;
}

function findUrls(text: string): FoundUrl[] {
  const out: FoundUrl[] = [];
  for (const m of text.matchAll(URL_RE)) {
    // Sentence punctuation after a link is not part of it; a ")" is when the link opened one.
    let raw = m[0].replace(/[.,;:!?…]+$/u, "");
    while (raw.endsWith(")") && (raw.match(/\(/g)?.length ?? 0) < (raw.match(/\)/g)?.length ?? 0)) raw = raw.slice(0, -1).replace(/[.,;:!?…]+$/u, "");
    out.push({ raw, index: m.index });
  }
  return out;
}

function parseUrl(raw: string): URL | null {
  try {
    return new URL(/^https?:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    return null;
  }
}

/** Lower case, no trailing dot, no "*." or leading dot: "*.Example.com." → "example.com". */
export function normalizeDomain(d: string): string {
  return d.trim().toLowerCase().replace(/^[a-z]+:\/\//, "").replace(/[/:].*$/, "").replace(/^\*?\./, "").replace(/\.$/, "");
}

/** The domain as URL hostnames spell it: "münchen.de" → "xn--mnchen-3ya.de". */
function asciiDomain(d: string): string {
  try {
    return new URL(`https://${d}`).hostname;
  } catch {
    return d;
  }
}

function hostMatches(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

function shown(raw: string): string {
  return raw.length > 80 ? `${raw.slice(0, 77)}…` : raw;
}

function checkUrl(raw: string, hasScheme: boolean, voice: BrandVoice, where: string): string[] {
  const policy = voice.linkPolicy;
  const url = parseUrl(raw);
  if (!url) return [`${where} "${shown(raw)}" is not a valid web address.`];
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  const problems: string[] = [];
  if (policy.requireHttps && hasScheme && url.protocol === "http:") {
    problems.push(`${where} "${shown(raw)}" is not secure (http): your brand's link policy requires https:// addresses.`);
  }
  if (policy.blockShorteners && [...SHORTENER_SET].some((s) => hostMatches(host, s))) {
    problems.push(`${where} "${shown(raw)}" uses the link shortener ${host}, which hides where it goes: use the full address.`);
  }
  const allowed = policy.allowedDomains.map(normalizeDomain).filter(Boolean);
  if (allowed.length > 0 && !allowed.some((d) => hostMatches(host, asciiDomain(d)))) {
    problems.push(`${where} "${shown(raw)}" goes to ${host}, which is not on your brand's list of allowed domains (${allowed.join(", ")}).`);
  }
  return problems;
}

/* ------------------------------------------------------------------------------------------------
 * Profanity: obscenity's English dataset with its recommended transformers, which catch "fuuuck",
 * look-alike letters and leetspeak ("sh1t") while whitelisting "Scunthorpe", "assassin" and friends.
 * Two adjustments for what small businesses post (docs/decisions.md, "Profanity check", under "The AI agent"):
 * - Leetspeak reads digits and $ @ ! as letters, so "Open 455 days a year" was "ass" and the product
 *   code "A55" too. A match spelled with such stand-ins counts only when real letters carry it: at
 *   least two, and no fewer than the stand-ins ("sh1t", "5h1t", "@ss" do; "455", "A55", "$$" don't).
 * - Leetspeak also reads "(" as c, "|" as i and "/" as l: "(Cumin)" was "ccum". Posts use them as
 *   punctuation, so our transformers are obscenity's recommended ones without those three.
 * - Product codes ("SKU FU-105", "AS5-22") are not words: a match inside one does not count.
 * - A few everyday words and names contain a listed word; they are whitelisted below.
 * ---------------------------------------------------------------------------------------------- */

/**
 * Everyday words, dishes and names, in the languages Herald's users post in, that contain a word of
 * obscenity's English dataset. Matched lower case as substrings, so "assort" covers "assortment",
 * "assortiment" and "assortimento".
 */
export const PROFANITY_WHITELIST: readonly string[] = [
  "cumin", "cumino", "cum laude", "cumple", // spice (EN, IT), Latin honours, Spanish birthday
  "shiitake", // collapsing "ii" turns it into "shit"
  "artisanal", "artigianal", "artesanal", "kanal", "assort", "rapeseed", "cockpit", "pissaladière",
  "penistone", "cockspur", "dickinson", "dick's sporting goods", "moby dick", "philip k. dick", "dick van dyke",
  // German "dick" (thick): its inflected forms and the phrases a bakery uses. Bare "dick" stays blocked:
  // the check does not know the post's language, and the English word is the likelier reading.
  "dicke", "dickhäuter", "dick belegt", "dick bestrichen", "dick geschnitten",
];

const LETTER_RE = /\p{L}/gu;
const STAND_IN_RE = /[\p{N}$@!]/gu;
// "A55-B", "FU-105", "SH-455": capitals and digits joined by hyphens, slashes or dots, with a digit.
const PRODUCT_CODE_RE = /^(?=.*\p{N})[\p{Lu}\p{N}]+(?:[-/.][\p{Lu}\p{N}]+)+$/u;

/** Whether a match's own text is made of enough letters to be a disguised word, not digits. */
function carriedByLetters(excerpt: string): boolean {
  const standIns = excerpt.match(STAND_IN_RE)?.length ?? 0;
  if (standIns === 0) return true;
  const letters = excerpt.match(LETTER_RE)?.length ?? 0;
  return letters >= 2 && letters >= standIns;
}

/** The whitespace-delimited word around text[start..end], without surrounding punctuation. */
function tokenAround(text: string, start: number, end: number): string {
  let a = start;
  let b = end + 1;
  while (a > 0 && !/\s/u.test(text[a - 1])) a--;
  while (b < text.length && !/\s/u.test(text[b])) b++;
  return text.slice(a, b).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
}

/** obscenity's englishRecommendedBlacklistMatcherTransformers, with our leetspeak table. */
function blacklistTransformers() {
  return [
    resolveConfusablesTransformer(),
    // obscenity's leetspeak dictionary without "(" (c), "|" (i) and "/" (l).
    remapCharactersTransformer({ a: "@4", e: "3", g: "6", i: "1!", o: "0", s: "$5", t: "7", z: "2" }),
    toAsciiLowerCaseTransformer(),
    collapseDuplicatesTransformer({
      defaultThreshold: 1,
      customThresholds: new Map([["b", 2], ["e", 2], ["o", 2], ["l", 2], ["s", 2], ["g", 2]]),
    }),
  ];
}

let matcher: RegExpMatcher | null = null;
function profanityMatcher(): RegExpMatcher {
  if (!matcher) {
    const built = englishDataset.build();
    matcher = new RegExpMatcher({
      ...built,
      whitelistedTerms: [...(built.whitelistedTerms ?? []), ...PROFANITY_WHITELIST],
      blacklistMatcherTransformers: blacklistTransformers(),
      whitelistMatcherTransformers: englishRecommendedWhitelistMatcherTransformers,
    });
  }
  return matcher;
}

/* ------------------------------------------------------------------------------------------------ */

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A word or phrase to avoid as a pattern: whole words, any run of spaces, composed or decomposed umlauts. */
function avoidPattern(word: string): RegExp | null {
  const forms = [...new Set([word.normalize("NFC"), word.normalize("NFD")])]
    .map((w) => w.trim())
    .filter(Boolean)
    .map((w) => escapeRegExp(w).replace(/\s+/g, String.raw`\s+`));
  if (!forms.length) return null;
  return new RegExp(`${WORD_START}(?:${forms.join("|")})${WORD_END}`, "giu");
}

// Pictographs and flags. © ® ™ are Extended_Pictographic too, but they are typography, not emoji.
const EMOJI_RE = /(?![©®™])\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/gu;
// A hashtag starts after a non-word character and has at least one letter ("#1" is not one).
const HASHTAG_RE = /(?<![\p{L}\p{M}\p{N}_&#/])#[\p{L}\p{M}\p{N}_]*\p{L}[\p{L}\p{M}\p{N}_]*/gu;

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
function graphemeAt(text: string, index: number): string {
  for (const s of segmenter.segment(text.slice(index, index + 40))) return s.segment;
  return text.slice(index, index + 1);
}

const quote = (s: string) => `"${s.replace(/\s+/g, " ")}"`;

export function checkCompliance(input: ComplianceInput): Finding[] {
  const { text, link, brandVoice: voice } = input;
  const platforms = input.platforms ?? [];
  const findings: Finding[] = [];

  // Words to avoid: one finding per word, at its first occurrence.
  for (const word of new Set(voice.avoidWords.map((w) => w.trim().toLocaleLowerCase()))) {
    const re = avoidPattern(word);
    if (!re) continue;
    const hits = [...text.matchAll(re)];
    if (!hits.length) continue;
    const times = hits.length > 1 ? ` It appears ${hits.length} times.` : "";
    findings.push({
      rule: "avoid_word",
      severity: "block",
      message: `${quote(hits[0][0])} is on your brand's list of words to avoid.${times}`,
      excerpt: hits[0][0],
      index: hits[0].index,
    });
  }

  // Profanity.
  const seen = new Set<string>();
  for (const m of profanityMatcher().getAllMatches(text, true)) {
    const key = `${m.startIndex}:${m.endIndex}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const excerpt = text.slice(m.startIndex, m.endIndex + 1);
    if (!carriedByLetters(excerpt) || PRODUCT_CODE_RE.test(tokenAround(text, m.startIndex, m.endIndex))) continue;
    findings.push({
      rule: "profanity",
      severity: "block",
      message: `${quote(excerpt)} is profanity: reword the post without it.`,
      excerpt,
      index: m.startIndex,
    });
  }

  // Unsupported claims (review). Overlapping patterns report the first, longest match once.
  const claims: Finding[] = [];
  for (const c of CLAIM_REGEXES) {
    for (const m of text.matchAll(c.re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (claims.some((f) => f.index! < end && start < f.index! + f.excerpt!.length)) continue;
      claims.push({
        rule: "unsupported_claim",
        severity: "review",
        message: `${quote(m[0])} sounds like ${c.what}: check that you can back it up before it is published.`,
        excerpt: m[0],
        index: start,
      });
    }
  }
  findings.push(...claims);

  // Link policy (block) for every link in the text and the post's link.
  for (const u of findUrls(text)) {
    for (const message of checkUrl(u.raw, /^https?:\/\//i.test(u.raw), voice, "The link")) {
      findings.push({ rule: "link_policy", severity: "block", message, excerpt: u.raw, index: u.index });
    }
  }
  if (link) {
    for (const message of checkUrl(link, /^https?:\/\//i.test(link), voice, "The post's link")) {
      findings.push({ rule: "link_policy", severity: "block", message, excerpt: link });
    }
  }

  // Instagram shows links in captions as plain text (and the post's link goes into the caption).
  if (platforms.includes("instagram")) {
    const first = findUrls(text)[0];
    const raw = first?.raw ?? link;
    if (raw) {
      findings.push({
        rule: "link_policy",
        severity: "review",
        message: `Links in an Instagram caption are not clickable, so ${quote(shown(raw))} will show as plain text: point to the link in your bio instead.`,
        excerpt: raw,
        ...(first ? { index: first.index } : {}),
        platform: "instagram",
      });
    }
  }

  // Hashtags over the brand's maximum (review).
  const tags = [...text.matchAll(HASHTAG_RE)];
  if (tags.length > voice.maxHashtags) {
    const extra = tags[voice.maxHashtags];
    findings.push({
      rule: "hashtags",
      severity: "review",
      message:
        voice.maxHashtags === 0
          ? `The post has ${tags.length} hashtag${tags.length === 1 ? "" : "s"} (${tags.slice(0, 5).map((t) => t[0]).join(", ")}), but your brand voice uses none.`
          : `The post has ${tags.length} hashtags, more than your brand's maximum of ${voice.maxHashtags}: ${quote(extra[0])} and any after it are over.`,
      excerpt: extra[0],
      index: extra.index,
    });
  }

  // Emoji when the brand uses none (review).
  if (voice.emoji === "none") {
    const hits = [...text.matchAll(EMOJI_RE)];
    if (hits.length) {
      const excerpt = graphemeAt(text, hits[0].index);
      findings.push({
        rule: "emoji",
        severity: "review",
        message: `The post uses emoji (${quote(excerpt)}${hits.length > 1 ? " and others" : ""}), but your brand voice is set to no emoji.`,
        excerpt,
        index: hits[0].index,
      });
    }
  }

  // In text order; at one position, what blocks comes first.
  const rank = (f: Finding) => (f.severity === "block" ? 0 : 1);
  return findings.sort((a, b) => (a.index ?? Infinity) - (b.index ?? Infinity) || rank(a) - rank(b));
}

export function blocking(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.severity === "block");
}

/** Everything one post sends out: its text, per-platform texts, thread parts and first comment. */
export interface PostForCompliance {
  text: string | null;
  link?: string;
  platforms?: Platform[];
  overrides?: Partial<Record<Platform, string>>;
  thread?: string[];
  firstComment?: string;
}

/**
 * Checks every text of a post. The main text goes to the platforms without an override; each
 * override is checked for its own platform (its findings carry that platform). Findings from
 * thread parts and the first comment say where they are.
 */
export function checkPostCompliance(post: PostForCompliance, brandVoice: BrandVoice): Finding[] {
  const overrides = Object.entries(post.overrides ?? {}).filter(([, t]) => typeof t === "string") as [Platform, string][];
  const overridden = new Set(overrides.map(([p]) => p));
  const findings: Finding[] = [];
  if (post.text !== null) {
    const platforms = (post.platforms ?? []).filter((p) => !overridden.has(p));
    findings.push(...checkCompliance({ text: post.text, link: post.link, platforms, brandVoice }));
  }
  for (const [platform, text] of overrides) {
    for (const f of checkCompliance({ text, link: post.link, platforms: [platform], brandVoice })) {
      // The post's link is the same for every text: report its problems once.
      if (f.index === undefined && f.rule === "link_policy" && f.severity === "block" && findings.some((g) => g.message === f.message)) continue;
      findings.push({ ...f, platform, message: `In the ${platformLabel(platform)} text: ${lowerFirst(f.message)}` });
    }
  }
  (post.thread ?? []).forEach((part, i) => {
    for (const f of checkCompliance({ text: part, brandVoice })) {
      findings.push({ ...f, message: `In thread part ${i + 2}: ${lowerFirst(f.message)}` });
    }
  });
  if (post.firstComment) {
    for (const f of checkCompliance({ text: post.firstComment, brandVoice })) {
      findings.push({ ...f, message: `In the first comment: ${lowerFirst(f.message)}` });
    }
  }
  return findings;
}

const platformLabel = (p: Platform) => specFor(p).label;
// Keeps a leading quote or proper noun as it is; only "The …"/"Links …" become lower case.
const lowerFirst = (s: string) => (/^(The|Links) /.test(s) ? s[0].toLowerCase() + s.slice(1) : s);
