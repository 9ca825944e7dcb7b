// YouTube: exactly one video; description up to 5,000 characters.
// Images: none; videos only.
import type { PlatformSpec } from "../spec";

export const youtubeSpec: PlatformSpec = {
  platform: "youtube",
  label: "YouTube",
  maxLength: 5000,
  audience: "leisure",
  media: { max: 1, required: "video" },
  images: null,
  threads: false,
  style: "a video description: what the viewer gets, then context",
  hashtags: 2,
  permalink: (_handle, id) => `https://www.youtube.com/watch?v=${id}`,
};
