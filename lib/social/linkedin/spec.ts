// LinkedIn Posts API: 3,000 characters; images, one video or a document.
// Images: Images API: JPG, PNG, GIF; ≤ 5 MB; fewer than 36,152,320 pixels.
import type { PlatformSpec } from "../spec";
import { LINKEDIN_VIDEO_MAX_BYTES, LINKEDIN_VIDEO_MAX_DURATION_S, LINKEDIN_VIDEO_MIN_BYTES, LINKEDIN_VIDEO_MIN_DURATION_S } from "./video";

export const linkedinSpec: PlatformSpec = {
  platform: "linkedin",
  label: "LinkedIn",
  maxLength: 3000,
  linkInText: true,
  audience: "work",
  media: { max: 9, singleVideo: true },
  images: { maxBytes: 5_000_000, maxPixels: 36_152_319, formats: ["jpeg", "png", "gif"] },
  /** The Videos API's bounds (./video.ts, in LinkedIn's binary units). Video rules: docs/adapters.md, "Video rules". */
  videos: {
    containers: ["mp4"],
    videoCodecs: ["h264"],
    audioCodecs: ["aac"],
    minBytes: LINKEDIN_VIDEO_MIN_BYTES,
    maxBytes: LINKEDIN_VIDEO_MAX_BYTES,
    minDurationS: LINKEDIN_VIDEO_MIN_DURATION_S,
    maxDurationS: LINKEDIN_VIDEO_MAX_DURATION_S,
    aspectRatio: { min: 1 / 2.4, max: 2.4 },
  },
  threads: false,
  style: "professional but human; short paragraphs; a clear takeaway; up to three hashtags at the end",
  hashtags: 3,
  permalink: (_handle, id) => `https://www.linkedin.com/feed/update/${id}/`,
};
