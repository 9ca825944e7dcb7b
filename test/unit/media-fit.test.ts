// fitForPlatform: each platform's image limits applied with sharp, and compliant images untouched.
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { fitForPlatform } from "../../lib/media/platform";
import { specFor } from "../../lib/social/registry";
import { PlatformError } from "../../lib/social/types";

/** A 2400×1600 "photo" of ~3.5 MB: blurred noise compresses about as badly as real detail. */
async function bigPhoto() {
  const noise = await sharp({
    create: { width: 2400, height: 1600, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 50 } },
  })
    .png()
    .toBuffer();
  return sharp(noise).blur(0.5).jpeg({ quality: 95 }).toBuffer();
}

const solid = (width: number, height: number, background: string, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background } });

async function pixel(data: Buffer, x: number, y: number) {
  const { data: raw, info } = await sharp(data).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * 3;
  return [raw[i], raw[i + 1], raw[i + 2]];
}

describe("fitForPlatform", () => {
  it("shrinks a 3 MB photo under Bluesky's 1,000,000 bytes and 2,000 px", async () => {
    const photo = await bigPhoto();
    expect(photo.length).toBeGreaterThan(3_000_000);
    const out = await fitForPlatform("bluesky", { data: photo, mime: "image/jpeg" });
    expect(out.data.length).toBeLessThanOrEqual(1_000_000);
    expect(out.mime).toBe("image/jpeg");
    const meta = await sharp(out.data).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(2000);
    expect(meta.width! / meta.height!).toBeCloseTo(1.5, 2); // shape kept
  });

  it("keeps the same photo untouched for X, where 3.5 MB is within 5 MB", async () => {
    const photo = await bigPhoto();
    const input = { data: photo, mime: "image/jpeg" };
    expect(await fitForPlatform("twitter", input)).toBe(input);
  });

  it("converts a PNG to JPEG for Instagram, flattening transparency onto white", async () => {
    const png = await solid(600, 600, "#ff000000", 4)
      .composite([{ input: await solid(300, 600, "#0000ffff", 4).png().toBuffer(), left: 0, top: 0 }])
      .png()
      .toBuffer();
    const out = await fitForPlatform("instagram", { data: png, mime: "image/png" });
    expect(out.mime).toBe("image/jpeg");
    const meta = await sharp(out.data).metadata();
    expect(meta.format).toBe("jpeg");
    expect([meta.width, meta.height]).toEqual([600, 600]);
    const [r, g, b] = await pixel(out.data, 450, 300); // was fully transparent
    expect(Math.min(r, g, b)).toBeGreaterThan(240); // white, not black
    const [r2, , b2] = await pixel(out.data, 100, 300);
    expect(b2).toBeGreaterThan(200);
    expect(r2).toBeLessThan(40);
  });

  it("pads (never crops) images outside Instagram's 4:5 to 1.91:1", async () => {
    // A 2.5:1 banner: white bars above and below, every original pixel kept.
    const wide = await solid(1000, 400, "#008000").jpeg().toBuffer();
    const w = await fitForPlatform("instagram", { data: wide, mime: "image/jpeg" });
    const wm = await sharp(w.data).metadata();
    expect(wm.width).toBe(1000);
    expect(wm.height).toBe(Math.ceil(1000 / 1.91));
    expect(wm.width! / wm.height!).toBeLessThanOrEqual(1.91);
    expect(Math.min(...(await pixel(w.data, 500, 2)))).toBeGreaterThan(240); // bar
    expect((await pixel(w.data, 500, Math.floor(wm.height! / 2)))[1]).toBeGreaterThan(100); // content
    // A 1:2.5 portrait: bars left and right.
    const tall = await solid(400, 1000, "#008000").jpeg().toBuffer();
    const t = await fitForPlatform("instagram", { data: tall, mime: "image/jpeg" });
    const tm = await sharp(t.data).metadata();
    expect([tm.width, tm.height]).toEqual([800, 1000]);
    expect(Math.min(...(await pixel(t.data, 2, 500)))).toBeGreaterThan(240);
  });

  it("leaves a compliant image untouched: the very same bytes", async () => {
    const jpeg = await solid(1080, 1080, "#336699").jpeg({ quality: 80 }).toBuffer();
    for (const platform of ["instagram", "bluesky", "twitter", "mastodon", "threads", "linkedin", "facebook"] as const) {
      const input = { data: jpeg, mime: "image/jpeg" };
      const out = await fitForPlatform(platform, input);
      expect(out, platform).toBe(input);
      expect(out.data.equals(jpeg)).toBe(true);
    }
  });

  it("keeps an allowed PNG a PNG when only its size in pixels is over (Mastodon's matrix limit)", async () => {
    const png = await solid(7000, 5000, "#123456").png().toBuffer(); // 35 MP > 33,177,600
    const out = await fitForPlatform("mastodon", { data: png, mime: "image/png" });
    const meta = await sharp(out.data).metadata();
    expect(meta.format).toBe("png");
    expect(meta.width! * meta.height!).toBeLessThanOrEqual(specFor("mastodon").images!.maxPixels!);
  });

  it("converts PNG for TikTok (JPEG or WebP only) and GIF for Instagram", async () => {
    const png = await solid(200, 300, "#abcdef").png().toBuffer();
    expect((await fitForPlatform("tiktok", { data: png, mime: "image/png" })).mime).toBe("image/jpeg");
    const gif = await solid(200, 200, "#00ff00").gif().toBuffer();
    expect((await fitForPlatform("instagram", { data: gif, mime: "image/gif" })).mime).toBe("image/jpeg");
    const gifX = { data: gif, mime: "image/gif" };
    expect(await fitForPlatform("twitter", gifX)).toBe(gifX);
  });

  it("passes videos through and refuses images for YouTube with a permanent, readable error", async () => {
    const video = { data: Buffer.from("not really a video"), mime: "video/mp4" };
    expect(await fitForPlatform("instagram", video)).toBe(video);
    const jpeg = await solid(100, 100, "#000000").jpeg().toBuffer();
    const err = await fitForPlatform("youtube", { data: jpeg, mime: "image/jpeg" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect(err).toMatchObject({ failureClass: "permanent", code: "media_unsupported", message: expect.stringContaining("videos only") });
  });

  it("reports a corrupt image as a permanent error, not a crash", async () => {
    const err = await fitForPlatform("bluesky", { data: Buffer.from("<html>not an image</html>"), mime: "image/png" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ failureClass: "permanent", code: "media_invalid" });
  });
});
