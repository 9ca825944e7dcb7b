// Reddit: body up to 40,000 characters (the title, up to 300, comes from the post's title field);
// one link or one media item per post.
// Images: JPG, PNG, GIF; ≤ 10 MB (Reddit's own figure varies by surface; 10 MB is safe).
import type { PlatformSpec } from "../spec";

export const redditSpec: PlatformSpec = {
  platform: "reddit",
  label: "Reddit",
  maxLength: 40_000,
  media: { max: 1 },
  images: { maxBytes: 10_000_000, formats: ["jpeg", "png", "gif"] },
  threads: false,
  style: "plain, useful and never promotional; no hashtags, no emoji",
  hashtags: 0,
  // ~1 request per second per client.
  postingLimit: { max: 60, windowS: 60 },
  permalink: (_handle, id) => `https://www.reddit.com/comments/${id}/`,
};
