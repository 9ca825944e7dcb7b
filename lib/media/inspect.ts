// What an upload really is, judged by its bytes (never by its name or declared type), and the
// one-time normalisation before it is stored: images are auto-rotated by EXIF and re-encoded
// without metadata (no GPS leaves Herald), HEIC/HEIF becomes JPEG; videos are checked by their
// container structure, their metadata boxes are blanked in place, and then ffmpeg reads them and
// converts any that not every network would take as they are (lib/media/video.ts).
import sharp, { type Metadata, type OutputInfo } from "sharp";
import { HeraldError } from "../errors";
import type { ReportProgress } from "./progress";
import { processVideo, type VideoAction, type VideoContainer } from "./video";

export type MediaKind = "image" | "video" | "gif";

export interface InspectedMedia {
  kind: MediaKind;
  mime: string;
  /** File extension for the storage key. */
  ext: string;
  /** The bytes to store (normalised). */
  data: Buffer;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  /** Videos: what ffmpeg found and did. */
  video?: VideoDetails;
}

export interface VideoDetails {
  videoCodec: string;
  audioCodec: string | null;
  frameRate: number | null;
  /** JPEG poster frame. */
  poster: Buffer;
  /** Stored as uploaded, put into a new MP4, or re-encoded. */
  action: VideoAction;
  /** What it was before, when it was converted. */
  from: string | null;
  /** Time spent in ffmpeg. */
  ms: number;
}

export interface InspectOptions {
  /** The most a converted video may weigh. */
  maxVideoBytes: number;
  /** Told what a video's processing is doing (lib/media/progress.ts). */
  onProgress?: ReportProgress;
}

export interface DeclaredType {
  filename?: string;
  mime?: string;
}

/** Decompression-bomb guard: a 100 MB PNG can hold gigabytes of pixels. 100 MP covers phone cameras. */
export const MAX_INPUT_PIXELS = 100_000_000;

const ACCEPTED =
  "Herald accepts JPEG, PNG, WebP, GIF and HEIC images and MP4, MOV and WebM videos";

function invalid(message: string): HeraldError {
  return new HeraldError("validation_failed", message, { fields: [{ path: "file", message }] });
}

function claimed(declared: DeclaredType): string {
  const parts = [declared.filename && `"${declared.filename}"`, declared.mime && declared.mime !== "application/octet-stream" && declared.mime]
    .filter(Boolean)
    .join(", ");
  return parts ? ` (It was sent as ${parts}; Herald goes by the contents, not the name or declared type.)` : "";
}

export async function inspectUpload(data: Buffer, declared: DeclaredType = {}, opts: InspectOptions = { maxVideoBytes: 2 * 1024 ** 3 }): Promise<InspectedMedia> {
  if (data.length === 0) throw invalid("The file is empty.");
  const iso = isoBrand(data);
  if (iso) {
    const heif = HEIF_BRANDS.has(iso.major) || (!MP4_BRANDS.has(iso.major) && iso.compatible.some((b) => HEIF_BRANDS.has(b)));
    if (heif) {
      return inspectImage(data, declared, true);
    }
    return finishVideo(inspectIsoVideo(data, iso), opts);
  }
  if (isLegacyQuickTime(data)) return finishVideo(inspectIsoVideo(data, { major: "qt  ", compatible: [] }), opts);
  if (data.length >= 4 && data.readUInt32BE(0) === 0x1a45dfa3) return finishVideo(inspectEbml(data), opts);
  return inspectImage(data, declared, false);
}

/** What the container check passed on, read and (where needed) converted by ffmpeg. */
async function finishVideo(checked: { container: VideoContainer; data: Buffer }, opts: InspectOptions): Promise<InspectedMedia> {
  const v = await processVideo(checked.data, checked.container, { maxOutputBytes: opts.maxVideoBytes, onProgress: opts.onProgress });
  return {
    kind: "video",
    mime: "video/mp4",
    ext: "mp4",
    data: v.data,
    width: v.width,
    height: v.height,
    durationMs: v.durationMs,
    video: { videoCodec: v.videoCodec, audioCodec: v.audioCodec, frameRate: v.frameRate, poster: v.poster, action: v.action, from: v.from, ms: v.ms },
  };
}

// ---------------------------------------------------------------------------------------------
// Images

const IMAGE_FORMATS: Record<string, { mime: string; ext: string }> = {
  jpeg: { mime: "image/jpeg", ext: "jpg" },
  png: { mime: "image/png", ext: "png" },
  webp: { mime: "image/webp", ext: "webp" },
  gif: { mime: "image/gif", ext: "gif" },
};

async function inspectImage(data: Buffer, declared: DeclaredType, heifContainer: boolean): Promise<InspectedMedia> {
  let meta: Metadata;
  try {
    meta = await sharp(data).metadata();
  } catch (err) {
    const msg = err instanceof Error ? err.message : "";
    if (heifContainer) {
      throw invalid("The HEIC/HEIF image could not be read (corrupt, or a variant this server cannot decode). Export it as JPEG and upload that.");
    }
    if (/corrupt|premature|truncat|bad|invalid/i.test(msg) && !/unsupported image format/i.test(msg)) {
      throw invalid("The image is corrupt or truncated and could not be read. Export it again and re-upload.");
    }
    throw invalid(`The file is not a supported image or video. ${ACCEPTED}.${claimed(declared)}`);
  }

  const format = meta.format as string;
  const isHeif = format === "heif";
  if (!isHeif && !IMAGE_FORMATS[format]) {
    throw invalid(`${format.toUpperCase()} images are not supported. ${ACCEPTED}.`);
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (pixels > MAX_INPUT_PIXELS) {
    throw invalid(
      `The image is ${meta.width}×${meta.height} (${Math.round(pixels / 1e6)} megapixels); Herald accepts up to ${MAX_INPUT_PIXELS / 1e6} megapixels.`,
    );
  }

  const animated = (meta.pages ?? 1) > 1 && (format === "gif" || format === "webp");
  const target = isHeif ? IMAGE_FORMATS.jpeg : IMAGE_FORMATS[format];
  // Re-encoding drops every metadata block (EXIF with GPS, XMP, IPTC, comments) and converts to
  // sRGB, which is what platforms expect anyway. rotate() first bakes the EXIF orientation in.
  let img = sharp(data, { animated, limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" });
  if (!animated) img = img.rotate();
  if (target.ext === "jpg") {
    if (meta.hasAlpha) img = img.flatten({ background: "#ffffff" });
    img = img.jpeg({ quality: 90 });
  } else if (target.ext === "png") {
    img = img.png();
  } else if (target.ext === "webp") {
    img = img.webp({ quality: 90 });
  } else {
    img = img.gif();
  }

  let out: { data: Buffer; info: OutputInfo };
  try {
    out = await img.toBuffer({ resolveWithObject: true });
  } catch (err) {
    if (isHeif && /codec|unsupported|compression|plugin/i.test(err instanceof Error ? err.message : "")) {
      throw invalid(
        "This HEIC photo uses HEVC compression, which this server cannot decode. Export it as JPEG (on an iPhone: Settings › Camera › Formats › Most Compatible) and upload that.",
      );
    }
    throw invalid("The image is corrupt or truncated and could not be decoded. Export it again and re-upload.");
  }
  const height = animated ? (out.info.pageHeight ?? out.info.height) : out.info.height;
  return {
    kind: format === "gif" && animated ? "gif" : "image",
    mime: target.mime,
    ext: target.ext,
    data: out.data,
    width: out.info.width,
    height,
    durationMs: null,
  };
}

// ---------------------------------------------------------------------------------------------
// ISO base media files (MP4, MOV, and HEIF images, which share the container)

const HEIF_BRANDS = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "mif1", "mif2", "msf1", "avif", "avis"]);
const MP4_BRANDS = new Set([
  "isom", "iso2", "iso3", "iso4", "iso5", "iso6", "iso7", "iso8", "iso9",
  "mp41", "mp42", "avc1", "M4V ", "M4VH", "M4VP", "dash", "f4v ", "XAVC", "MSNV", "mmp4",
]);
const AUDIO_BRANDS = new Set(["M4A ", "M4B ", "M4P "]);

interface IsoBrand {
  major: string;
  compatible: string[];
}

function isoBrand(data: Buffer): IsoBrand | null {
  if (data.length < 16 || data.toString("latin1", 4, 8) !== "ftyp") return null;
  const size = Math.min(data.readUInt32BE(0), data.length);
  const compatible: string[] = [];
  for (let p = 16; p + 4 <= size; p += 4) compatible.push(data.toString("latin1", p, p + 4));
  return { major: data.toString("latin1", 8, 12), compatible };
}

/** QuickTime files from before the ftyp box start straight with a movie or media box. */
function isLegacyQuickTime(data: Buffer): boolean {
  if (data.length < 8) return false;
  const type = data.toString("latin1", 4, 8);
  return type === "moov" || type === "wide" || type === "mdat";
}

interface Box {
  type: string;
  start: number;
  /** First byte of the payload. */
  body: number;
  end: number;
}

class BrokenContainer extends Error {}

function* boxes(buf: Buffer, start: number, end: number): Generator<Box> {
  let pos = start;
  while (pos + 8 <= end) {
    let size = buf.readUInt32BE(pos);
    const type = buf.toString("latin1", pos + 4, pos + 8);
    let header = 8;
    if (size === 1) {
      if (pos + 16 > end) throw new BrokenContainer();
      const large = buf.readBigUInt64BE(pos + 8);
      if (large > BigInt(end - pos)) throw new BrokenContainer();
      size = Number(large);
      header = 16;
    } else if (size === 0) {
      size = end - pos; // "extends to the end of the file"
    }
    if (size < header || pos + size > end) throw new BrokenContainer();
    yield { type, start: pos, body: pos + header, end: pos + size };
    pos += size;
  }
}

const XMP_UUID = "be7acfcb97a942e89c71999491e3afac";

/** The container's own check: a movie header, no broken boxes; metadata boxes blanked. */
function inspectIsoVideo(data: Buffer, brand: IsoBrand): { container: VideoContainer; data: Buffer } {
  if (AUDIO_BRANDS.has(brand.major)) throw invalid(`Audio files are not supported. ${ACCEPTED}.`);
  const quicktime = brand.major === "qt  ";
  if (!quicktime && !MP4_BRANDS.has(brand.major) && !brand.compatible.some((b) => MP4_BRANDS.has(b))) {
    throw invalid(`This ISO media file (brand "${brand.major.trim()}") is not a supported video. ${ACCEPTED}.`);
  }
  const out = Buffer.from(data); // the scrub below edits a copy, never the caller's buffer
  // Renamed to "free" and zero-filled: readers skip it, nobody can dig the bytes out, and its
  // length stays the same, so the sample offsets into mdat stay valid.
  const blank = (b: Box) => {
    out.write("free", b.start + 4, "latin1");
    out.fill(0, b.body, b.end);
  };
  let moov = false;
  let mdatFirst = false;
  try {
    for (const top of boxes(data, 0, data.length)) {
      if (top.type === "uuid" && data.toString("hex", top.body, top.body + 16) === XMP_UUID) blank(top);
      if (top.type === "mdat" && !moov) mdatFirst = true;
      if (top.type !== "moov") continue;
      moov = true;
      for (const b of boxes(data, top.body, top.end)) {
        // User data and metadata hold titles, device make/model and the recording location
        // (©xyz, com.apple.quicktime.location.ISO6709): blanked.
        if (b.type === "udta" || b.type === "meta") blank(b);
        if (b.type !== "trak") continue;
        for (const t of boxes(data, b.body, b.end)) {
          if (t.type === "udta" || t.type === "meta") blank(t);
        }
      }
    }
  } catch (err) {
    if (err instanceof BrokenContainer) {
      throw invalid("The video is corrupt or truncated (its MP4/MOV structure is broken). Export it again and re-upload.");
    }
    throw err;
  }
  if (!moov) {
    throw invalid("The video has no movie header (an incomplete upload or an unfinished recording). Export it again as MP4 and re-upload.");
  }
  return { container: { kind: quicktime ? "mov" : "mp4", moovFirst: !mdatFirst }, data: out };
}

// ---------------------------------------------------------------------------------------------
// WebM (EBML). Only the header's DocType is read here; ffmpeg reads the rest.

function inspectEbml(data: Buffer): { container: VideoContainer; data: Buffer } {
  const head = data.subarray(0, 64).toString("latin1");
  if (head.includes("webm")) return { container: { kind: "webm", moovFirst: false }, data };
  if (head.includes("matroska")) throw invalid(`Matroska (.mkv) videos are not supported. ${ACCEPTED}.`);
  throw invalid(`The file is not a supported image or video. ${ACCEPTED}.`);
}
