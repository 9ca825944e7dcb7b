// Mastodon: 500 characters by default (each server may set its own), 4 attachments.
import type { PlatformSpec } from "../spec";

export const mastodonSpec: PlatformSpec = {
  platform: "mastodon",
  label: "Mastodon",
  maxLength: 500,
  media: { max: 4, singleVideo: true },
  threads: true,
  // 300 requests per 5 minutes per account.
  postingLimit: { max: 300, windowS: 5 * 60 },
  permalink: (handle, id) => {
    // handle is user@server
    const [user, server = "mastodon.social"] = handle.replace(/^@/, "").split("@");
    return `https://${server}/@${user}/${id}`;
  },
};
