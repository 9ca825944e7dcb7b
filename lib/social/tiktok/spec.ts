// TikTok: caption 2,200; a video (or photos) is required.
import type { PlatformSpec } from "../spec";

export const tiktokSpec: PlatformSpec = {
  platform: "tiktok",
  label: "TikTok",
  maxLength: 2200,
  media: { max: 35, required: "image_or_video", singleVideo: true, noMixing: true },
  threads: false,
  permalink: (handle, id) => `https://www.tiktok.com/@${handle}/video/${id}`,
};
