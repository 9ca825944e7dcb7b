// TikTok: one video, or a photo post of 1–35 images, never both; caption 2,200 (a video's text is
// its title; a photo post's text is its description, with an optional title from config.tiktok).
// Every post needs config.tiktok.privacy (./fields): TikTok lets the person choose, no default.
// Images: photo posts: JPEG or WebP (no PNG), ≤ 20 MB, up to 1080×1920 / 1920×1080.
import type { PlatformSpec } from "../spec";
import { checkTikTokFields } from "./fields";

export const tiktokSpec: PlatformSpec = {
  platform: "tiktok",
  label: "TikTok",
  maxLength: 2200,
  /** The adapter appends the link to the caption (composeText): it counts against the 2,200. */
  linkInText: true,
  audience: "leisure",
  media: { max: 35, required: "image_or_video", singleVideo: true, noMixing: true },
  images: { maxBytes: 20_000_000, maxDimension: 1920, formats: ["jpeg", "webp"] },
  /**
   * The API's own bounds; each creator may post less (creator_info's max_video_post_duration_sec,
   * checked when publishing). Video rules: docs/adapters.md, "Video rules".
   */
  videos: {
    containers: ["mp4", "webm", "mov"],
    videoCodecs: ["h264", "hevc", "vp8", "vp9"],
    // TikTok names no audio codecs; these are what its three containers carry.
    audioCodecs: ["aac", "mp3", "opus", "vorbis"],
    maxBytes: 4_000_000_000,
    maxDurationS: 10 * 60,
    maxSize: { long: 4096, short: 4096 },
    minSide: 360,
    frameRate: { min: 23, max: 60 },
  },
  threads: false,
  fields: { needs: "a video or photos and who may see it (config.tiktok.privacy)", check: checkTikTokFields },
  style: "a caption for a short video: hook first, a few hashtags",
  hashtags: 3,
  permalink: (handle, id) => `https://www.tiktok.com/@${handle.replace(/^@/, "")}/video/${id}`,
};
