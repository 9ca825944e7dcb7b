// TikTok: caption 2,200; a video (or photos) is required.
// Images: photo posts: JPEG or WebP (no PNG), ≤ 20 MB, up to 1080×1920 / 1920×1080.
import type { PlatformSpec } from "../spec";

export const tiktokSpec: PlatformSpec = {
  platform: "tiktok",
  label: "TikTok",
  maxLength: 2200,
  audience: "leisure",
  media: { max: 35, required: "image_or_video", singleVideo: true, noMixing: true },
  images: { maxBytes: 20_000_000, maxDimension: 1920, formats: ["jpeg", "webp"] },
  threads: false,
  style: "a caption for a short video: hook first, a few hashtags",
  hashtags: 3,
  permalink: (handle, id) => `https://www.tiktok.com/@${handle}/video/${id}`,
};
