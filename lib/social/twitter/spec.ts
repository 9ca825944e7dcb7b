// X (Twitter): 280 weighted characters counted by the official twitter-text library.
// Images: docs.x.com/x-api/media — image 5 MB, GIF 15 MB; JPG, PNG, WebP, GIF.
import type { PlatformSpec } from "../spec";

export const twitterSpec: PlatformSpec = {
  platform: "twitter",
  label: "X",
  maxLength: 280,
  counter: "x",
  linkInText: true,
  media: { max: 4, singleVideo: true, maxImageBytes: 5 * 1024 * 1024 },
  images: { maxBytes: 5_000_000, gifMaxBytes: 15_000_000, formats: ["jpeg", "png", "webp", "gif"] },
  /** Video rules: docs/adapters.md, "Video rules". */
  videos: {
    containers: ["mp4", "mov"],
    videoCodecs: ["h264"],
    audioCodecs: ["aac"],
    // X takes 8 GB; Herald downloads at most 512 MiB (lib/media/load.ts, MAX_MEDIA_BYTES).
    maxBytes: 512 * 1024 * 1024,
    minDurationS: 0.5,
    maxDurationS: 20 * 60,
    aspectRatio: { min: 1 / 3, max: 3 },
    maxSize: { long: 1920, short: 1200 },
    minSide: 32,
    // "Frame rate: 60 FPS or less"; X names no minimum.
    frameRate: { max: 60 },
  },
  threads: true,
  style: "short and punchy; one idea; at most two hashtags, woven in or at the end",
  hashtags: 2,
  // POST /2/tweets: ~100 per 15 min per user.
  postingLimit: { max: 100, windowS: 15 * 60 },
  permalink: (handle, id) => `https://x.com/${handle}/status/${id}`,
};
