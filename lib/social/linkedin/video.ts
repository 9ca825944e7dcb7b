// LinkedIn video: the Videos API's limits and a small MP4 reader, so a video LinkedIn would refuse
// is refused before any byte is uploaded
// (learn.microsoft.com/linkedin/marketing/community-management/shares/videos-api).

/**
 * LinkedIn's video specifications: MP4, 75 KB to 500 MB, 3 seconds to 30 minutes. LinkedIn counts
 * in binary units (its "4 MB" upload parts are 4,194,304 bytes), so the byte limits are too.
 */
export const LINKEDIN_VIDEO_MIN_BYTES = 75 * 1024;
export const LINKEDIN_VIDEO_MAX_BYTES = 500 * 1024 * 1024;
export const LINKEDIN_VIDEO_MIN_DURATION_S = 3;
export const LINKEDIN_VIDEO_MAX_DURATION_S = 30 * 60;

/**
 * After finalizeUpload, GET /rest/videos/{urn} is polled every interval until AVAILABLE, at most
 * this many times. Past that the post is created anyway: LinkedIn accepts a post whose video is
 * still PROCESSING and finishes it on its own; the poll is there to catch PROCESSING_FAILED first.
 */
export const LINKEDIN_VIDEO_POLL_INTERVAL_MS = 3_000;
export const LINKEDIN_VIDEO_MAX_POLLS = 40;
/** Time allowed, on top of the polling, to download the video, upload its parts and post. */
export const LINKEDIN_VIDEO_TRANSFER_ALLOWANCE_MS = 120_000;

/** Extensions of containers that are certainly not MP4 (checked on http(s) URLs in validate()). */
const NOT_MP4_EXTENSIONS = new Set(["webm", "avi", "mkv", "wmv", "flv", "mpg", "mpeg", "ogv", "ts"]);

export function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The extension of an http(s) URL's path when it names a container that is not MP4. */
export function nonMp4Extension(url: string): string | undefined {
  let path: string;
  try {
    const u = new URL(url);
    if (u.protocol !== "http:" && u.protocol !== "https:") return undefined;
    path = u.pathname;
  } catch {
    return undefined;
  }
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  return ext && NOT_MP4_EXTENSIONS.has(ext) ? ext : undefined;
}

export interface Mp4Info {
  /** An ISO base media file (it has an `ftyp` box). */
  isoMedia: boolean;
  /** QuickTime (.mov): major brand "qt  " and no MP4 brand among the compatible ones. */
  quickTime: boolean;
  /** From the movie header (moov/mvhd); undefined when absent or not recorded (fragmented MP4). */
  durationS?: number;
}

interface Box {
  type: string;
  start: number; // first byte of the payload
  end: number; // one past the last byte
}

/** The boxes directly inside [from, to); stops at the first malformed one. */
function boxes(data: Buffer, from: number, to: number): Box[] {
  const out: Box[] = [];
  let at = from;
  while (at + 8 <= to) {
    let size = data.readUInt32BE(at);
    const type = data.toString("latin1", at + 4, at + 8);
    let header = 8;
    if (size === 1) {
      if (at + 16 > to) break;
      const big = data.readBigUInt64BE(at + 8);
      if (big > BigInt(Number.MAX_SAFE_INTEGER)) break;
      size = Number(big);
      header = 16;
    } else if (size === 0) {
      size = to - at; // runs to the end
    }
    if (size < header || at + size > to) {
      // A truncated last box (a download cut short would be caught elsewhere): keep what fits.
      out.push({ type, start: at + header, end: to });
      break;
    }
    out.push({ type, start: at + header, end: at + size });
    at += size;
  }
  return out;
}

const MP4_BRANDS = /^(isom|iso\d|mp4\d|avc1|hvc1|hev1|M4V |M4VH|M4VP|mmp4|dash|msnv|f4v )$/;

/** Reads what LinkedIn's rules need from an MP4's boxes: is it MP4, and how long is it. */
export function inspectMp4(data: Buffer): Mp4Info {
  const top = boxes(data, 0, data.length);
  const ftyp = top.find((b) => b.type === "ftyp");
  if (!ftyp || ftyp.end - ftyp.start < 8) return { isoMedia: false, quickTime: false };
  const brands: string[] = [data.toString("latin1", ftyp.start, ftyp.start + 4)];
  for (let at = ftyp.start + 8; at + 4 <= ftyp.end; at += 4) brands.push(data.toString("latin1", at, at + 4));
  const quickTime = brands[0] === "qt  " && !brands.some((b) => MP4_BRANDS.test(b));

  let durationS: number | undefined;
  const moov = top.find((b) => b.type === "moov");
  const mvhd = moov ? boxes(data, moov.start, moov.end).find((b) => b.type === "mvhd") : undefined;
  if (mvhd) {
    const v = data[mvhd.start];
    const p = mvhd.start + 4; // after version and flags
    let timescale = 0;
    let duration = 0;
    if (v === 1 && p + 28 <= mvhd.end) {
      timescale = data.readUInt32BE(p + 16);
      const d = data.readBigUInt64BE(p + 20);
      duration = d === 0xffffffffffffffffn ? 0 : Number(d);
    } else if (v === 0 && p + 16 <= mvhd.end) {
      timescale = data.readUInt32BE(p + 8);
      const d = data.readUInt32BE(p + 12);
      duration = d === 0xffffffff ? 0 : d;
    }
    // 0 means "not recorded here" (fragmented MP4 keeps it in the fragments).
    if (timescale > 0 && duration > 0) durationS = duration / timescale;
  }
  return { isoMedia: true, quickTime, ...(durationS !== undefined ? { durationS } : {}) };
}

