// Reddit: a post goes to one subreddit with a title (up to 300 characters) from config.reddit
// (./fields.ts) and is one of: a text post (body up to 40,000 characters), a link post or an image
// post. Link and image posts have no body, so the text is not sent with them (the title carries
// the words); one link or one image per post, never both. Subreddits add rules of their own
// (flair required, link posts banned): the adapter's subredditRules reads them.
// Images: JPG, PNG, GIF; ≤ 10 MB (Reddit's own figure varies by surface; 10 MB is safe).
import type { PlatformSpec } from "../spec";
import { checkRedditFields } from "./fields";

export const redditSpec: PlatformSpec = {
  platform: "reddit",
  label: "Reddit",
  maxLength: 40_000,
  media: { max: 1 },
  images: { maxBytes: 10_000_000, formats: ["jpeg", "png", "gif"] },
  threads: false,
  fields: { needs: "a subreddit and a title", check: checkRedditFields },
  style: "plain, useful and never promotional; no hashtags, no emoji",
  hashtags: 0,
  // ~1 request per second per client.
  postingLimit: { max: 60, windowS: 60 },
  permalink: (_handle, id) => `https://www.reddit.com/comments/${id}/`,
};
