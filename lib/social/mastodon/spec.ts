// Mastodon: 500 characters by default (each server may set its own), 4 attachments.
// Images: GET /api/v2/instance → configuration.media_attachments on mastodon.social:
//   image_size_limit 16,777,216, image_matrix_limit 33,177,600 (servers may differ; the adapter
//   reads the live values).
import type { PlatformSpec } from "../spec";

export const mastodonSpec: PlatformSpec = {
  platform: "mastodon",
  label: "Mastodon",
  maxLength: 500,
  counter: "mastodon",
  linkInText: true,
  media: { max: 4, singleVideo: true },
  images: { maxBytes: 16_777_216, maxPixels: 33_177_600, formats: ["jpeg", "png", "webp", "gif"] },
  threads: true,
  style: "friendly and plain; hashtags in CamelCase at the end help discovery; no marketing speak",
  hashtags: 3,
  // 300 requests per 5 minutes per account.
  postingLimit: { max: 300, windowS: 5 * 60 },
  permalink: (handle, id) => {
    // handle is user@server
    const [user, server = "mastodon.social"] = handle.replace(/^@/, "").split("@");
    return `https://${server}/@${user}/${id}`;
  },
};
