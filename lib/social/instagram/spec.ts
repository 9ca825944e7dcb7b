// Instagram business accounts: caption 2,200; at least one image or video; carousels up to 10.
import type { PlatformSpec } from "../spec";

export const instagramSpec: PlatformSpec = {
  platform: "instagram",
  label: "Instagram",
  maxLength: 2200,
  media: { max: 10, required: "image_or_video" },
  threads: false,
  // content_publishing_limit: ~50 API posts per 24 h.
  postingLimit: { max: 50, windowS: 24 * 3600 },
  permalink: (_handle, id) => `https://www.instagram.com/p/${id}/`,
};
