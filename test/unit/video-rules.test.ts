// Each network's video rules as data in its spec, checked at schedule time by validateContent for
// whatever is known about a video (lib/social/spec.ts checkVideo; figures: docs/adapters.md).
import { describe, expect, it } from "vitest";
import { Platform as Platforms } from "@/lib/generated/prisma/enums";
import { SLOW_VIDEO_TARGET_FPS, STORED_FRAME_RATES } from "@/lib/media/video";
import { specFor } from "@/lib/social/registry";
import { formatDuration, validateContent } from "@/lib/social/spec";
import type { MediaRef, Platform, PublishContent } from "@/lib/social/types";

const video = (over: Partial<MediaRef> = {}): MediaRef => ({ url: "https://cdn.example/clip.mp4", type: "video", ...over });
const s = (seconds: number) => ({ durationMs: Math.round(seconds * 1000) });

/** The media problems validateContent finds for a post with this one video. */
function mediaProblems(platform: Platform, v: MediaRef, extra: Partial<PublishContent> = {}): string[] {
  return validateContent(specFor(platform), { text: "New bread", media: [v], ...extra })
    .filter((p) => p.field === "media")
    .map((p) => p.message);
}

describe("video length, per network", () => {
  it.each([
    ["twitter", 21 * 60, "The video runs 21 min; X takes videos of 0.5 s to 20 min."],
    ["twitter", 0.3, "The video runs 0.3 s; X takes videos of 0.5 s to 20 min."],
    ["instagram", 2, "The video runs 2 s; Instagram takes videos of 3 s to 15 min."],
    ["instagram", 16 * 60, "The video runs 16 min; Instagram takes videos of 3 s to 15 min."],
    ["threads", 5 * 60 + 1, "The video runs 5 min 1 s; Threads takes videos of up to 5 min."],
    ["tiktok", 10 * 60 + 30, "The video runs 10 min 30 s; TikTok takes videos of up to 10 min."],
    ["linkedin", 2.5, "The video runs 2.5 s; LinkedIn takes videos of 3 s to 30 min."],
    ["linkedin", 31 * 60, "The video runs 31 min; LinkedIn takes videos of 3 s to 30 min."],
    ["bluesky", 200, "The video runs 3 min 20 s; Bluesky takes videos of up to 3 min."],
    ["facebook", 4 * 3600 + 60, "The video runs 4 h 1 min; Facebook takes videos of up to 4 h."],
    ["youtube", 12 * 3600 + 1800, "The video runs 12 h 30 min; YouTube takes videos of up to 12 h."],
  ] as const)("%s refuses %s s, naming the figure", (platform, seconds, message) => {
    expect(mediaProblems(platform, video(s(seconds)))).toContain(message);
  });

  it.each([
    ["twitter", 0.5],
    ["twitter", 20 * 60],
    ["instagram", 3],
    ["threads", 300],
    ["tiktok", 600],
    ["linkedin", 3],
    ["bluesky", 180],
    ["whatsapp", 3600],
  ] as const)("%s takes %s s", (platform, seconds) => {
    expect(mediaProblems(platform, video(s(seconds)))).toEqual([]);
  });

  it("says nothing about a video whose length is not known (a bare URL)", () => {
    for (const platform of ["twitter", "instagram", "tiktok", "linkedin", "bluesky", "threads"] as const) {
      expect(mediaProblems(platform, video()), platform).toEqual([]);
    }
  });

  it("numbers the videos when a post has more than one", () => {
    const problems = validateContent(specFor("threads"), { text: "x", media: [video(s(10)), video(s(400))] }).map((p) => p.message);
    expect(problems).toContain("Video 2 runs 6 min 40 s; Threads takes videos of up to 5 min.");
  });
});

describe("video size, shape, bytes and codecs", () => {
  it("refuses a shape outside the network's range", () => {
    expect(mediaProblems("twitter", video({ width: 1600, height: 400 }))).toEqual(["The video is 4:1 (1600×400); X takes shapes from 1:3 to 3:1."]);
    expect(mediaProblems("linkedin", video({ width: 400, height: 1200 }))).toEqual(["The video is 1:3 (400×1200); LinkedIn takes shapes from 1:2.4 to 2.4:1."]);
    expect(mediaProblems("instagram", video({ width: 1080, height: 1920 }))).toEqual([]);
  });

  it("refuses a picture too large or too small", () => {
    expect(mediaProblems("twitter", video({ width: 3840, height: 2160 }))).toEqual(["The video is 3840×2160; X takes videos up to 1920×1200 (or 1200×1920)."]);
    expect(mediaProblems("twitter", video({ width: 1080, height: 1920 }))).toEqual([]);
    expect(mediaProblems("instagram", video({ width: 2560, height: 1440 }))).toEqual(["The video is 2560 px wide; Instagram takes videos up to 1920 px wide."]);
    expect(mediaProblems("tiktok", video({ width: 320, height: 240 }))).toEqual(["The video is 320×240; TikTok needs at least 360 px on each side."]);
    expect(mediaProblems("tiktok", video({ width: 3840, height: 2160 }))).toEqual([]);
  });

  it("refuses files over the network's bytes, in its own units", () => {
    expect(mediaProblems("whatsapp", video({ sizeBytes: 17_000_000 }))).toEqual(["The video is 17 MB; WhatsApp takes videos up to 16 MB."]);
    expect(mediaProblems("linkedin", video({ sizeBytes: 600 * 1024 * 1024 }))).toEqual(["The video is 600 MB; LinkedIn takes videos up to 500 MB."]);
    expect(mediaProblems("linkedin", video({ sizeBytes: 10_000 }))).toEqual(["The video is 10000 bytes; LinkedIn takes videos of at least 75 KB."]);
    expect(mediaProblems("bluesky", video({ sizeBytes: 150_000_000 }))).toEqual(["The video is 150 MB; Bluesky takes videos up to 100 MB."]);
    expect(mediaProblems("tiktok", video({ sizeBytes: 5_000_000_000 }))).toEqual(["The video is 5 GB; TikTok takes videos up to 4 GB."]);
  });

  it("refuses a codec the network does not take, when it is known", () => {
    expect(mediaProblems("twitter", video({ videoCodec: "hevc" }))).toEqual(["X takes H.264 video; the video is HEVC (H.265)."]);
    expect(mediaProblems("tiktok", video({ videoCodec: "hevc", audioCodec: "aac" }))).toEqual([]);
    expect(mediaProblems("whatsapp", video({ videoCodec: "h264", audioCodec: "opus" }))).toEqual(["WhatsApp takes AAC sound; the video has Opus."]);
  });

  it("every network that takes video takes what Herald stores: H.264 + AAC in MP4", () => {
    const herald = video({ videoCodec: "h264", audioCodec: "aac", width: 1080, height: 1920, durationMs: 15_000, sizeBytes: 8_000_000 });
    for (const platform of ["twitter", "instagram", "threads", "tiktok", "youtube", "facebook", "linkedin", "bluesky", "whatsapp"] as const) {
      const rules = specFor(platform).videos!;
      expect(rules, platform).toBeDefined();
      expect(rules.containers, platform).toContain("mp4");
      expect(rules.videoCodecs, platform).toContain("h264");
      expect(rules.audioCodecs, platform).toContain("aac");
      expect(mediaProblems(platform, herald, platform === "youtube" ? { youtube: { title: "Bread" } } : {}), platform).toEqual([]);
    }
  });
});

describe("frame rate", () => {
  it.each([
    ["tiktok", 120, "The video is 120 fps; TikTok takes videos of 23 to 60 fps."],
    ["tiktok", 15, "The video is 15 fps; TikTok takes videos of 23 to 60 fps."],
    ["instagram", 90, "The video is 90 fps; Instagram takes videos of 23 to 60 fps."],
    ["instagram", 20, "The video is 20 fps; Instagram takes videos of 23 to 60 fps."],
    ["threads", 10, "The video is 10 fps; Threads takes videos of 23 to 60 fps."],
    ["facebook", 23, "The video is 23 fps; Facebook takes videos of 24 to 60 fps."],
    ["facebook", 119.88, "The video is 119.88 fps; Facebook takes videos of 24 to 60 fps."],
    ["twitter", 120, "The video is 120 fps; X takes videos of up to 60 fps."],
  ] as const)("%s refuses %s fps, naming the figure", (platform, frameRate, message) => {
    expect(mediaProblems(platform, video({ frameRate }))).toEqual([message]);
  });

  it("counts NTSC rates and ffmpeg's rounding of them as the round figure", () => {
    // 24000/1001 fps, as stated and as ffmpeg prints it; 60000/1001 and a hair over 60.
    for (const frameRate of [24000 / 1001, 23.98, 23.97, 29.97, 59.94, 60, 60.05]) {
      expect(mediaProblems("facebook", video({ frameRate })), String(frameRate)).toEqual([]);
    }
    expect(mediaProblems("instagram", video({ frameRate: 23000 / 1001 }))).toEqual([]);
    expect(mediaProblems("facebook", video({ frameRate: 23.9 }))).toEqual(["The video is 23.9 fps; Facebook takes videos of 24 to 60 fps."]);
  });

  it("X has no minimum; networks without a frame-rate rule and videos of unknown rate pass", () => {
    expect(mediaProblems("twitter", video({ frameRate: 5 }))).toEqual([]);
    for (const platform of ["youtube", "linkedin", "bluesky", "whatsapp"] as const) {
      expect(specFor(platform).videos!.frameRate, platform).toBeUndefined();
      expect(mediaProblems(platform, video({ frameRate: 240 }), platform === "youtube" ? { youtube: { title: "Bread" } } : {}), platform).toEqual([]);
    }
    expect(mediaProblems("tiktok", video())).toEqual([]);
  });

  it("what uploads are converted to, 24–60 fps, is the range every network's frame-rate rule takes", () => {
    const rules = Object.values(Platforms).flatMap((p) => specFor(p).videos?.frameRate ?? []);
    expect(rules.length).toBe(5);
    expect(Math.max(...rules.map((r) => r.min ?? 0))).toBe(STORED_FRAME_RATES.min);
    expect(Math.min(...rules.map((r) => r.max))).toBe(STORED_FRAME_RATES.max);
    for (const platform of ["twitter", "instagram", "threads", "tiktok", "facebook"] as const) {
      for (const frameRate of [24000 / 1001, STORED_FRAME_RATES.min, SLOW_VIDEO_TARGET_FPS, 59.94, STORED_FRAME_RATES.max]) {
        expect(mediaProblems(platform, video({ frameRate })), `${platform} ${frameRate}`).toEqual([]);
      }
    }
  });

  it("is refused at schedule time on config.media, naming the network", () => {
    const problems = validateContent(specFor("threads"), { text: "x", media: [video({ frameRate: 240 })] });
    expect(problems).toEqual([{ platform: "threads", field: "media", message: "The video is 240 fps; Threads takes videos of 23 to 60 fps." }]);
  });
});

describe("YouTube Shorts", () => {
  const yt = (v: MediaRef, shorts: boolean) =>
    validateContent(specFor("youtube"), { text: "Bread", media: [v], youtube: { title: "Bread", shorts } }).map((p) => p.message);

  it("a Short must be at most 3 minutes and square or vertical; a long video need not", () => {
    expect(yt(video({ ...s(200), width: 1080, height: 1920 }), true)).toEqual([
      "A YouTube Short runs at most 3 min; this video runs 3 min 20 s. Untick “Short” or choose another video.",
    ]);
    expect(yt(video({ ...s(30), width: 1920, height: 1080 }), true)).toEqual([
      "A YouTube Short is square or vertical; this video is 1920×1080. Untick “Short” or choose another video.",
    ]);
    expect(yt(video({ ...s(180), width: 1080, height: 1080 }), true)).toEqual([]);
    expect(yt(video({ ...s(200), width: 1920, height: 1080 }), false)).toEqual([]);
  });
});

describe("formatDuration", () => {
  it("reads like a person would say it", () => {
    expect([0.5, 3, 59.96, 60, 140, 300, 3600, 3660, 43_200].map(formatDuration)).toEqual([
      "0.5 s", "3 s", "60 s", "1 min", "2 min 20 s", "5 min", "1 h", "1 h 1 min", "12 h",
    ]);
  });
});
