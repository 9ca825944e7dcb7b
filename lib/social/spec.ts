// What each platform allows, in one place per adapter, and the validation that follows from it.
import type { MediaRef, Platform, PublishContent, ValidationProblem } from "./types";

export interface PlatformSpec {
  platform: Platform;
  label: string;
  /** Maximum text length as the platform counts it (see `count`). */
  maxLength: number;
  /** Length as the platform counts it; graphemes unless the platform says otherwise. */
  count?: (text: string) => number;
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
  threads: boolean;
  /** The platform's per-account posting limit; Herald keeps below it (see scheduler/pace.ts). */
  postingLimit?: { max: number; windowS: number };
  permalink: (handle: string, postId: string) => string;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

export function graphemeCount(text: string): number {
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

function checkText(spec: PlatformSpec, text: string, field: ValidationProblem["field"]): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const length = (spec.count ?? graphemeCount)(text);
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
  return problems;
}
