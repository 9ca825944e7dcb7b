// Facebook Pages: 63,206 characters, up to 10 photos, never photos and a video together.
// Images: Page photos: JPEG, PNG, GIF (BMP, TIFF); uploads under 4 MB recommended.
import type { PlatformSpec } from "../spec";

export const facebookSpec: PlatformSpec = {
  platform: "facebook",
  label: "Facebook",
  maxLength: 63_206,
  media: { max: 10, noMixing: true, singleVideo: true },
  images: { maxBytes: 4_000_000, formats: ["jpeg", "png", "gif"] },
  /** Page videos (/{page-id}/videos, not Reels). Video rules: docs/adapters.md, "Video rules". */
  videos: {
    containers: ["mp4", "mov"],
    videoCodecs: ["h264", "hevc"],
    audioCodecs: ["aac"],
    maxBytes: 10_000_000_000,
    maxDurationS: 240 * 60,
    frameRate: { min: 24, max: 60 },
  },
  threads: false,
  style: "warm and neighbourly; end with a question that invites comments",
  hashtags: 1,
  permalink: (_handle, id) => `https://www.facebook.com/${id}`,
};
