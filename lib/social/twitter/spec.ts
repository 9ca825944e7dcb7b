// X (Twitter): 280 weighted characters counted by the official twitter-text library.
import twitterText from "twitter-text";
import type { PlatformSpec } from "../spec";

export const twitterSpec: PlatformSpec = {
  platform: "twitter",
  label: "X",
  maxLength: 280,
  count: (text) => twitterText.parseTweet(text).weightedLength,
  media: { max: 4, singleVideo: true, maxImageBytes: 5 * 1024 * 1024 },
  threads: true,
  // POST /2/tweets: ~100 per 15 min per user.
  postingLimit: { max: 100, windowS: 15 * 60 },
  permalink: (handle, id) => `https://x.com/${handle}/status/${id}`,
};
