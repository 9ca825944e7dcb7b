// The agent without a language model: deterministic templates built from the brief, honouring the
// brand voice and each platform's limits. Everything it writes is labelled simulated by the caller.
import { createHash } from "node:crypto";
import type { Platform } from "../generated/prisma/enums";
import { specFor } from "../social/registry";
import { graphemeCount } from "../social/text";
import type { BrandVoice } from "../validation/workspace-settings";

const STOP = new Set(
  "the and for with from that this your our you are was were have has will about into over more than just then when what which their there they them these those also very some such only".split(
    " ",
  ),
);

/** A stable pick from `items` for this seed. */
export function pick<T>(items: readonly T[], seed: string): T {
  const n = createHash("sha256").update(seed).digest().readUInt32BE(0);
  return items[n % items.length];
}

function removeAvoided(text: string, voice: BrandVoice): string {
  let out = text;
  for (const w of voice.avoidWords) {
    const escaped = w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "giu"), "");
  }
  return out.replace(/\s{2,}/g, " ").replace(/\s+([,.!?])/g, "$1").trim();
}

export function hashtagsFrom(brief: string, max: number): string[] {
  const words = brief
    .replace(/https?:\/\/\S+/g, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 3 && !STOP.has(w.toLowerCase()));
  const unique = [...new Map(words.map((w) => [w.toLowerCase(), w])).values()];
  return unique
    .sort((a, b) => b.length - a.length || a.localeCompare(b))
    .slice(0, max)
    .map((w) => `#${w[0].toUpperCase()}${w.slice(1)}`);
}

/** Cuts `text` at a word boundary so that it has at most `max` graphemes (with an ellipsis). */
export function fitGraphemes(text: string, max: number): string {
  if (graphemeCount(text) <= max) return text;
  const words = text.split(" ");
  while (words.length > 1 && graphemeCount(`${words.join(" ")}…`) > max) words.pop();
  const out = `${words.join(" ")}…`;
  return graphemeCount(out) <= max ? out : [...new Intl.Segmenter().segment(text)].slice(0, max - 1).map((s) => s.segment).join("") + "…";
}

const OPENERS = ["Good news:", "Here's something for you:", "Quick update:", "Did you know?", "Worth a look:"];
export interface SimPostInput {
  brief: string;
  platform: Platform;
  voice: BrandVoice;
  /** Must fit this length as the platform counts it. */
  fits: (text: string) => boolean;
  link?: string;
  angle?: string;
  seed?: string;
}

/** One post for one platform, from the brief. */
export function simulatePost(i: SimPostInput): string {
  const seed = `${i.seed ?? ""}|${i.platform}|${i.brief}|${i.angle ?? ""}`;
  const brief = removeAvoided(i.brief.replace(/https?:\/\/\S+/g, "").trim(), i.voice);
  const opener = i.angle ? `${i.angle}:` : pick(OPENERS, seed);
  const emoji = i.voice.emoji === "none" || i.platform === "reddit" ? "" : i.voice.emoji === "many" ? " ✨🎉" : " ✨";
  const tags = hashtagsFrom(brief, Math.min(i.voice.maxHashtags, specFor(i.platform).hashtags)).join(" ");
  const link = i.link ? ` ${i.link}` : "";
  const tail = `${link}${tags ? ` ${tags}` : ""}`;
  const sentence = /[.!?]$/.test(brief) ? brief : `${brief}.`;
  let body = `${opener} ${sentence}${emoji}`;
  // Shorten the body, never the link or the tags, until the whole text fits.
  for (let max = graphemeCount(body); max > 10 && !i.fits(`${body}${tail}`); max = Math.floor(max * 0.9)) {
    body = fitGraphemes(body, max);
  }
  return `${body}${tail}`.trim();
}

export function simulateTitles(content: string, count: number, community?: string): string[] {
  const first = (content.replace(/https?:\/\/\S+/g, "").split(/(?<=[.!?])\s/)[0] ?? content).replace(/#\S+/g, "").trim();
  const core = fitGraphemes(first.replace(/[.!?]+$/, ""), 200);
  const where = community ? ` (r/${community.replace(/^r\//, "")})` : "";
  const forms = [core, `${core}: what do you think?`, `We tried this: ${core}`, `PSA: ${core}`, `${core}${where}`, `Question about ${core.toLowerCase()}`];
  return [...new Set(forms)].slice(0, count).map((t) => fitGraphemes(t, 300));
}

export function simulateReply(comment: string, voice: BrandVoice, author?: string): string {
  const who = author ? `@${author.replace(/^@/, "")} ` : "";
  const emoji = voice.emoji === "none" ? "" : " 🙂";
  const asksQuestion = comment.includes("?");
  const body = asksQuestion
    ? "Thanks for asking! We'll send you the details in a direct message so nothing gets lost."
    : "Thank you so much for taking the time to write this, it means a lot to the whole team.";
  return removeAvoided(`${who}${body}${emoji}`, voice);
}

export const ANGLES = ["Tip", "Behind the scenes", "Question for you", "Reminder", "Customer favourite", "Fun fact", "This week"];

/** Rough token count for simulated calls (about four characters a token). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
