// Bluesky: 300 graphemes and 3,000 UTF-8 bytes; up to 4 images of at most 1 MB, or one video.
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
  threads: true,
  // 5,000 points per hour, a create costs 3.
  postingLimit: { max: 1666, windowS: 3600 },
  permalink: (handle, id) => `https://bsky.app/profile/${handle}/post/${id}`,
};
