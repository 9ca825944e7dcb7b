// Instagram business accounts: caption 2,200; at least one image or video; carousels up to 10.
import type { PlatformSpec } from "../spec";

export const instagramSpec: PlatformSpec = {
  platform: "instagram",
  label: "Instagram",
  maxLength: 2200,
  media: { max: 10, required: "image_or_video" },
  threads: false,
  permalink: (_handle, id) => `https://www.instagram.com/p/${id}/`,
};
