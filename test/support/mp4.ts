// MP4 files for tests. `mp4()` is a real video, made by the bundled ffmpeg (H.264, faststart, a
// few kilobytes: a flat colour at 25 frames a second, a rate every network takes), so the upload's
// probe reads it like a phone's clip and stores it as it is; `box` and `u32` build ISO-BMFF boxes
// by hand for files that are broken on purpose.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

/** One box: its 32-bit size, its four-character type, its payload. */
export function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length);
  head.write(type, 4, "latin1");
  return Buffer.concat([head, body]);
}

/** Big-endian 32-bit words. */
export const u32 = (...ns: number[]) =>
  Buffer.concat(
    ns.map((n) => {
      const b = Buffer.alloc(4);
      b.writeUInt32BE(n >>> 0);
      return b;
    }),
  );

export const ffmpegBinary = (): string => (createRequire(import.meta.url)("@ffmpeg-installer/ffmpeg") as { path: string }).path;

/** Runs the bundled ffmpeg on a lavfi source and returns the file it wrote (`out` names its extension). */
export function ffmpegMake(args: string[], out = "out.mp4"): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), "herald-test-video-"));
  try {
    const file = path.join(dir, out);
    execFileSync(ffmpegBinary(), ["-hide_banner", "-nostdin", "-v", "error", ...args, "-y", file], { timeout: 60_000 });
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A moving test pattern with a tone, HEVC + AAC in .mov (as an iPhone records): no network takes it as it is. */
export const hevcMov = (size: string, seconds: number, rate: number): Buffer =>
  ffmpegMake(
    [
      "-f", "lavfi", "-i", `testsrc=size=${size}:rate=${rate}:duration=${seconds}`,
      "-f", "lavfi", "-i", `sine=duration=${seconds}`,
      "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-pix_fmt", "yuv420p", "-tag:v", "hvc1", "-c:a", "aac",
    ],
    "phone.mov",
  );

export interface Mp4Options {
  /** Length in seconds; 5 by default. */
  seconds?: number;
  /** A recording location (ISO 6709, "+52.5200+013.4050/"); the mp4 muxer writes it as a 3GPP `loci` box in moov/udta. */
  location?: string;
  /** A sine tone as AAC audio. */
  audio?: boolean;
}

const made = new Map<string, Buffer>();

/** A real H.264 MP4 of width × height (even sizes), its index at the front. */
export function mp4(width: number, height: number, opts: Mp4Options = {}): Buffer {
  const seconds = opts.seconds ?? 5;
  const key = JSON.stringify([width, height, seconds, opts.location ?? null, opts.audio ?? false]);
  let file = made.get(key);
  if (!file) {
    const args = ["-f", "lavfi", "-i", `color=c=0x3366aa:s=${width}x${height}:r=25:d=${seconds}`];
    if (opts.audio) args.push("-f", "lavfi", "-i", `sine=frequency=440:sample_rate=44100:duration=${seconds}`, "-c:a", "aac");
    args.push("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-movflags", "+faststart");
    if (opts.location) args.push("-metadata", `location=${opts.location}`);
    file = ffmpegMake(args);
    made.set(key, file);
  }
  return Buffer.from(file);
}
