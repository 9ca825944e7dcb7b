// What each platform allows, in one place per platform (lib/social/<platform>/spec.ts), and the
// validation that follows from it. Specs are data: the browser gets them as JSON.
import { fasterThan, slowerThan } from "../media/frame-rate";
import type { ImageLimits } from "../media/load";
import { countText, type TextCounter } from "./count";
import { composeText } from "./text";
import type { MediaRef, Platform, PublishContent, ValidationProblem } from "./types";

export { graphemeCount } from "./text";

export interface PlatformImageRules extends ImageLimits {
  /** Animated GIFs under this size go as they are (X takes larger GIFs than photos). */
  gifMaxBytes?: number;
}

/**
 * What a network takes in a video. Herald's uploads are stored as H.264 + AAC in MP4
 * (lib/media/video.ts), which every network takes; the rest is checked at schedule time for
 * whatever of it is known about a video (an upload knows it all; a bare URL perhaps nothing).
 * The figures and their sources: docs/adapters.md, "Video rules".
 */
export interface PlatformVideoRules {
  /** Containers it takes (what Herald stores, MP4, is always among them). */
  containers: ("mp4" | "mov" | "webm" | "3gp")[];
  /** Video codecs it takes, by ffmpeg's names (h264, hevc, vp9 …). */
  videoCodecs: string[];
  /** Audio codecs it takes; a video without sound is always fine. */
  audioCodecs: string[];
  maxBytes: number;
  minBytes?: number;
  minDurationS?: number;
  maxDurationS?: number;
  /** Width ÷ height as shown. */
  aspectRatio?: { min: number; max: number };
  /** The largest picture either way round: its long and its short side (X: 1920 × 1200). */
  maxSize?: { long: number; short: number };
  /** The widest picture (Instagram and Threads: 1,920 columns). */
  maxWidth?: number;
  /** The shortest side it takes (TikTok: 360 px). */
  minSide?: number;
  /** Frames a second it takes (TikTok: 23–60); NTSC's 23.976 meets a 24 (lib/media/frame-rate.ts). */
  frameRate?: { min?: number; max: number };
}

export interface PlatformSpec {
  platform: Platform;
  label: string;
  /** Maximum text length as the platform counts it (see `counter`). */
  maxLength: number;
  /** How the platform counts characters (lib/social/count.ts); graphemes when absent. */
  counter?: TextCounter;
  /** A live counting rule that overrides `counter` (a Mastodon server's own URL length). */
  count?: (text: string) => number;
  /**
   * The adapter puts the link into the post's text (at its end, composeText) rather than into a
   * link card, so the link counts against `maxLength`: validateContent, the composer's counter
   * (lib/social/count.ts) and the preview (lib/social/preview.ts) all read this one flag.
   */
  linkInText?: boolean;
  /** Extra text rules (Bluesky's byte limit, for example). */
  extraTextRules?: (text: string) => string | null;
  media: {
    max: number;
    /** At least one media item is required (Instagram, TikTok, YouTube). */
    required?: "image_or_video" | "video";
    /** Photos and videos may not be mixed in one post. */
    noMixing?: boolean;
    /** Only one video, and then nothing else. */
    singleVideo?: boolean;
    maxImageBytes?: number;
  };
  /** Image rules (lib/media/platform.ts fits images to them); null where the platform takes no images. */
  images: PlatformImageRules | null;
  /** Video rules, checked at schedule time; absent where the network takes no video or Herald knows no figures. */
  videos?: PlatformVideoRules;
  threads: boolean;
  /**
   * What a post there needs besides text and media (Reddit: a subreddit and a title, given as
   * config.reddit), in words, and its check; simulated accounts are held to it too.
   */
  fields?: { needs: string; check: (content: PublishContent) => ValidationProblem[] };
  /** How posts read there, for the AI's prompt (lib/ai/prompts.ts). */
  style: string;
  /** How many hashtags a post there usually carries (the simulated AI writer follows it). */
  hashtags: number;
  /** Who scrolls when: "work" (business hours), "leisure" (evenings, weekends), else everyone (lib/ai/best-time.ts). */
  audience?: "work" | "leisure";
  /** The platform's per-account posting limit; Herald keeps below it (see scheduler/pace.ts). */
  postingLimit?: { max: number; windowS: number };
  /** A limit on replies counted apart from posts (Threads: 1,000 per 24 h); replies are paced by postingLimit where absent. */
  replyLimit?: { max: number; windowS: number };
  permalink: (handle: string, postId: string) => string;
}

function checkText(spec: PlatformSpec, text: string, field: ValidationProblem["field"]): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const length = spec.count ? spec.count(text) : countText(spec.counter, text);
  if (length > spec.maxLength) {
    problems.push({
      platform: spec.platform,
      field,
      message: `${spec.label} allows ${spec.maxLength} characters; this text has ${length}.`,
    });
  }
  const extra = spec.extraTextRules?.(text);
  if (extra) problems.push({ platform: spec.platform, field, message: extra });
  return problems;
}

/** Where the link goes into the text: a text that fits alone but not with its link is refused, naming the link. */
function checkLinkInText(spec: PlatformSpec, content: PublishContent): ValidationProblem[] {
  if (!spec.linkInText) return [];
  const composed = composeText(content);
  if (composed === content.text) return [];
  const count = (t: string) => (spec.count ? spec.count(t) : countText(spec.counter, t));
  const length = count(composed);
  if (length <= spec.maxLength || count(content.text) > spec.maxLength) return [];
  return [{ platform: spec.platform, field: "link", message: `${spec.label} allows ${spec.maxLength} characters; the text with its link has ${length}.` }];
}

function checkMedia(spec: PlatformSpec, media: MediaRef[]): ValidationProblem[] {
  const p = (message: string): ValidationProblem => ({ platform: spec.platform, field: "media", message });
  const problems: ValidationProblem[] = [];
  const videos = media.filter((m) => m.type === "video");
  const images = media.filter((m) => m.type !== "video");
  if (media.length > spec.media.max) {
    problems.push(p(`${spec.label} allows at most ${spec.media.max} media items; this post has ${media.length}.`));
  }
  if (spec.media.max === 0 && media.length > 0) return [p(`${spec.label} posts cannot carry media.`)];
  if (spec.media.required === "video" && videos.length === 0) {
    problems.push(p(`${spec.label} needs a video.`));
  } else if (spec.media.required === "image_or_video" && media.length === 0) {
    problems.push(p(`${spec.label} needs at least one image or video.`));
  }
  if (spec.media.noMixing && videos.length > 0 && images.length > 0) {
    problems.push(p(`${spec.label} cannot mix photos and videos in one post.`));
  }
  if (spec.media.singleVideo && videos.length > 0 && media.length > 1) {
    problems.push(p(`${spec.label} allows one video on its own, without other media.`));
  }
  if (spec.media.maxImageBytes) {
    for (const [i, m] of media.entries()) {
      if (m.type === "image" && m.sizeBytes && m.sizeBytes > spec.media.maxImageBytes) {
        problems.push(p(`Image ${i + 1} is ${m.sizeBytes} bytes; ${spec.label} allows ${spec.media.maxImageBytes}.`));
      }
    }
  }
  if (spec.videos) {
    videos.forEach((v, i) => problems.push(...checkVideo(spec.label, spec.videos!, v, videos.length > 1 ? `Video ${i + 1}` : "The video").map(p)));
  }
  return problems;
}

/** "600.0 MB" in the limit's own units: binary when the limit is a whole number of MiB, else decimal. */
function megabytes(n: number, limit: number): string {
  const binary = limit % (1024 * 1024) === 0;
  const mb = binary ? 1024 * 1024 : 1e6;
  return n >= 1000 * mb ? `${trim(n / (binary ? 1024 ** 3 : 1e9))} GB` : `${trim(n / mb)} MB`;
}

const trim = (n: number, digits = 1) => String(Number(n.toFixed(digits)));

/** "0.5 s", "140 s", "3 min", "2 min 20 s", "12 h". */
export function formatDuration(s: number): string {
  if (s < 60) return `${trim(s)} s`;
  const whole = Math.round(s);
  if (whole < 3600) return whole % 60 ? `${Math.floor(whole / 60)} min ${whole % 60} s` : `${whole / 60} min`;
  const min = Math.round(whole / 60);
  return min % 60 ? `${Math.floor(min / 60)} h ${min % 60} min` : `${min / 60} h`;
}

/** 3 → "3:1", 0.5625 → "9:16" for common shapes, else "1:2.4". */
function ratioText(r: number): string {
  const common: [number, string][] = [[16 / 9, "16:9"], [9 / 16, "9:16"], [4 / 3, "4:3"], [3 / 4, "3:4"], [4 / 5, "4:5"], [1.91, "1.91:1"]];
  const known = common.find(([v]) => Math.abs(v - r) < 0.005);
  if (known) return known[1];
  return r >= 1 ? `${trim(r, 2)}:1` : `1:${trim(1 / r, 2)}`;
}

const CODEC_NAMES: Record<string, string> = { h264: "H.264", hevc: "HEVC (H.265)", vp8: "VP8", vp9: "VP9", av1: "AV1", aac: "AAC", opus: "Opus", mp3: "MP3" };
const codecName = (c: string) => CODEC_NAMES[c] ?? c;
const list = (items: string[]) => (items.length < 3 ? items.join(" or ") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`);

/** One video against a network's rules: only what is known about it is checked. */
export function checkVideo(label: string, rules: PlatformVideoRules, v: MediaRef, name = "The video"): string[] {
  const out: string[] = [];
  if (v.videoCodec && !rules.videoCodecs.includes(v.videoCodec)) {
    out.push(`${label} takes ${list(rules.videoCodecs.map(codecName))} video; ${name.toLowerCase()} is ${codecName(v.videoCodec)}.`);
  }
  if (v.audioCodec && !rules.audioCodecs.includes(v.audioCodec)) {
    out.push(`${label} takes ${list(rules.audioCodecs.map(codecName))} sound; ${name.toLowerCase()} has ${codecName(v.audioCodec)}.`);
  }
  if (v.sizeBytes !== undefined && v.sizeBytes > rules.maxBytes) {
    out.push(`${name} is ${megabytes(v.sizeBytes, rules.maxBytes)}; ${label} takes videos up to ${megabytes(rules.maxBytes, rules.maxBytes)}.`);
  } else if (v.sizeBytes !== undefined && rules.minBytes && v.sizeBytes < rules.minBytes) {
    out.push(`${name} is ${v.sizeBytes} bytes; ${label} takes videos of at least ${Math.round(rules.minBytes / 1024)} KB.`);
  }
  const { minDurationS: min, maxDurationS: max } = rules;
  if (v.durationMs !== undefined && ((max && v.durationMs / 1000 > max) || (min && v.durationMs / 1000 < min))) {
    const range = min && max ? `of ${formatDuration(min)} to ${formatDuration(max)}` : min ? `of at least ${formatDuration(min)}` : `of up to ${formatDuration(max!)}`;
    out.push(`${name} runs ${formatDuration(v.durationMs / 1000)}; ${label} takes videos ${range}.`);
  }
  if (v.width && v.height) {
    const { width: w, height: h } = v;
    const r = w / h;
    const a = rules.aspectRatio;
    // A hair of slack: 1080×1920 is 9:16 even when rounding made it 1080×1921.
    if (a && (r < a.min * 0.995 || r > a.max * 1.005)) {
      out.push(`${name} is ${ratioText(r)} (${w}×${h}); ${label} takes shapes from ${ratioText(a.min)} to ${ratioText(a.max)}.`);
    }
    const m = rules.maxSize;
    if (m && (Math.max(w, h) > m.long || Math.min(w, h) > m.short)) {
      out.push(`${name} is ${w}×${h}; ${label} takes videos up to ${m.long}×${m.short} (or ${m.short}×${m.long}).`);
    }
    if (rules.maxWidth && w > rules.maxWidth) out.push(`${name} is ${w} px wide; ${label} takes videos up to ${rules.maxWidth} px wide.`);
    if (rules.minSide && Math.min(w, h) < rules.minSide) {
      out.push(`${name} is ${w}×${h}; ${label} needs at least ${rules.minSide} px on each side.`);
    }
  }
  const fps = rules.frameRate;
  if (fps && v.frameRate && (fasterThan(v.frameRate, fps.max) || (fps.min && slowerThan(v.frameRate, fps.min)))) {
    const range = fps.min ? `of ${fps.min} to ${fps.max} fps` : `of up to ${fps.max} fps`;
    out.push(`${name} is ${trim(v.frameRate, 2)} fps; ${label} takes videos ${range}.`);
  }
  return out;
}

export function validateContent(spec: PlatformSpec, content: PublishContent): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (content.text.trim() === "" && (content.media?.length ?? 0) === 0) {
    problems.push({ platform: spec.platform, field: "text", message: "The post is empty." });
  }
  problems.push(...checkText(spec, content.text, "text"));
  problems.push(...checkLinkInText(spec, content));
  problems.push(...checkMedia(spec, content.media ?? []));
  if (content.thread?.length) {
    if (!spec.threads) {
      problems.push({ platform: spec.platform, field: "thread", message: `${spec.label} does not support threads.` });
    } else {
      content.thread.forEach((part) => problems.push(...checkText(spec, part, "thread")));
    }
  }
  if (spec.fields) problems.push(...spec.fields.check(content));
  return problems;
}
