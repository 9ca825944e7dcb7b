// Facebook Pages: 63,206 characters, up to 10 photos, never photos and a video together.
import type { PlatformSpec } from "../spec";

export const facebookSpec: PlatformSpec = {
  platform: "facebook",
  label: "Facebook",
  maxLength: 63_206,
  media: { max: 10, noMixing: true, singleVideo: true },
  threads: false,
  permalink: (_handle, id) => `https://www.facebook.com/${id}`,
};
