// YouTube: exactly one video with a title (up to 100 characters, from config.youtube: ./fields.ts);
// the post's text is the description (up to 5,000 bytes, neither < nor >). A Short is a vertical
// video of up to 3 minutes; Herald marks it with #Shorts and does not inspect the video itself.
// Images: none; videos only.
// Quota (docs/adapters.md, "YouTube"): an upload (videos.insert) costs 1,600 of the project's
// default 10,000 daily units, so at most 6 uploads a day; the posting limit paces each channel to
// that, and a quotaExceeded answer waits for the reset at midnight Pacific time.
import type { PlatformSpec } from "../spec";
import { checkYoutubeFields, descriptionProblem } from "./fields";

export const youtubeSpec: PlatformSpec = {
  platform: "youtube",
  label: "YouTube",
  maxLength: 5000,
  /** The link is added to the description (youtubeDescription, composeText's rule): it counts against the 5,000. */
  linkInText: true,
  extraTextRules: descriptionProblem,
  audience: "leisure",
  media: { max: 1, required: "video" },
  images: null,
  /** Long uploads; a Short's 3 minutes and shape are checked with config.youtube (./fields.ts). Video rules: docs/adapters.md, "Video rules". */
  videos: {
    containers: ["mp4", "mov", "webm"],
    videoCodecs: ["h264", "hevc", "vp8", "vp9", "av1", "mpeg4", "prores"],
    audioCodecs: ["aac", "mp3", "opus", "vorbis", "flac", "pcm_s16le", "pcm_s24le"],
    maxBytes: 256 * 1024 * 1024 * 1024,
    maxDurationS: 12 * 3600,
  },
  threads: false,
  fields: { needs: "a video and a title", check: checkYoutubeFields },
  style: "a video description: what the viewer gets, then context",
  hashtags: 2,
  // 10,000 units a day ÷ 1,600 per upload; pacing uses 90% of it (lib/scheduler/pace.ts), so 5.
  postingLimit: { max: 6, windowS: 24 * 3600 },
  permalink: (_handle, id) => `https://www.youtube.com/watch?v=${id}`,
};
