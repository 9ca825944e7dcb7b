// A small MP4/MOV reader for what networks' rules need before an upload (LinkedIn's format and
// length, TikTok's maximum duration): is it ISO media, is it QuickTime, how long is it.

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

/** Reads an MP4's boxes: is it ISO media (and QuickTime), and how long is it (moov/mvhd). */
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
