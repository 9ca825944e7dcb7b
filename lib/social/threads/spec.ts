// Threads: 500 characters; image, video or carousel.
// Images: JPEG or PNG, ≤ 8 MB, aspect ratio up to 10:1 either way.
import type { PlatformSpec } from "../spec";

export const threadsSpec: PlatformSpec = {
  platform: "threads",
  label: "Threads",
  maxLength: 500,
  /** The adapter appends the link to the text (composeText): it counts against the 500. */
  linkInText: true,
  audience: "leisure",
  media: { max: 10 },
  images: { maxBytes: 8_000_000, formats: ["jpeg", "png"], aspectRatio: { min: 1 / 10, max: 10 }, padColor: "#ffffff" },
  /** Video rules: docs/adapters.md, "Video rules". */
  videos: {
    containers: ["mp4", "mov"],
    videoCodecs: ["h264", "hevc"],
    audioCodecs: ["aac"],
    maxBytes: 1_000_000_000,
    maxDurationS: 5 * 60,
    aspectRatio: { min: 0.01, max: 10 },
    maxWidth: 1920,
    frameRate: { min: 23, max: 60 },
  },
  threads: true,
  style: "casual and chatty, like talking to a friend",
  hashtags: 1,
  // 250 posts per 24 h.
  postingLimit: { max: 250, windowS: 24 * 3600 },
  // Replies (thread parts, first comments, answers) are counted apart: 1,000 per 24 h.
  replyLimit: { max: 1000, windowS: 24 * 3600 },
  permalink: (handle, id) => `https://www.threads.net/@${handle}/post/${id}`,
};
