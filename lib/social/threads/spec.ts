// Threads: 500 characters; image, video or carousel.
import type { PlatformSpec } from "../spec";

export const threadsSpec: PlatformSpec = {
  platform: "threads",
  label: "Threads",
  maxLength: 500,
  media: { max: 10 },
  threads: true,
  // 250 posts per 24 h.
  postingLimit: { max: 250, windowS: 24 * 3600 },
  permalink: (handle, id) => `https://www.threads.net/@${handle}/post/${id}`,
};
