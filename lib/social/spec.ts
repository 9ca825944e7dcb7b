// What each platform allows, in one place per platform (lib/social/<platform>/spec.ts), and the
// validation that follows from it. Specs are data: the browser gets them as JSON.
import type { ImageLimits } from "../media/load";
import { countText, type TextCounter } from "./count";
import type { MediaRef, Platform, PublishContent, ValidationProblem } from "./types";

export { graphemeCount } from "./text";

export interface PlatformImageRules extends ImageLimits {
  /** Animated GIFs under this size go as they are (X takes larger GIFs than photos). */
  gifMaxBytes?: number;
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
  /** The link goes into the post's text (at its end) rather than into a link card. */
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
  return problems;
}

export function validateContent(spec: PlatformSpec, content: PublishContent): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (content.text.trim() === "" && (content.media?.length ?? 0) === 0) {
    problems.push({ platform: spec.platform, field: "text", message: "The post is empty." });
  }
  problems.push(...checkText(spec, content.text, "text"));
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
