// Minimal ISO-BMFF (MP4) files for tests: what the media upload's probe reads (ftyp, moov with
// mvhd and a track header, mdat), built box by box.

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

/** A 5 s MP4 with one width × height track; `extra` boxes go into moov (e.g. udta). */
export function mp4(width: number, height: number, ...extra: Buffer[]): Buffer {
  const mvhd = box("mvhd", u32(0, 0, 0, 1000, 5000), Buffer.alloc(80));
  const identity = u32(0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000);
  const tkhd = box("tkhd", u32(0, 0, 0, 1, 0, 5000), Buffer.alloc(16), identity, u32(width << 16, height << 16));
  const moov = box("moov", mvhd, box("trak", tkhd, box("mdia")), ...extra);
  return Buffer.concat([box("ftyp", Buffer.from("isom"), u32(512), Buffer.from("isommp42")), moov, box("mdat", Buffer.alloc(2000, 7))]);
}
