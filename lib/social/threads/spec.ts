// Threads: 500 characters; image, video or carousel.
import type { PlatformSpec } from "../spec";

export const threadsSpec: PlatformSpec = {
  platform: "threads",
  label: "Threads",
  maxLength: 500,
  media: { max: 10 },
  threads: true,
  permalink: (handle, id) => `https://www.threads.net/@${handle}/post/${id}`,
};
