// The media pipeline through the real route handlers: uploads judged by their bytes, normalised
// once (rotation applied, EXIF/GPS gone), stored before the row, served publicly from local disk;
// imports by URL; clear 4xx answers that leave nothing behind; and the Supabase Storage driver
// (the real supabase-js client) against a local server playing the Storage REST API.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as mediaRoute from "@/app/api/media/route";
import * as oneMedia from "@/app/api/media/[id]/route";
import * as mediaFile from "@/app/api/media/[id]/file/route";
import * as mediaPoster from "@/app/api/media/[id]/poster/route";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { HeraldError } from "@/lib/errors";
import { createMediaAsset, importMediaFromUrl, mediaRefFor } from "@/lib/media/assets";
import { SupabaseStorage } from "@/lib/media/storage";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";
import { params, req, workspaceWithKey } from "../support/factories";
import { parseFfmpegInfo } from "@/lib/media/video";
import { runFfmpeg } from "@/lib/media/ffmpeg";
import { box, ffmpegMake, mp4 as mp4Of, u32 } from "../support/mp4";

const MEDIA_DIR = mkdtempSync(path.join(tmpdir(), "herald-media-"));
const MAX = 300_000;
const BASE = "https://herald.test";

function configureLocal(extra: Record<string, string> = {}) {
  delete process.env.SUPABASE_URL;
  delete process.env.SUPABASE_SERVICE_ROLE_KEY;
  Object.assign(process.env, {
    MEDIA_DIR,
    UPLOAD_MAX_BYTES: String(MAX),
    PUBLIC_BASE_URL: BASE,
    ...extra,
  });
  resetEnvCache();
}
configureLocal();

afterAll(() => rmSync(MEDIA_DIR, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------
// Test material

/** 40×20, left quarter blue, tagged "rotate 90° clockwise" (EXIF 6), with GPS and a camera make. */
async function exifJpeg() {
  return sharp({ create: { width: 40, height: 20, channels: 3, background: "#ff0000" } })
    .composite([{ input: { create: { width: 10, height: 20, channels: 3, background: "#0000ff" } }, left: 0, top: 0 }])
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: "HeraldCam" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "52/1 31/1 0/1", GPSMapDatum: "HERALD-GPS-MARKER" },
    })
    .toBuffer();
}

const png = (width = 64, height = 48) =>
  sharp({ create: { width, height, channels: 4, background: "#22aa5580" } }).png().toBuffer();

/** A real H.264 + AAC MP4 (bundled ffmpeg): 5 s, 640×360, a recording location in moov/udta/loci. */
const mp4 = () => mp4Of(640, 360, { location: "+52.5200+013.4050/", audio: true });

/** 1 s of a moving test pattern at 10 fps with a tone, in the given codecs and container. */
const clip = (size: string, codecArgs: string[], out: string) =>
  ffmpegMake(["-f", "lavfi", "-i", `testsrc=size=${size}:rate=10:duration=1`, "-f", "lavfi", "-i", "sine=duration=1", ...codecArgs], out);
const hevcMov = () => clip("320x240", ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-pix_fmt", "yuv420p", "-tag:v", "hvc1", "-c:a", "aac"], "phone.mov");
const vp9Webm = () => clip("240x320", ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-pix_fmt", "yuv420p", "-c:a", "libopus"], "screen.webm");

/** What ffmpeg reads from stored bytes. */
async function probeStored(file: string) {
  const info = parseFfmpegInfo((await runFfmpeg(["-i", file], { timeoutMs: 15_000 })).stderr);
  expect(info).not.toBeNull();
  return info!;
}

/** The top-level boxes of an MP4, in order. */
function topBoxes(data: Buffer): string[] {
  const out: string[] = [];
  for (let at = 0; at + 8 <= data.length; at += data.readUInt32BE(at) || data.length) out.push(data.toString("latin1", at + 4, at + 8));
  return out;
}

function upload(key: string | undefined, file: Buffer | null, filename = "file.bin", type = "", altText?: string) {
  const form = new FormData();
  if (file) form.append("file", new Blob([new Uint8Array(file)], { type }), filename);
  if (altText !== undefined) form.append("altText", altText);
  return new Request("http://localhost/api/media", {
    method: "POST",
    headers: key ? { authorization: `Bearer ${key}` } : {},
    body: form,
  });
}

async function json(res: Response) {
  return { status: res.status, body: await res.json() };
}

const filesOf = (workspaceId: string) => {
  const dir = path.join(MEDIA_DIR, workspaceId);
  return existsSync(dir) ? readdirSync(dir).filter((f) => !f.endsWith(".tmp")) : [];
};

// ---------------------------------------------------------------------------------------------

describe("POST /api/media (multipart upload, local disk)", () => {
  it("auto-rotates a JPEG by its EXIF orientation and strips EXIF and GPS before storing it", async () => {
    const { workspace, key } = await workspaceWithKey();
    const original = await exifJpeg();
    expect(original.includes("HERALD-GPS-MARKER")).toBe(true); // the test image really has GPS

    const r = await json(await mediaRoute.POST(upload(key, original, "holiday.jpg", "image/jpeg", "  Our shop front  ")));
    expect(r.status).toBe(201);
    const m = r.body.media;
    expect(m).toMatchObject({ kind: "image", mime: "image/jpeg", width: 20, height: 40, altText: "Our shop front" });
    expect(m.id).toMatch(/^m[0-9a-z]{25}$/);
    expect(m.url).toBe(`${BASE}/api/media/${m.id}/file`);

    const row = await db().mediaAsset.findUniqueOrThrow({ where: { id: m.id } });
    expect(row).toMatchObject({ workspaceId: workspace.id, storageKey: `${workspace.id}/${m.id}.jpg`, sizeBytes: m.sizeBytes });
    const stored = readFileSync(path.join(MEDIA_DIR, row.storageKey));
    expect(stored.length).toBe(m.sizeBytes);
    expect(stored.includes("HERALD-GPS-MARKER")).toBe(false);
    expect(stored.includes("HeraldCam")).toBe(false);
    const meta = await sharp(stored).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    // Turned 90° clockwise: the blue left edge is now the top.
    const { data, info } = await sharp(stored).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
    expect(at(10, 2)[2]).toBeGreaterThan(200);
    expect(at(10, 37)[0]).toBeGreaterThan(200);

    expect(mediaRefFor(row)).toEqual({ url: m.url, type: "image", altText: "Our shop front", sizeBytes: m.sizeBytes });
  });

  it("serves the file publicly, without a key, with its type and cache headers", async () => {
    const { key } = await workspaceWithKey();
    const r = await json(await mediaRoute.POST(upload(key, await png(), "logo.png", "image/png")));
    const id = r.body.media.id;

    const res = await mediaFile.GET(new Request(`http://localhost/api/media/${id}/file`), params({ id }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Number(res.headers.get("content-length"))).toBe(r.body.media.sizeBytes);
    const body = Buffer.from(await res.arrayBuffer());
    expect((await sharp(body).metadata()).format).toBe("png");

    const again = await mediaFile.GET(
      new Request(`http://localhost/api/media/${id}/file`, { headers: { "if-none-match": `"${id}"` } }),
      params({ id }),
    );
    expect(again.status).toBe(304);

    for (const unknown of ["m" + "0".repeat(25), "../../etc/passwd", "cnotamediaid"]) {
      const miss = await mediaFile.GET(new Request("http://localhost/x"), params({ id: unknown }));
      expect(miss.status).toBe(404);
      expect((await miss.json()).error.code).toBe("not_found");
    }
  });

  it("believes the bytes, not the name or declared type", async () => {
    const { key } = await workspaceWithKey();
    const r = await json(await mediaRoute.POST(upload(key, await png(), "photo.jpg", "image/jpeg")));
    expect(r.status).toBe(201);
    expect(r.body.media).toMatchObject({ kind: "image", mime: "image/png", width: 64, height: 48 });
    expect(r.body.media.url).toMatch(/\/file$/);
  });

  it("keeps an animated GIF animated (kind gif) and a still one an image", async () => {
    const { key } = await workspaceWithKey();
    const frame = (c: string) => sharp({ create: { width: 16, height: 12, channels: 3, background: c } }).png().toBuffer();
    const animated = await sharp([await frame("#ff0000"), await frame("#00ff00"), await frame("#0000ff")], { join: { animated: true } })
      .gif({ delay: 100, loop: 0 })
      .toBuffer();
    const r = await json(await mediaRoute.POST(upload(key, animated, "dance.gif", "image/gif")));
    expect(r.status).toBe(201);
    expect(r.body.media).toMatchObject({ kind: "gif", mime: "image/gif", width: 16, height: 12 });
    const row = await db().mediaAsset.findUniqueOrThrow({ where: { id: r.body.media.id } });
    expect((await sharp(readFileSync(path.join(MEDIA_DIR, row.storageKey)), { animated: true }).metadata()).pages).toBe(3);

    const still = await sharp(await frame("#123456")).gif().toBuffer();
    const s = await json(await mediaRoute.POST(upload(key, still, "still.gif")));
    expect(s.body.media).toMatchObject({ kind: "image", mime: "image/gif" });
  });

  it("converts HEIF (here AVIF-coded, which this sharp build can write) to JPEG", async () => {
    const { key } = await workspaceWithKey();
    const heif = await sharp({ create: { width: 30, height: 30, channels: 3, background: "#884422" } }).heif({ compression: "av1" }).toBuffer();
    const r = await json(await mediaRoute.POST(upload(key, heif, "IMG_0001.HEIC", "image/heic")));
    expect(r.status).toBe(201);
    expect(r.body.media).toMatchObject({ kind: "image", mime: "image/jpeg", width: 30, height: 30 });
  });

  it("stores an H.264 + AAC MP4 with its index at the front as it is (location blanked), read by ffmpeg, with a poster frame", async () => {
    const { workspace, key } = await workspaceWithKey();
    const video = mp4();
    expect(video.includes("loci", 0, "latin1")).toBe(true); // the test video really records a place
    const r = await json(await mediaRoute.POST(upload(key, video, "clip.mp4", "video/mp4")));
    expect(r.status).toBe(201);
    const m = r.body.media;
    expect(m).toMatchObject({
      kind: "video",
      mime: "video/mp4",
      width: 640,
      height: 360,
      sizeBytes: video.length,
      videoCodec: "h264",
      audioCodec: "aac",
      frameRate: 25,
      convertedFrom: null,
      posterUrl: `${BASE}/api/media/${m.id}/poster`,
      processing: { action: "kept", from: null, ms: expect.any(Number) },
    });
    expect(m.durationMs).toBeGreaterThanOrEqual(5000); // AAC's priming adds a few ms
    expect(m.durationMs).toBeLessThan(5100);
    const stored = readFileSync(path.join(MEDIA_DIR, workspace.id, `${m.id}.mp4`));
    expect(stored.length).toBe(video.length); // same layout: sample offsets stay valid
    expect(stored.includes("loci", 0, "latin1")).toBe(false);
    expect(stored.includes("earth", 0, "latin1")).toBe(false);
    expect(stored.subarray(0, 40).equals(video.subarray(0, 40))).toBe(true);

    const poster = await mediaPoster.GET(new Request(`http://localhost/api/media/${m.id}/poster`), params({ id: m.id }));
    expect(poster.status).toBe(200);
    expect(poster.headers.get("content-type")).toBe("image/jpeg");
    expect(await sharp(Buffer.from(await poster.arrayBuffer())).metadata()).toMatchObject({ format: "jpeg", width: 640, height: 360 });
    // The listing carries the poster too, but not the upload's processing.
    const list = await json(await mediaRoute.GET(req("GET", "/api/media?kind=video", { key })));
    expect(list.body.media[0]).toMatchObject({ id: m.id, posterUrl: m.posterUrl, videoCodec: "h264" });
    expect(list.body.media[0]).not.toHaveProperty("processing");

    // Deleting the video takes its poster with it.
    expect((await oneMedia.DELETE(req("DELETE", `/api/media/${m.id}`, { key }), params({ id: m.id }))).status).toBe(200);
    expect(filesOf(workspace.id)).toEqual([]);
    expect((await mediaPoster.GET(new Request("http://localhost/x"), params({ id: m.id }))).status).toBe(404);
  });

  it("converts what networks refuse (HEVC in .mov, VP9 + Opus in WebM, 10 fps) to H.264 + AAC MP4 at 30 fps once, shape and length kept, with a poster", async () => {
    const { workspace, key } = await workspaceWithKey();
    const cases: [Buffer, string, { width: number; height: number }, RegExp][] = [
      [hevcMov(), "IMG_0042.MOV", { width: 320, height: 240 }, /^HEVC video in QuickTime \(\.mov\)$/],
      [vp9Webm(), "screen.webm", { width: 240, height: 320 }, /^VP9 video and opus audio in WebM$/],
    ];
    for (const [data, name, size, from] of cases) {
      const r = await json(await mediaRoute.POST(upload(key, data, name)));
      expect(r.status, name).toBe(201);
      const m = r.body.media;
      expect(m, name).toMatchObject({ kind: "video", mime: "video/mp4", ...size, videoCodec: "h264", audioCodec: "aac", frameRate: 30 });
      expect(m.convertedFrom).toMatch(from);
      expect(m.processing).toMatchObject({ action: "transcoded", from: m.convertedFrom });
      expect(m.processing.ms).toBeGreaterThan(0);
      expect(Math.abs(m.durationMs - 1000), name).toBeLessThan(100);
      const row = await db().mediaAsset.findUniqueOrThrow({ where: { id: m.id } });
      expect(row.storageKey).toBe(`${workspace.id}/${m.id}.mp4`);
      const file = path.join(MEDIA_DIR, row.storageKey);
      expect(readFileSync(file).length).toBe(m.sizeBytes);
      const info = await probeStored(file);
      expect(info.video).toMatchObject({ codec: "h264", pixelFormat: "yuv420p", ...size });
      expect(info.audio).toMatchObject({ codec: "aac", profile: "LC" });
      const boxes = topBoxes(readFileSync(file));
      expect(boxes.indexOf("moov")).toBeLessThan(boxes.indexOf("mdat")); // faststart
      expect(row.posterStorageKey).toBe(`${workspace.id}/${m.id}-poster.jpg`);
      expect((await sharp(readFileSync(path.join(MEDIA_DIR, row.posterStorageKey!))).metadata()).width).toBe(size.width);
    }
  });

  it("answers a file ffmpeg cannot read as a video with 400 and a readable message, leaving nothing behind", async () => {
    const { workspace, key } = await workspaceWithKey();
    // A real MP4 whose pictures were wiped: the boxes are fine, nothing decodes.
    const wiped = mp4Of(320, 240, { seconds: 1 });
    const at = wiped.indexOf("mdat", 0, "latin1");
    wiped.fill(0, at + 4, at - 4 + wiped.readUInt32BE(at - 4));
    // Boxes but no streams at all, as test helpers once built them.
    const empty = Buffer.concat([
      box("ftyp", Buffer.from("isom"), u32(512), Buffer.from("isommp42")),
      box("moov", box("mvhd", u32(0, 0, 0, 1000, 5000), Buffer.alloc(80))),
      box("mdat", Buffer.alloc(2000, 7)),
    ]);
    const cases: [Buffer, string, RegExp][] = [
      [Buffer.from("This is not a video, whatever its name says.\n"), "clip.mp4", /not a supported image or video.*"clip\.mp4", video\/mp4/],
      [empty, "clip.mp4", /no video picture/],
      [wiped, "clip.mp4", /^The video \(H\.264 video of unknown pixel format in MP4\) could not be converted to H\.264 MP4: it is corrupt/],
    ];
    for (const [data, name, message] of cases) {
      const r = await json(await mediaRoute.POST(upload(key, data, name, "video/mp4")));
      expect(r.status, String(message)).toBe(400);
      expect(r.body.error).toMatchObject({ code: "validation_failed", message: expect.stringMatching(message) });
      expect(r.body.error.fields[0].path).toBe("file");
      expect(JSON.stringify(r.body)).not.toMatch(/ffmpeg|\/tmp\/|Invalid data/i); // nothing of ffmpeg's own output
    }
    expect(await db().mediaAsset.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(filesOf(workspace.id)).toEqual([]);
  });

  it("answers bad files with 400 and a readable message, and leaves no row and no file behind", async () => {
    const { workspace, key } = await workspaceWithKey();
    const jpeg = await exifJpeg();
    const truncatedMp4 = mp4().subarray(0, 200);
    const noMoov = Buffer.concat([box("ftyp", Buffer.from("isom"), u32(0)), box("mdat", Buffer.alloc(100))]);
    const cases: [Buffer, string, string, RegExp][] = [
      [jpeg.subarray(0, Math.floor(jpeg.length / 2)), "photo.jpg", "image/jpeg", /corrupt or truncated/],
      [Buffer.from("Dear diary, today I renamed a text file to .png.\n"), "notes.png", "image/png", /not a supported image or video.*"notes.png", image\/png/],
      [Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj\n"), "flyer.pdf", "application/pdf", /JPEG, PNG, WebP, GIF and HEIC images and MP4, MOV and WebM videos/],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'), "logo.svg", "image/svg+xml", /SVG images are not supported/],
      [Buffer.concat([box("ftyp", Buffer.from("heic"), u32(0), Buffer.from("mif1heic")), Buffer.alloc(300, 9)]), "x.heic", "image/heic", /HEIC\/HEIF image could not be read/],
      [truncatedMp4, "clip.mp4", "video/mp4", /corrupt or truncated/],
      [noMoov, "clip.mp4", "video/mp4", /no movie header/],
      [Buffer.concat([box("ftyp", Buffer.from("M4A "), u32(0)), box("moov")]), "song.m4a", "audio/mp4", /Audio files are not supported/],
      [Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x88, 0x42, 0x82, 0x88, ...Buffer.from("matroska")]), "film.mkv", "", /Matroska/],
      [Buffer.alloc(0), "empty.png", "image/png", /empty/],
    ];
    for (const [data, name, type, message] of cases) {
      const r = await json(await mediaRoute.POST(upload(key, data, name, type)));
      expect(r.status, name).toBe(400);
      expect(r.body.error.code, name).toBe("validation_failed");
      expect(r.body.error.message, name).toMatch(message);
      expect(r.body.error.fields[0].path).toBe("file");
      expect(JSON.stringify(r.body)).not.toMatch(/at .*\.ts:\d+|vips/i); // no stack, no library internals
    }
    expect(await db().mediaAsset.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(filesOf(workspace.id)).toEqual([]);
  });

  it("answers oversized uploads with 413, counted while streaming, writing nothing", async () => {
    const { workspace, key } = await workspaceWithKey();
    // Just over the limit: parsed, then refused by the file's size.
    const a = await json(await mediaRoute.POST(upload(key, Buffer.alloc(MAX + 1, 1), "big.jpg", "image/jpeg")));
    expect(a.status).toBe(413);
    expect(a.body.error).toMatchObject({ code: "payload_too_large", message: expect.stringMatching(/upload limit is 293 KB/) });
    // Far over: the body stream is cut off before it is buffered whole.
    const b = await json(await mediaRoute.POST(upload(key, Buffer.alloc(MAX * 3, 1), "huge.mp4", "video/mp4")));
    expect(b.status).toBe(413);
    expect(b.body.error.message).toBe("The upload is larger than the limit of 293 KB.");
    // A declared Content-Length over the limit is refused before reading anything.
    const c = await mediaRoute.POST(
      new Request("http://localhost/api/media", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "multipart/form-data; boundary=x", "content-length": String(MAX * 10) },
        body: "--x--",
      }),
    );
    expect(c.status).toBe(413);
    expect(await db().mediaAsset.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(filesOf(workspace.id)).toEqual([]);
  });

  it("answers a missing file, a text field, a bad body, a wrong content type and long alt text with 400", async () => {
    const { key } = await workspaceWithKey();
    const missing = await json(await mediaRoute.POST(upload(key, null, undefined, undefined, "alt only")));
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/No file: send it as multipart\/form-data in the field "file"/);

    const form = new FormData();
    form.append("file", "just a string");
    const textField = await json(
      await mediaRoute.POST(new Request("http://localhost/api/media", { method: "POST", headers: { authorization: `Bearer ${key}` }, body: form })),
    );
    expect(textField.status).toBe(400);
    expect(textField.body.error.message).toMatch(/must be a file/);

    const broken = await json(
      await mediaRoute.POST(
        new Request("http://localhost/api/media", {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "multipart/form-data; boundary=abc" },
          body: "this is not multipart at all",
        }),
      ),
    );
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toMatch(/not valid multipart\/form-data/);

    const plain = await json(await mediaRoute.POST(req("POST", "/api/media", { key, headers: { "content-type": "text/plain" } })));
    expect(plain.status).toBe(400);
    expect(plain.body.error.message).toMatch(/multipart\/form-data.*or JSON/);

    const longAlt = await json(await mediaRoute.POST(upload(key, await png(), "a.png", "image/png", "x".repeat(1501))));
    expect(longAlt.status).toBe(400);
    expect(longAlt.body.error.fields).toEqual([{ path: "altText", message: expect.stringMatching(/1,500/) }]);

    expect((await mediaRoute.POST(upload(undefined, await png(), "a.png"))).status).toBe(401);
  });

  it("removes the stored object again when the row cannot be written", async () => {
    // A workspace that does not exist makes the insert fail (foreign key) after the file is stored.
    await expect(createMediaAsset("ghost-workspace", { data: await png() })).rejects.toThrow();
    expect(filesOf("ghost-workspace")).toEqual([]);
  });
});

describe("GET /api/media and DELETE /api/media/:id", () => {
  it("lists the workspace's media newest first, paginated, never another workspace's", async () => {
    const a = await workspaceWithKey("A");
    const b = await workspaceWithKey("B");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await json(await mediaRoute.POST(upload(a.key, await png(10 + i, 10), `${i}.png`)))).body.media.id);
    await mediaRoute.POST(upload(b.key, await png(), "b.png"));

    const p1 = await json(await mediaRoute.GET(req("GET", "/api/media?limit=2", { key: a.key })));
    expect(p1.status).toBe(200);
    expect(p1.body.media.map((m: { id: string }) => m.id)).toEqual([ids[2], ids[1]]);
    expect(p1.body.media[0]).not.toHaveProperty("storageKey");
    const p2 = await json(await mediaRoute.GET(req("GET", `/api/media?limit=2&cursor=${p1.body.nextCursor}`, { key: a.key })));
    expect(p2.body.media.map((m: { id: string }) => m.id)).toEqual([ids[0]]);
    expect(p2.body.nextCursor).toBeNull();

    const videos = await json(await mediaRoute.GET(req("GET", "/api/media?kind=video", { key: a.key })));
    expect(videos.body.media).toEqual([]);
    expect((await mediaRoute.GET(req("GET", "/api/media?limit=0", { key: a.key }))).status).toBe(400);
    expect((await mediaRoute.GET(req("GET", "/api/media"))).status).toBe(401);
  });

  it("deletes the workspace's own media (row and file); another workspace's is a 404 and stays", async () => {
    const owner = await workspaceWithKey("Owner");
    const other = await workspaceWithKey("Other");
    const m = (await json(await mediaRoute.POST(upload(owner.key, await png(), "a.png")))).body.media;
    const file = path.join(MEDIA_DIR, owner.workspace.id, `${m.id}.png`);

    const foreign = await json(await oneMedia.DELETE(req("DELETE", `/api/media/${m.id}`, { key: other.key }), params({ id: m.id })));
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe("not_found");
    expect((await oneMedia.GET(req("GET", `/api/media/${m.id}`, { key: other.key }), params({ id: m.id }))).status).toBe(404);
    expect(existsSync(file)).toBe(true);

    const got = await json(await oneMedia.GET(req("GET", `/api/media/${m.id}`, { key: owner.key }), params({ id: m.id })));
    expect(got.body.media.id).toBe(m.id);
    const del = await json(await oneMedia.DELETE(req("DELETE", `/api/media/${m.id}`, { key: owner.key }), params({ id: m.id })));
    expect(del).toEqual({ status: 200, body: { success: true, deleted: { id: m.id } } });
    expect(existsSync(file)).toBe(false);
    expect(await db().mediaAsset.findUnique({ where: { id: m.id } })).toBeNull();
    expect((await oneMedia.DELETE(req("DELETE", `/api/media/${m.id}`, { key: owner.key }), params({ id: m.id }))).status).toBe(404);
    expect((await mediaFile.GET(new Request("http://localhost/x"), params({ id: m.id }))).status).toBe(404);
  });

  it("refuses (409) to delete media a scheduled post still uses", async () => {
    const { workspace, key } = await workspaceWithKey();
    const m = (await json(await mediaRoute.POST(upload(key, await png(), "a.png")))).body.media;
    const task = await db().agentTask.create({
      data: {
        workspaceId: workspace.id,
        type: "social_post",
        platform: "bluesky",
        scheduledAt: new Date(Date.now() + 3_600_000),
        content: "Fresh bread at 8",
        config: { media: [{ url: m.url, type: "image" }] },
        idempotencyKey: `media-test-${m.id}`,
      },
    });
    const r = await json(await oneMedia.DELETE(req("DELETE", `/api/media/${m.id}`, { key }), params({ id: m.id })));
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/used by 1 scheduled post/);
    await db().agentTask.update({ where: { id: task.id }, data: { status: "cancelled" } });
    expect((await oneMedia.DELETE(req("DELETE", `/api/media/${m.id}`, { key }), params({ id: m.id }))).status).toBe(200);
  });
});

describe("POST /api/media with JSON {url} (import)", () => {
  let fixture: FixtureServer;
  let files: http.Server;
  let filesUrl = "";
  const served: Record<string, Buffer> = {};

  beforeAll(async () => {
    fixture = await startFixtureServer();
    // The fixture server answers text and JSON only; binary files come from this one.
    files = http.createServer((rq, rs) => {
      const body = served[rq.url ?? ""];
      if (rq.url === "/endless") {
        rs.writeHead(200, { "content-type": "video/mp4" }); // no length: must be cut off
        const tick = setInterval(() => rs.write(Buffer.alloc(64 * 1024, 1)), 1);
        rs.on("close", () => clearInterval(tick));
        return;
      }
      if (!body) return void rs.writeHead(404).end();
      rs.writeHead(200, { "content-type": "application/octet-stream", "content-length": body.length }).end(body);
    });
    await new Promise<void>((r) => files.listen(0, "127.0.0.1", r));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    served["/photo.jpg"] = await exifJpeg();
    served["/big.bin"] = Buffer.alloc(MAX + 10, 1);
  });

  afterAll(async () => {
    await fixture.close();
    files.closeAllConnections();
    await new Promise((r) => files.close(r));
    configureLocal();
  });

  it("downloads, normalises and stores a file; redirects are followed", async () => {
    const { key } = await workspaceWithKey();
    fixture.on("GET", "/moved", () => ({ status: 302, headers: { location: `${filesUrl}/photo.jpg` } }));
    const r = await json(await mediaRoute.POST(req("POST", "/api/media", { key, body: { url: `${fixture.url}/moved`, altText: "Shop" } })));
    expect(r.status).toBe(201);
    expect(r.body.media).toMatchObject({ kind: "image", mime: "image/jpeg", width: 20, height: 40, altText: "Shop" });
    const seen = fixture.requests.find((q) => q.path === "/moved");
    expect(seen?.headers["user-agent"]).toBe("Herald media import");
    const stored = (await db().mediaAsset.findUniqueOrThrow({ where: { id: r.body.media.id } })).storageKey;
    expect(readFileSync(path.join(MEDIA_DIR, stored)).includes("HERALD-GPS-MARKER")).toBe(false);
  });

  it("answers a URL that 404s, a web page, an unresolvable host and a bad URL with a readable 400", async () => {
    const { workspace, key } = await workspaceWithKey();
    fixture.on("GET", "/page.html", () => ({ headers: { "content-type": "text/html" }, text: "<!doctype html><h1>Our menu</h1>" }));
    const cases: [unknown, RegExp][] = [
      [{ url: `${fixture.url}/missing.jpg` }, /Could not import http:\/\/127\.0\.0\.1:\d+\/missing\.jpg: the server answered HTTP 404\./],
      [{ url: `${fixture.url}/page.html` }, /was not accepted: The file is not a supported image or video/],
      [{ url: "http://no-such-host.invalid/x.jpg" }, /host name could not be resolved/],
      [{ url: "ftp://example.com/x.jpg" }, /The request is invalid/],
      [{ url: "https://example.com/x.jpg", unknown: 1 }, /The request is invalid/],
    ];
    for (const [body, message] of cases) {
      const r = await json(await mediaRoute.POST(req("POST", "/api/media", { key, body })));
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.message, JSON.stringify(body)).toMatch(message);
    }
    const notFound = await json(await mediaRoute.POST(req("POST", "/api/media", { key, body: { url: `${fixture.url}/missing.jpg` } })));
    expect(notFound.body.error.fields).toEqual([{ path: "url", message: notFound.body.error.message }]);
    expect(await db().mediaAsset.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("answers files over the limit with 413, by Content-Length or while streaming", async () => {
    const { key } = await workspaceWithKey();
    for (const url of [`${filesUrl}/big.bin`, `${filesUrl}/endless`]) {
      const r = await json(await mediaRoute.POST(req("POST", "/api/media", { key, body: { url } })));
      expect(r.status, JSON.stringify(r.body)).toBe(413);
      expect(r.body.error.message).toMatch(/larger than the upload limit/);
    }
  });

  it("gives up after the timeout", async () => {
    const { workspace } = await workspaceWithKey();
    fixture.on("GET", "/slow.jpg", () => ({ delayMs: 3000, text: "late" }));
    const started = Date.now();
    const err = await importMediaFromUrl(workspace.id, `${fixture.url}/slow.jpg`, undefined, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(err).toBeInstanceOf(HeraldError);
    expect(err).toMatchObject({ code: "validation_failed", message: expect.stringMatching(/no complete answer within 300 ms/) });
  });

  it("refuses private and loopback addresses unless HERALD_FETCH_ALLOW_HOSTS lists them (SSRF)", async () => {
    const saved = process.env.HERALD_FETCH_ALLOW_HOSTS;
    configureLocal({ HERALD_FETCH_ALLOW_HOSTS: "" });
    try {
      const { key } = await workspaceWithKey();
      fixture.reset();
      const port = new URL(fixture.url).port;
      for (const url of [`${fixture.url}/x.jpg`, `http://localhost:${port}/x.jpg`, "http://169.254.169.254/latest/meta-data/", "http://[::ffff:127.0.0.1]:1/x", "http://10.1.2.3/x", "http://2130706433/x"]) {
        const r = await json(await mediaRoute.POST(req("POST", "/api/media", { key, body: { url } })));
        expect(r.status, url).toBe(400);
        expect(r.body.error.message, url).toMatch(/private, local or reserved address; Herald only imports media from public addresses/);
        expect(r.body.error.fields, url).toEqual([{ path: "url", message: r.body.error.message }]);
      }
      expect(fixture.requests).toHaveLength(0);
    } finally {
      configureLocal({ HERALD_FETCH_ALLOW_HOSTS: saved ?? "" });
    }
  });

  it("never echoes user:password@ from the URL in its error", async () => {
    const { key } = await workspaceWithKey();
    fixture.reset();
    const url = `http://alice:s3cret-pw@127.0.0.1:${new URL(fixture.url).port}/x.jpg`;
    const r = await json(await mediaRoute.POST(req("POST", "/api/media", { key, body: { url } })));
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/^Could not import http:\/\/127\.0\.0\.1:\d+\/x\.jpg: URLs with a user name or password are not accepted\.$/);
    expect(JSON.stringify(r.body)).not.toMatch(/alice|s3cret/);
    expect(fixture.requests).toHaveLength(0);
  });
});

describe("Supabase Storage driver (real supabase-js against a local Storage API)", () => {
  const SERVICE_KEY = "service-role-key-for-tests";
  let api: FixtureServer;

  beforeAll(async () => {
    api = await startFixtureServer();
    // Storage REST API as supabase-js calls it: POST /object/<bucket>/<path> with the raw bytes,
    // GET /object/<bucket>/<path>, DELETE /object/<bucket> with {"prefixes": [...]}.
    api.on("POST", /^\/storage\/v1\/object\/media\/.+/, (r) => ({
      json: { Key: r.path.replace("/storage/v1/object/", ""), Id: "6f1c5b8e-2a4d-4c1e-9d47-0d6f4a1b2c3d" },
    }));
    api.on("GET", "/storage/v1/object/media/ws1/mhello.png", () => ({ headers: { "content-type": "text/plain" }, text: "hello" }));
    api.on("DELETE", "/storage/v1/object/media", (r) => ({
      json: ((r.body as { prefixes: string[] }).prefixes ?? []).map((name) => ({ name, bucket_id: "media" })),
    }));
  });

  afterAll(async () => {
    await api.close();
    configureLocal();
  });

  function configureSupabase() {
    configureLocal({ SUPABASE_URL: api.url, SUPABASE_SERVICE_ROLE_KEY: SERVICE_KEY });
  }

  it("uploads through POST /api/media: service key, path, content type and the normalised bytes; public URL back", async () => {
    configureSupabase();
    const { workspace, key } = await workspaceWithKey();
    api.reset();
    const r = await json(await mediaRoute.POST(upload(key, await exifJpeg(), "shop.jpg", "image/jpeg")));
    expect(r.status).toBe(201);
    const m = r.body.media;
    const objectPath = `${workspace.id}/${m.id}.jpg`;
    expect(m.url).toBe(`${api.url}/storage/v1/object/public/media/${objectPath}`);

    const sent = api.requests.find((q) => q.method === "POST")!;
    expect(sent.path).toBe(`/storage/v1/object/media/${objectPath}`);
    expect(sent.headers.authorization).toBe(`Bearer ${SERVICE_KEY}`);
    expect(sent.headers.apikey).toBe(SERVICE_KEY);
    expect(sent.headers["content-type"]).toBe("image/jpeg");
    expect(sent.headers["x-upsert"]).toBe("false");
    expect(sent.headers["cache-control"]).toBe("max-age=31536000");
    const bytes = sent.body as Buffer;
    expect(bytes.length).toBe(m.sizeBytes);
    expect(bytes.includes("HERALD-GPS-MARKER")).toBe(false);
    expect((await sharp(bytes).metadata()).width).toBe(20);

    // The public file route is for local disk only.
    expect((await mediaFile.GET(new Request("http://localhost/x"), params({ id: m.id }))).status).toBe(404);

    api.reset();
    expect((await oneMedia.DELETE(req("DELETE", `/api/media/${m.id}`, { key }), params({ id: m.id }))).status).toBe(200);
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]).toMatchObject({ method: "DELETE", path: "/storage/v1/object/media", body: { prefixes: [objectPath] } });
    expect(api.requests[0].headers.authorization).toBe(`Bearer ${SERVICE_KEY}`);
  });

  it("answers a Storage failure with 503 and writes no row", async () => {
    configureSupabase();
    const { workspace, key } = await workspaceWithKey();
    api.once("POST", /^\/storage\/v1\/object\/media\/.+/, {
      status: 403,
      json: { statusCode: "403", error: "Unauthorized", message: "new row violates row-level security policy" },
    });
    const r = await json(await mediaRoute.POST(upload(key, await png(), "a.png")));
    expect(r.status).toBe(503);
    expect(r.body.error).toMatchObject({ code: "unavailable", message: expect.stringMatching(/Supabase Storage: new row violates row-level security policy/) });
    expect(await db().mediaAsset.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("removes the uploaded object when the row cannot be written", async () => {
    configureSupabase();
    api.reset();
    await expect(createMediaAsset("ghost-workspace", { data: await png() })).rejects.toThrow();
    const put = api.requests.find((q) => q.method === "POST")!;
    const objectPath = put.path.replace("/storage/v1/object/media/", "");
    expect(objectPath).toMatch(/^ghost-workspace\/m[0-9a-z]{25}\.png$/);
    expect(api.requests.find((q) => q.method === "DELETE")?.body).toEqual({ prefixes: [objectPath] });
  });

  it("downloads an object, and reads a missing one as null (both status styles)", async () => {
    const s = new SupabaseStorage({ url: api.url, serviceRoleKey: SERVICE_KEY, bucket: "media" });
    expect(await s.get("ws1/mhello.png")).toEqual({ data: Buffer.from("hello"), mime: "text/plain" });
    api.once("GET", /\/storage\/v1\/object\/media\/ws1\/mgone\.png/, { status: 400, json: { statusCode: "404", error: "not_found", message: "Object not found" } });
    expect(await s.get("ws1/mgone.png")).toBeNull();
    api.once("GET", /\/storage\/v1\/object\/media\/ws1\/mgone\.png/, { status: 404, json: { statusCode: "404", error: "not_found", message: "Object not found" } });
    expect(await s.get("ws1/mgone.png")).toBeNull();
    api.once("GET", /\/storage\/v1\/object\/media\/ws1\/mbroken\.png/, { status: 500, json: { statusCode: "500", error: "internal", message: "boom" } });
    await expect(s.get("ws1/mbroken.png")).rejects.toMatchObject({ code: "unavailable" });
  });

  it("refuses a half-configured Supabase (URL without key) instead of silently using local disk", async () => {
    configureLocal({ SUPABASE_URL: api.url });
    const { key } = await workspaceWithKey();
    const r = await json(await mediaRoute.POST(upload(key, await png(), "a.png")));
    expect(r.status).toBe(503);
    expect(r.body.error.message).toMatch(/half-configured/);
    configureLocal();
  });
});
