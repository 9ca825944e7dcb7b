// Uploaded videos, made into a file every network takes, once, at upload (docs/design.md, "Media"):
// ffmpeg reads what the video really is (codecs, size, length, frame rate, rotation); an MP4 with
// H.264 video at 24–60 fps, AAC or no audio and its index at the front is stored as it is;
// anything else (HEVC, VP9, ProRes, a .mov, a WebM, 120 fps slow motion, a 15 fps screen
// recording …) becomes H.264 + AAC in MP4, its length and shape kept, its long side at most
// 1920 px and its frame rate within 24–60 fps (docs/adapters.md, "Video rules"). Every video gets
// a JPEG poster frame for previews.
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { HeraldError } from "../errors";
import { logger } from "../logger";
import { oneAtATime, runFfmpeg } from "./ffmpeg";
import { fasterThan, slowerThan } from "./frame-rate";
import { convertingReporter, type ReportProgress } from "./progress";

// ---------------------------------------------------------------------------------------------
// What ffmpeg says about its input ("ffmpeg -i file" with no output: the stream summary on stderr)

export interface VideoStreamInfo {
  /** ffmpeg's codec name: h264, hevc, vp9, av1, prores, mpeg4 … */
  codec: string;
  /** The codec's profile as ffmpeg names it ("High", "Main 10", "Profile 1"), when given. */
  profile: string | null;
  pixelFormat: string | null;
  /** Coded size; see `rotation` for how it is shown. */
  width: number;
  height: number;
  /** Sample (pixel) aspect ratio, width ÷ height of one pixel; 1 when not stated. */
  sampleAspect: number;
  frameRate: number | null;
  /** Clockwise quarter turns a player applies, in degrees: 0, 90, 180 or 270. */
  rotation: 0 | 90 | 180 | 270;
}

export interface AudioStreamInfo {
  codec: string;
  profile: string | null;
  sampleRate: number | null;
  channels: number | null;
}

export interface ProbedMedia {
  /** ffmpeg's demuxer names, e.g. "mov,mp4,m4a,3gp,3g2,mj2" or "matroska,webm". */
  format: string;
  durationMs: number | null;
  video: VideoStreamInfo | null;
  audio: AudioStreamInfo | null;
}

/** Splits at commas outside parentheses and brackets: "yuv420p(tv, bt709), 1920x1080 [SAR 1:1 DAR 16:9]". */
function topLevelParts(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "(" || c === "[") depth++;
    else if ((c === ")" || c === "]") && depth > 0) depth--;
    else if (c === "," && depth === 0) {
      parts.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(s.slice(start).trim());
  return parts.filter(Boolean);
}

/** "29.97", "30", "1k" → a number. */
function rate(s: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(k?)$/.exec(s);
  if (!m) return null;
  const n = Number(m[1]) * (m[2] ? 1000 : 1);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** The codec and its profile from "h264 (High) (avc1 / 0x31637661)". */
function codecOf(part: string): { codec: string; profile: string | null } {
  const codec = /^[\w-]+/.exec(part)?.[0]?.toLowerCase() ?? "";
  const profile = [...part.matchAll(/\(([^()]*)\)/g)].map((m) => m[1]).find((p) => !p.includes(" / ")) ?? null;
  return { codec, profile };
}

const CHANNELS: Record<string, number> = { mono: 1, stereo: 2, "2.1": 3, "3.0": 3, quad: 4, "4.0": 4, "5.0": 5, "5.1": 6, "6.1": 7, "7.1": 8 };

function parseVideo(desc: string): VideoStreamInfo | null {
  const parts = topLevelParts(desc);
  const { codec, profile } = codecOf(parts[0] ?? "");
  let width = 0;
  let height = 0;
  let sampleAspect = 1;
  let fps: number | null = null;
  let tbr: number | null = null;
  let pixelFormat: string | null = null;
  for (const [i, p] of parts.entries()) {
    const size = /^(\d+)x(\d+)\b/.exec(p);
    if (size && !width) {
      width = Number(size[1]);
      height = Number(size[2]);
    }
    const sar = /SAR (\d+):(\d+)/.exec(p);
    if (sar && Number(sar[1]) > 0 && Number(sar[2]) > 0) sampleAspect = Number(sar[1]) / Number(sar[2]);
    const f = /^(\S+) fps$/.exec(p);
    if (f) fps = rate(f[1]);
    const t = /^(\S+) tbr$/.exec(p);
    if (t) tbr = rate(t[1]);
    // The pixel format is the second part when it is not the size: "yuv420p(tv, bt709)".
    // ("none" when no frame could be decoded to tell).
    if (i === 1 && !size && /^[a-z0-9_]+(\(|$)/.test(p)) pixelFormat = /^[a-z0-9_]+/.exec(p)![0];
    if (pixelFormat === "none") pixelFormat = null;
  }
  if (!codec || !width || !height) return null;
  return { codec, profile, pixelFormat, width, height, sampleAspect, frameRate: fps ?? tbr, rotation: 0 };
}

function parseAudio(desc: string): AudioStreamInfo {
  const parts = topLevelParts(desc);
  const { codec, profile } = codecOf(parts[0] ?? "");
  let sampleRate: number | null = null;
  let channels: number | null = null;
  for (const p of parts.slice(1)) {
    const hz = /^(\d+) Hz$/.exec(p);
    if (hz) sampleRate = Number(hz[1]);
    const layout = /^([\w.]+)(\(.*\))?$/.exec(p)?.[1];
    if (channels === null && layout && CHANNELS[layout] !== undefined) channels = CHANNELS[layout];
    const n = /^(\d+) channels/.exec(p);
    if (channels === null && n) channels = Number(n[1]);
  }
  return { codec, profile, sampleRate, channels };
}

function quarterTurn(degrees: number): 0 | 90 | 180 | 270 {
  const q = ((Math.round(degrees / 90) * 90) % 360 + 360) % 360;
  return q as 0 | 90 | 180 | 270;
}

/**
 * Reads the summary ffmpeg prints for its first input: container, duration, the first video
 * stream that is not cover art, the first audio stream, and the video's rotation (its "rotate"
 * tag, or else the display matrix, which counts the other way round). Null when there is no
 * input summary at all: ffmpeg could not open the file.
 */
export function parseFfmpegInfo(stderr: string): ProbedMedia | null {
  const lines = stderr.split(/\r?\n/);
  const start = lines.findIndex((l) => /^Input #0, /.test(l));
  if (start < 0) return null;
  const format = /^Input #0, (.*), from '/.exec(lines[start])?.[1] ?? "";
  let durationMs: number | null = null;
  let video: VideoStreamInfo | null = null;
  let audio: AudioStreamInfo | null = null;
  let current: "video" | "other" | null = null;
  let tagged = false;
  for (const line of lines.slice(start + 1)) {
    if (/^(Input #|Output #|Stream mapping:)/.test(line) || /^\S/.test(line)) break;
    const d = /^\s+Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(line);
    if (d) durationMs = Math.round((Number(d[1]) * 3600 + Number(d[2]) * 60 + Number(d[3])) * 1000);
    const s = /^\s+Stream #0:\d+\S*: (Video|Audio|Subtitle|Data|Attachment): (.*)$/.exec(line);
    if (s) {
      current = "other";
      if (s[1] === "Video" && !video && !/\(attached pic\)/.test(s[2])) {
        video = parseVideo(s[2]);
        if (video) current = "video";
      } else if (s[1] === "Audio" && !audio) {
        audio = parseAudio(s[2]);
      }
      continue;
    }
    if (current !== "video" || !video) continue;
    const tag = /^\s+rotate\s*: (-?\d+(?:\.\d+)?)\s*$/.exec(line);
    if (tag) {
      video.rotation = quarterTurn(Number(tag[1]));
      tagged = true;
    }
    const matrix = /displaymatrix: rotation of (-?\d+(?:\.\d+)?) degrees/.exec(line);
    if (matrix && !tagged) video.rotation = quarterTurn(-Number(matrix[1]));
  }
  return { format, durationMs, video, audio };
}

/** The size a player shows: the rotation applied, and pixels made square. */
export function displaySize(v: VideoStreamInfo): { width: number; height: number } {
  const w = Math.max(1, Math.round(v.width * v.sampleAspect));
  return v.rotation === 90 || v.rotation === 270 ? { width: v.height, height: w } : { width: w, height: v.height };
}

/** Scaled so the long side is at most `maxSide`, both sides even (what 4:2:0 H.264 needs). */
export function fitEven(width: number, height: number, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  const even = (n: number) => Math.max(2, 2 * Math.round((n * scale) / 2));
  return { width: even(width), height: even(height) };
}

// ---------------------------------------------------------------------------------------------
// What to do with a video

/** The container as Herald's own sniffing found it (lib/media/inspect.ts). */
export interface VideoContainer {
  kind: "mp4" | "mov" | "webm";
  /** ISO files: the movie header comes before the media data ("faststart"); streaming needs it. */
  moovFirst: boolean;
}

export type VideoAction = "kept" | "remuxed" | "transcoded";

export interface VideoPlan {
  action: VideoAction;
  video: "copy" | "encode";
  audio: "copy" | "encode" | "none";
  /** Why it is not kept, in words; null when it is. */
  reason: string | null;
}

/** The longest side a converted video keeps (1080p, the most X and Instagram take). */
export const MAX_VIDEO_SIDE = 1920;

/**
 * The frame rates every network with a frame-rate rule takes: from Facebook's 24 (NTSC's 23.976
 * meets it) to everyone's 60. Like the codecs, what is stored is what all of them take, so a
 * video outside this range is converted even though YouTube (no rule) or X (no minimum) would
 * take it (docs/adapters.md, "Video rules"; test/unit/video-rules.test.ts holds it to the specs).
 */
export const STORED_FRAME_RATES = { min: 24, max: 60 } as const;
/** A slower video becomes 30 fps, its frames repeated: a common rate well inside every network's range. */
export const SLOW_VIDEO_TARGET_FPS = 30;

/** The rate a video is converted to (faster ones: 60, their motion kept; slower: 30), or null when its own is fine or unknown. */
export function convertedFrameRate(fps: number | null): number | null {
  if (fps === null) return null;
  if (fasterThan(fps, STORED_FRAME_RATES.max)) return STORED_FRAME_RATES.max;
  if (slowerThan(fps, STORED_FRAME_RATES.min)) return SLOW_VIDEO_TARGET_FPS;
  return null;
}

const CONTAINER_LABEL: Record<VideoContainer["kind"], string> = { mp4: "MP4", mov: "QuickTime (.mov)", webm: "WebM" };

function videoFits(v: VideoStreamInfo): boolean {
  return (
    v.codec === "h264" &&
    (v.pixelFormat === "yuv420p" || v.pixelFormat === "yuvj420p") &&
    v.width % 2 === 0 &&
    v.height % 2 === 0 &&
    Math.abs(v.sampleAspect - 1) < 0.01 &&
    convertedFrameRate(v.frameRate) === null
  );
}

/** AAC-LC, mono or stereo, at most 48 kHz (X refuses HE-AAC and 5.1). */
function audioFits(a: AudioStreamInfo): boolean {
  return (
    a.codec === "aac" &&
    (a.profile === null || a.profile === "LC") &&
    (a.channels === null || a.channels <= 2) &&
    (a.sampleRate === null || a.sampleRate <= 48_000)
  );
}

/** Kept, put in a new MP4 (streams copied), or re-encoded; and why. */
export function planVideo(probe: ProbedMedia, container: VideoContainer): VideoPlan {
  const v = probe.video!;
  const video = videoFits(v) ? "copy" : "encode";
  const audio = !probe.audio ? "none" : audioFits(probe.audio) ? "copy" : "encode";
  const mp4 = container.kind === "mp4";
  if (video === "copy" && audio !== "encode" && mp4 && container.moovFirst) return { action: "kept", video, audio, reason: null };
  const what = [video === "encode" && describeVideo(v), audio === "encode" && probe.audio && `${probe.audio.codec} audio`].filter(Boolean);
  const reason = what.length
    ? `${what.join(" and ")} in ${CONTAINER_LABEL[container.kind]}`
    : mp4
      ? "an MP4 with its index at the end"
      : `H.264 in ${CONTAINER_LABEL[container.kind]}`;
  return { action: video === "encode" || audio === "encode" ? "transcoded" : "remuxed", video, audio, reason };
}

function describeVideo(v: VideoStreamInfo): string {
  const name: Record<string, string> = { h264: "H.264", hevc: "HEVC", vp9: "VP9", vp8: "VP8", av1: "AV1", prores: "ProRes", mpeg4: "MPEG-4" };
  const codec = name[v.codec] ?? v.codec;
  if (v.codec !== "h264") return `${codec} video`;
  if (v.frameRate && convertedFrameRate(v.frameRate) !== null) return `${Number(v.frameRate.toFixed(2))} fps video`;
  if (!v.pixelFormat) return "H.264 video of unknown pixel format";
  if (v.pixelFormat !== "yuv420p" && v.pixelFormat !== "yuvj420p") return `H.264 (${v.pixelFormat}) video`;
  return "H.264 video of odd size or non-square pixels";
}

// ---------------------------------------------------------------------------------------------
// Running it

/** Limits for one upload; a slow machine gets what is left of the function's 300 s. */
export const PROBE_TIMEOUT_MS = 15_000;
export const TRANSCODE_TIMEOUT_MS = 240_000;
export const POSTER_TIMEOUT_MS = 20_000;
/** Longest side of the poster frame. */
export const POSTER_MAX_SIDE = 1280;

export interface ProcessedVideo {
  data: Buffer;
  width: number;
  height: number;
  durationMs: number | null;
  videoCodec: string;
  audioCodec: string | null;
  frameRate: number | null;
  /** A JPEG frame at 1 s (or the middle of a shorter video). */
  poster: Buffer;
  action: VideoAction;
  /** What the original was, when it was converted ("HEVC video in QuickTime (.mov)"). */
  from: string | null;
  /** Time spent in ffmpeg for this upload (probe, conversion, poster), in ms. */
  ms: number;
}

function unreadable(message: string): HeraldError {
  return new HeraldError("validation_failed", message, { fields: [{ path: "file", message }] });
}

const DEMUXER: Record<VideoContainer["kind"], string> = { mp4: "mov", mov: "mov", webm: "matroska" };

/** -f picks the one demuxer our own sniffing chose, and only local files may be opened. */
function inputArgs(kind: VideoContainer["kind"], file: string): string[] {
  return ["-f", DEMUXER[kind], "-protocol_whitelist", "file", "-i", file];
}

async function probe(kind: VideoContainer["kind"], file: string): Promise<ProbedMedia> {
  const r = await runFfmpeg(inputArgs(kind, file), { timeoutMs: PROBE_TIMEOUT_MS });
  const info = r.timedOut ? null : parseFfmpegInfo(r.stderr);
  if (!info) {
    throw unreadable("The video could not be read (corrupt, truncated, or not really a video). Export it again as MP4 and re-upload.");
  }
  return info;
}

function transcodeArgs(plan: VideoPlan, p: ProbedMedia, kind: VideoContainer["kind"], input: string, output: string, maxBytes: number): string[] {
  const v = p.video!;
  const args = ["-v", "error", ...inputArgs(kind, input), "-map", "0:v:0"];
  if (plan.audio !== "none") args.push("-map", "0:a:0");
  // Titles, dates, device and recording location (udta, meta) and chapters stay behind.
  args.push("-map_metadata", "-1", "-map_chapters", "-1", "-sn", "-dn");
  if (plan.video === "copy") {
    args.push("-c:v", "copy");
  } else {
    const shown = displaySize(v);
    const size = fitEven(shown.width, shown.height, MAX_VIDEO_SIDE);
    // ffmpeg turns the frames upright first (autorotate), so the size is the one shown. The fps
    // filter drops or repeats frames to reach a rate every network takes.
    const fps = convertedFrameRate(v.frameRate);
    const filters = [...(fps ? [`fps=${fps}`] : []), `scale=${size.width}:${size.height}`, "setsar=1"];
    args.push("-vf", filters.join(","), "-c:v", "libx264", "-preset", "veryfast", "-crf", "23");
    args.push("-profile:v", "high", "-pix_fmt", "yuv420p");
  }
  if (plan.audio === "copy") args.push("-c:a", "copy");
  if (plan.audio === "encode") {
    args.push("-c:a", "aac", "-b:a", "128k");
    const a = p.audio!;
    if (a.channels === null || a.channels > 2) args.push("-ac", "2");
    if (a.sampleRate === null || a.sampleRate > 48_000) args.push("-ar", "48000");
  }
  args.push("-movflags", "+faststart", "-fs", String(maxBytes), "-f", "mp4", output);
  return args;
}

async function poster(file: string, durationMs: number | null, shown: { width: number; height: number }, out: string): Promise<Buffer> {
  const size = fitEven(shown.width, shown.height, POSTER_MAX_SIDE);
  const at = durationMs === null ? 0 : durationMs >= 2000 ? 1 : durationMs / 2000;
  for (const seek of at > 0 ? [at, 0] : [0]) {
    const r = await runFfmpeg(
      ["-v", "error", "-ss", seek.toFixed(3), ...inputArgs("mp4", file), "-frames:v", "1", "-vf", `scale=${size.width}:${size.height}`, "-q:v", "3", "-f", "image2", "-c:v", "mjpeg", "-y", out],
      { timeoutMs: POSTER_TIMEOUT_MS },
    );
    const jpeg = r.code === 0 ? await readFile(out).catch(() => null) : null;
    if (jpeg && jpeg.length > 0) return jpeg;
  }
  throw unreadable("No picture could be decoded from the video (corrupt or truncated). Export it again as MP4 and re-upload.");
}

/**
 * Probes the video, converts it unless every network would take it as it is, and cuts its poster.
 * `data` is what Herald's container check passed on (ISO files with their metadata boxes already
 * blanked). Unreadable input is a 400 naming the file; a conversion that overruns its time or
 * `maxOutputBytes` is a 400 that says so.
 */
export async function processVideo(
  data: Buffer,
  container: VideoContainer,
  opts: { maxOutputBytes: number; onProgress?: ReportProgress },
): Promise<ProcessedVideo> {
  const started = performance.now();
  const report: ReportProgress = opts.onProgress ?? (() => {});
  const dir = await mkdtemp(path.join(tmpdir(), "herald-video-"));
  try {
    const input = path.join(dir, "input");
    await writeFile(input, data);
    report({ stage: "checking" });
    const original = await probe(container.kind, input);
    if (!original.video) {
      throw unreadable("The file has no video picture in it (audio only, or not really a video). Upload a video with a picture.");
    }
    const plan = planVideo(original, container);
    let stored = data;
    let storedPath = input;
    let result = original;
    if (plan.action !== "kept") {
      const output = path.join(dir, "output.mp4");
      const r = await oneAtATime(() =>
        runFfmpeg(transcodeArgs(plan, original, container.kind, input, output, opts.maxOutputBytes), {
          timeoutMs: TRANSCODE_TIMEOUT_MS,
          onProgress: convertingReporter(original.durationMs, report),
        }),
      );
      if (r.timedOut) {
        throw unreadable(
          `Converting the video (${plan.reason}) to H.264 MP4 took longer than ${TRANSCODE_TIMEOUT_MS / 1000} s. Export it as MP4 (H.264, AAC) and upload that.`,
        );
      }
      const size = r.code === 0 ? (await stat(output).catch(() => null))?.size ?? 0 : 0;
      if (r.code !== 0 || size === 0) {
        logger.warn({ stderr: r.stderr.slice(-2000), plan }, "ffmpeg could not convert an uploaded video");
        throw unreadable(`The video (${plan.reason}) could not be converted to H.264 MP4: it is corrupt or uses a codec this server cannot read. Export it as MP4 (H.264, AAC) and upload that.`);
      }
      if (size >= opts.maxOutputBytes) {
        throw unreadable(`Converted to H.264 MP4 the video would be larger than ${Math.round(opts.maxOutputBytes / 1e6)} MB. Upload a shorter or smaller one.`);
      }
      stored = await readFile(output);
      storedPath = output;
      result = await probe("mp4", output);
      if (!result.video) throw unreadable("The converted video has no picture; export it as MP4 (H.264) and upload that.");
    }
    const shown = displaySize(result.video!);
    report({ stage: "poster" });
    const jpeg = await poster(storedPath, result.durationMs, shown, path.join(dir, "poster.jpg"));
    return {
      data: stored,
      ...shown,
      durationMs: result.durationMs ?? original.durationMs,
      videoCodec: result.video!.codec,
      audioCodec: result.audio?.codec ?? null,
      frameRate: result.video!.frameRate,
      poster: jpeg,
      action: plan.action,
      from: plan.reason,
      ms: Math.round(performance.now() - started),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
