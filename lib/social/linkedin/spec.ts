// LinkedIn Posts API: 3,000 characters; images, one video or a document.
// Images: Images API: JPG, PNG, GIF; ≤ 5 MB; fewer than 36,152,320 pixels.
import type { PlatformSpec } from "../spec";

export const linkedinSpec: PlatformSpec = {
  platform: "linkedin",
  label: "LinkedIn",
  maxLength: 3000,
  linkInText: true,
  audience: "work",
  media: { max: 9, singleVideo: true },
  images: { maxBytes: 5_000_000, maxPixels: 36_152_319, formats: ["jpeg", "png", "gif"] },
  threads: false,
  style: "professional but human; short paragraphs; a clear takeaway; up to three hashtags at the end",
  hashtags: 3,
  permalink: (_handle, id) => `https://www.linkedin.com/feed/update/${id}/`,
};
