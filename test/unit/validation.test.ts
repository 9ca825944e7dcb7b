import { describe, expect, it } from "vitest";
import { specFor } from "../../lib/social/registry";
import { graphemeCount, validateContent } from "../../lib/social/spec";
import type { MediaRef, Platform } from "../../lib/social/types";

const check = (platform: Platform, text: string, media: MediaRef[] = []) =>
  validateContent(specFor(platform), { text, media }).map((p) => p.message);

const img = (sizeBytes = 100_000): MediaRef => ({ url: "https://example.com/a.jpg", type: "image", sizeBytes });
const vid: MediaRef = { url: "https://example.com/a.mp4", type: "video" };

describe("platform text rules", () => {
  it("counts X's weighted length: a URL is 23, an emoji 2", () => {
    const url = "https://example.com/" + "a".repeat(200);
    expect(check("twitter", `${"x".repeat(256)} ${url}`)).toEqual([]); // 256 + 1 + 23 = 280
    expect(check("twitter", `${"x".repeat(257)} ${url}`)[0]).toMatch(/280 characters; this text has 281/);
    expect(check("twitter", "😀".repeat(140))).toEqual([]);
    expect(check("twitter", "😀".repeat(141))[0]).toMatch(/this text has 282/);
  });

  it("counts Bluesky graphemes, so combining characters and emoji families count once", () => {
    const family = "👨‍👩‍👧‍👦";
    expect(graphemeCount(family)).toBe(1);
    expect(graphemeCount("e\u0301")).toBe(1);
    // The ASCII fast path agrees with the segmenter, and CR LF still counts once.
    const segmented = (t: string) => [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(t)].length;
    for (const t of ["Fresh bread at 7!\n\tCome early.", "a\r\nb", "e\u0301 ok", ""]) expect(graphemeCount(t)).toBe(segmented(t));
    expect(graphemeCount("a\r\nb")).toBe(3);
    expect(check("bluesky", "e\u0301".repeat(300))).toEqual([]);
    expect(check("bluesky", "e\u0301".repeat(301))[0]).toMatch(/300 characters; this text has 301/);
  });

  it("enforces Bluesky's 3,000-byte limit even under 300 graphemes", () => {
    const family = "👨‍👩‍👧‍👦"; // 25 bytes, 1 grapheme
    expect(check("bluesky", family.repeat(120))).toEqual([]);
    expect(check("bluesky", family.repeat(121))[0]).toMatch(/3000 bytes of text; this text has 3025/);
  });

  it("refuses empty posts", () => {
    expect(check("mastodon", "   ")[0]).toMatch(/empty/);
  });
});

describe("platform media rules", () => {
  it("allows four images on X and Bluesky but not five", () => {
    expect(check("twitter", "x", [img(), img(), img(), img()])).toEqual([]);
    expect(check("bluesky", "x", [img(), img(), img(), img(), img()])[0]).toMatch(/at most 4 media items; this post has 5/);
  });

  it("refuses a Bluesky image over 1 MB", () => {
    expect(check("bluesky", "x", [img(1_500_000)])[0]).toMatch(/Image 1 is 1500000 bytes; Bluesky allows 1000000/);
  });

  it("refuses photos mixed with a video on Facebook, and a video with images on X", () => {
    expect(check("facebook", "x", [img(), vid])).toContain("Facebook cannot mix photos and videos in one post.");
    expect(check("twitter", "x", [img(), vid])).toContain("X allows one video on its own, without other media.");
  });

  it("requires media on Instagram and a video on YouTube", () => {
    expect(check("instagram", "caption")).toEqual(["Instagram needs at least one image or video."]);
    expect(check("instagram", "caption", [img()])).toEqual([]);
    expect(check("youtube", "description", [img()])).toContain("YouTube needs a video.");
  });

  it("has a spec for every platform", () => {
    const all: Platform[] = ["twitter", "bluesky", "mastodon", "facebook", "instagram", "threads", "linkedin", "reddit", "tiktok", "youtube", "whatsapp"];
    for (const p of all) expect(specFor(p).platform).toBe(p);
  });
});
