// Bluesky: 300 graphemes and 3,000 UTF-8 bytes; up to 4 images of at most 1 MB, or one video.
// Images: app.bsky.embed.images lexicon — blob maxSize 1,000,000 bytes; the official app sends at
//   most 2,000 px on the longest side.
import type { PlatformSpec } from "../spec";

const MAX_BYTES = 3000;

export const blueskySpec: PlatformSpec = {
  platform: "bluesky",
  label: "Bluesky",
  maxLength: 300,
  extraTextRules: (text) => {
    const bytes = Buffer.byteLength(text, "utf8");
    return bytes > MAX_BYTES ? `Bluesky allows ${MAX_BYTES} bytes of text; this text has ${bytes}.` : null;
  },
  media: { max: 4, singleVideo: true, maxImageBytes: 1_000_000 },
  images: { maxBytes: 1_000_000, maxDimension: 2000, formats: ["jpeg", "png", "webp"] },
  /** The adapter sends video/mp4 only (./adapter.ts). Video rules: docs/adapters.md, "Video rules". */
  videos: {
    containers: ["mp4"],
    videoCodecs: ["h264"],
    audioCodecs: ["aac"],
    maxBytes: 100_000_000,
    maxDurationS: 3 * 60,
  },
  threads: true,
  style: "conversational and genuine; hashtags sparingly",
  hashtags: 1,
  // 5,000 points per hour, a create costs 3.
  postingLimit: { max: 1666, windowS: 3600 },
  permalink: (handle, id) => `https://bsky.app/profile/${handle}/post/${id}`,
};
