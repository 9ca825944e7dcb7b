// LinkedIn Posts API: 3,000 characters; images, one video or a document.
import type { PlatformSpec } from "../spec";

export const linkedinSpec: PlatformSpec = {
  platform: "linkedin",
  label: "LinkedIn",
  maxLength: 3000,
  media: { max: 9, singleVideo: true },
  threads: false,
  permalink: (_handle, id) => `https://www.linkedin.com/feed/update/${id}/`,
};
