// Reddit: body up to 40,000 characters (the title, up to 300, comes from the post's title field);
// one link or one media item per post.
import type { PlatformSpec } from "../spec";

export const redditSpec: PlatformSpec = {
  platform: "reddit",
  label: "Reddit",
  maxLength: 40_000,
  media: { max: 1 },
  threads: false,
  // ~1 request per second per client.
  postingLimit: { max: 60, windowS: 60 },
  permalink: (_handle, id) => `https://www.reddit.com/comments/${id}/`,
};
