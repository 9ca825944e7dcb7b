// Instagram business accounts: caption 2,200; at least one image or video; carousels up to 10.
// Images: Content Publishing image specs: JPEG only, ≤ 8 MB, aspect 4:5 to 1.91:1 (width
//   320–1440 px is scaled by Instagram itself). Herald pads with white bars rather than cropping,
//   so nothing the user chose to show (text on a flyer, a face at the edge) is cut off.
import type { PlatformSpec } from "../spec";

export const instagramSpec: PlatformSpec = {
  platform: "instagram",
  label: "Instagram",
  maxLength: 2200,
  /** The adapter appends the link to the caption (composeText): it counts against the 2,200. */
  linkInText: true,
  audience: "leisure",
  media: { max: 10, required: "image_or_video" },
  images: { maxBytes: 8_000_000, formats: ["jpeg"], aspectRatio: { min: 4 / 5, max: 1.91 }, padColor: "#ffffff" },
  /** Reels (a video on its own is published as one). Video rules: docs/adapters.md, "Video rules". */
  videos: {
    containers: ["mp4", "mov"],
    videoCodecs: ["h264", "hevc"],
    audioCodecs: ["aac"],
    maxBytes: 300_000_000,
    minDurationS: 3,
    maxDurationS: 15 * 60,
    aspectRatio: { min: 0.01, max: 10 },
    maxWidth: 1920,
    frameRate: { min: 23, max: 60 },
  },
  threads: false,
  style: "a caption that complements a picture; short lines; hashtags at the end; links are not clickable, so say 'link in bio'",
  hashtags: 5,
  // content_publishing_limit: ~50 API posts per 24 h.
  postingLimit: { max: 50, windowS: 24 * 3600 },
  permalink: (_handle, id) => `https://www.instagram.com/p/${id}/`,
};
