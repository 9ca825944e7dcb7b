// YouTube: exactly one video; description up to 5,000 characters.
import type { PlatformSpec } from "../spec";

export const youtubeSpec: PlatformSpec = {
  platform: "youtube",
  label: "YouTube",
  maxLength: 5000,
  media: { max: 1, required: "video" },
  threads: false,
  permalink: (_handle, id) => `https://www.youtube.com/watch?v=${id}`,
};
