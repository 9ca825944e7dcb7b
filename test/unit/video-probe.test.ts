// What ffmpeg says about an upload, read back (lib/media/video.ts parseFfmpegInfo), and what is
// done with it (planVideo). The summaries marked "bundled" are what the bundled ffmpeg 4.1 printed
// for clips it made itself; the two marked "newer ffmpeg" are in the form ffmpeg 5–7 prints
// (stream ids in brackets, rotation only as a display matrix), should the binary be replaced.
import { describe, expect, it } from "vitest";
import { convertedFrameRate, displaySize, fitEven, parseFfmpegInfo, planVideo, type ProbedMedia } from "@/lib/media/video";

const bundled = {
  hevcMp4: `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from '/tmp/herald-video-1/input':
  Metadata:
    major_brand     : isom
    minor_version   : 512
    compatible_brands: isomiso2mp41
    encoder         : Lavf58.24.100
  Duration: 00:00:01.02, start: 0.000000, bitrate: 219 kb/s
    Stream #0:0(und): Video: hevc (Rext) (hev1 / 0x31766568), gbrp(tv, gbr/unknown/unknown, progressive), 320x240 [SAR 1:1 DAR 4:3], 122 kb/s, 10 fps, 10 tbr, 10240 tbn, 10 tbc (default)
    Metadata:
      handler_name    : VideoHandler
    Stream #0:1(und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, mono, fltp, 69 kb/s (default)
    Metadata:
      handler_name    : SoundHandler
At least one output file must be specified
`,
  vp9Webm: `Input #0, matroska,webm, from '/tmp/herald-video-2/input':
  Metadata:
    ENCODER         : Lavf58.24.100
  Duration: 00:00:01.01, start: -0.007000, bitrate: 210 kb/s
    Stream #0:0: Video: vp9 (Profile 1), gbrp(pc, gbr/unknown/unknown, progressive), 320x240, SAR 1:1 DAR 4:3, 10 fps, 10 tbr, 1k tbn, 1k tbc (default)
    Metadata:
      ENCODER         : Lavc58.42.100 libvpx-vp9
      DURATION        : 00:00:01.007000000
    Stream #0:1: Audio: opus, 48000 Hz, mono, fltp (default)
    Metadata:
      ENCODER         : Lavc58.42.100 libopus
      DURATION        : 00:00:01.008000000
At least one output file must be specified
`,
  proresMov: `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from '/tmp/herald-video-3/input':
  Metadata:
    major_brand     : qt  
    minor_version   : 512
    compatible_brands: qt  
    encoder         : Lavf58.24.100
  Duration: 00:00:01.00, start: 0.000000, bitrate: 2491 kb/s
    Stream #0:0(eng): Video: prores (4444) (ap4h / 0x68347061), yuv444p12le(tv, progressive), 240x320, 2484 kb/s, SAR 1:1 DAR 3:4, 10 fps, 10 tbr, 10240 tbn, 10240 tbc (default)
    Metadata:
      handler_name    : VideoHandler
      encoder         : Lavc58.42.100 prores
At least one output file must be specified
`,
  rotatedH264: `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from '/tmp/herald-video-4/input':
  Metadata:
    major_brand     : isom
    minor_version   : 512
    compatible_brands: isomiso2avc1mp41
    encoder         : Lavf58.24.100
  Duration: 00:00:01.00, start: 0.000000, bitrate: 129 kb/s
    Stream #0:0(und): Video: h264 (Constrained Baseline) (avc1 / 0x31637661), yuv420p, 320x240 [SAR 1:1 DAR 4:3], 122 kb/s, 10 fps, 10 tbr, 10240 tbn, 20 tbc (default)
    Metadata:
      rotate          : 270
      handler_name    : VideoHandler
    Side data:
      displaymatrix: rotation of 90.00 degrees
At least one output file must be specified
`,
  h264High422Pcm: `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from '/tmp/herald-video-5/input':
  Metadata:
    major_brand     : qt  
    minor_version   : 512
    compatible_brands: qt  
    encoder         : Lavf58.24.100
  Duration: 00:00:00.20, start: 0.000000, bitrate: 4409 kb/s
    Stream #0:0(eng): Video: h264 (High 4:2:2) (avc1 / 0x31637661), yuv422p, 1920x1080 [SAR 1:1 DAR 16:9], 2045 kb/s, 50 fps, 50 tbr, 12800 tbn, 100 tbc (default)
    Metadata:
      handler_name    : VideoHandler
      encoder         : Lavc58.42.100 libx264
    Stream #0:1(eng): Audio: pcm_s24le (lpcm / 0x6D63706C), 96000 Hz, mono, s32 (24 bit), 2304 kb/s (default)
    Metadata:
      handler_name    : SoundHandler
At least one output file must be specified
`,
  boxesWithoutStreams: `[mov,mp4,m4a,3gp,3g2,mj2 @ 0x17df3b00] stream 0, timescale not set
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from '/tmp/herald-video-6/input':
  Metadata:
    major_brand     : isom
    minor_version   : 512
    compatible_brands: isommp42
  Duration: 00:00:05.00, bitrate: 3 kb/s
    Stream #0:0: Data: none
At least one output file must be specified
`,
  notAVideo: `[mov,mp4,m4a,3gp,3g2,mj2 @ 0x10e98b00] Format mov,mp4,m4a,3gp,3g2,mj2 detected only with low score of 1, misdetection possible!
[mov,mp4,m4a,3gp,3g2,mj2 @ 0x10e98b00] moov atom not found
/tmp/herald-video-7/input: Invalid data found when processing input
`,
};

const newer = {
  /** An iPhone's portrait HEVC clip: coded landscape, turned by the display matrix only; a metadata track. */
  iphone: `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'input':
  Metadata:
    major_brand     : qt  
    minor_version   : 0
    compatible_brands: qt  
    creation_time   : 2025-05-04T10:11:12.000000Z
    com.apple.quicktime.location.ISO6709: +52.5200+013.4050+034.000/
  Duration: 00:00:12.47, start: 0.000000, bitrate: 8214 kb/s
  Stream #0:0[0x1](und): Video: hevc (Main) (hvc1 / 0x31637668), yuv420p(tv, bt709), 1920x1080, 7869 kb/s, 29.98 fps, 29.97 tbr, 600 tbn (default)
      Metadata:
        creation_time   : 2025-05-04T10:11:12.000000Z
        handler_name    : Core Media Video
        vendor_id       : [0][0][0][0]
      Side data:
        displaymatrix: rotation of -90.00 degrees
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, stereo, fltp, 161 kb/s (default)
      Metadata:
        handler_name    : Core Media Audio
  Stream #0:2[0x3](und): Data: none (mebx / 0x7862656D), 0 kb/s (default)
      Metadata:
        handler_name    : Core Media Metadata
At least one output file must be specified
`,
  /** A music video whose first "video" is its cover art; 5.1 audio at 48 kHz. */
  coverArt: `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'input':
  Duration: 00:03:05.50, start: 0.000000, bitrate: 3100 kb/s
  Stream #0:0[0x0]: Video: mjpeg (Baseline), yuvj420p(pc, bt470bg/unknown/unknown), 600x600 [SAR 1:1 DAR 1:1], 90k tbr, 90k tbn (attached pic)
  Stream #0:1[0x1](eng): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), 1280x720 [SAR 1:1 DAR 16:9], 2800 kb/s, 23.98 fps, 23.98 tbr, 24k tbn (default)
  Stream #0:2[0x2](eng): Audio: aac (HE-AAC) (mp4a / 0x6134706D), 48000 Hz, 5.1, fltp, 256 kb/s (default)
At least one output file must be specified
`,
};

describe("parseFfmpegInfo", () => {
  it("reads HEVC + AAC in MP4 from the bundled ffmpeg", () => {
    expect(parseFfmpegInfo(bundled.hevcMp4)).toEqual({
      format: "mov,mp4,m4a,3gp,3g2,mj2",
      durationMs: 1020,
      video: { codec: "hevc", profile: "Rext", pixelFormat: "gbrp", width: 320, height: 240, sampleAspect: 1, frameRate: 10, rotation: 0 },
      audio: { codec: "aac", profile: "LC", sampleRate: 44100, channels: 1 },
    });
  });

  it("reads VP9 + Opus in WebM (no codec tag, SAR outside brackets, a negative start)", () => {
    const p = parseFfmpegInfo(bundled.vp9Webm)!;
    expect(p.format).toBe("matroska,webm");
    expect(p.durationMs).toBe(1010);
    expect(p.video).toMatchObject({ codec: "vp9", profile: "Profile 1", pixelFormat: "gbrp", width: 320, height: 240, frameRate: 10 });
    expect(p.audio).toEqual({ codec: "opus", profile: null, sampleRate: 48000, channels: 1 });
  });

  it("reads ProRes in QuickTime without audio", () => {
    const p = parseFfmpegInfo(bundled.proresMov)!;
    expect(p.video).toMatchObject({ codec: "prores", profile: "4444", pixelFormat: "yuv444p12le", width: 240, height: 320 });
    expect(p.audio).toBeNull();
  });

  it("takes the rotation from the rotate tag before the display matrix, which counts the other way", () => {
    const p = parseFfmpegInfo(bundled.rotatedH264)!;
    expect(p.video).toMatchObject({ codec: "h264", width: 320, height: 240, rotation: 270 });
    expect(displaySize(p.video!)).toEqual({ width: 240, height: 320 });
  });

  it("reads 4:2:2 H.264 at 50 fps with 24-bit PCM at 96 kHz", () => {
    const p = parseFfmpegInfo(bundled.h264High422Pcm)!;
    expect(p.video).toMatchObject({ codec: "h264", profile: "High 4:2:2", pixelFormat: "yuv422p", width: 1920, height: 1080, frameRate: 50 });
    expect(p.audio).toEqual({ codec: "pcm_s24le", profile: null, sampleRate: 96000, channels: 1 });
    expect(p.durationMs).toBe(200);
  });

  it("finds no video in boxes without streams, and nothing at all in a file that is not media", () => {
    expect(parseFfmpegInfo(bundled.boxesWithoutStreams)).toEqual({ format: "mov,mp4,m4a,3gp,3g2,mj2", durationMs: 5000, video: null, audio: null });
    expect(parseFfmpegInfo(bundled.notAVideo)).toBeNull();
    expect(parseFfmpegInfo("")).toBeNull();
  });

  it("reads a newer ffmpeg's iPhone summary: bracketed stream ids, rotation from the display matrix only", () => {
    const p = parseFfmpegInfo(newer.iphone)!;
    expect(p.durationMs).toBe(12470);
    expect(p.video).toEqual({ codec: "hevc", profile: "Main", pixelFormat: "yuv420p", width: 1920, height: 1080, sampleAspect: 1, frameRate: 29.98, rotation: 90 });
    expect(displaySize(p.video!)).toEqual({ width: 1080, height: 1920 });
    expect(p.audio).toEqual({ codec: "aac", profile: "LC", sampleRate: 44100, channels: 2 });
  });

  it("skips cover art for the real picture; reads HE-AAC 5.1", () => {
    const p = parseFfmpegInfo(newer.coverArt)!;
    expect(p.video).toMatchObject({ codec: "h264", profile: "High", pixelFormat: "yuv420p", width: 1280, height: 720, frameRate: 23.98 });
    expect(p.audio).toEqual({ codec: "aac", profile: "HE-AAC", sampleRate: 48000, channels: 6 });
    expect(p.durationMs).toBe(185_500);
  });
});

describe("planVideo", () => {
  const mp4 = { kind: "mp4", moovFirst: true } as const;
  const at = (p: ProbedMedia, frameRate: number | null): ProbedMedia => ({ ...p, video: { ...p.video!, frameRate } });
  // The bundled summary's clip runs at 10 fps, which is converted now: the same clip at 30 fps.
  const h264 = at(parseFfmpegInfo(bundled.rotatedH264)!, 30);
  const withAudio = (p: ProbedMedia, audio: ProbedMedia["audio"]): ProbedMedia => ({ ...p, audio });
  const aac = { codec: "aac", profile: "LC", sampleRate: 44100, channels: 2 };

  it("keeps H.264 with AAC or no audio in an MP4 whose index is at the front", () => {
    expect(planVideo(h264, mp4)).toEqual({ action: "kept", video: "copy", audio: "none", reason: null });
    expect(planVideo(withAudio(h264, aac), mp4).action).toBe("kept");
  });

  it("puts streams that fit into a new MP4 when only the container is wrong", () => {
    expect(planVideo(h264, { kind: "mp4", moovFirst: false })).toMatchObject({ action: "remuxed", video: "copy", reason: "an MP4 with its index at the end" });
    expect(planVideo(withAudio(h264, aac), { kind: "mov", moovFirst: true })).toMatchObject({ action: "remuxed", video: "copy", audio: "copy", reason: "H.264 in QuickTime (.mov)" });
  });

  it("re-encodes what networks refuse, and says what it was", () => {
    expect(planVideo(parseFfmpegInfo(bundled.hevcMp4)!, mp4)).toMatchObject({ action: "transcoded", video: "encode", audio: "copy", reason: "HEVC video in MP4" });
    expect(planVideo(parseFfmpegInfo(bundled.vp9Webm)!, { kind: "webm", moovFirst: false })).toMatchObject({ video: "encode", audio: "encode", reason: "VP9 video and opus audio in WebM" });
    expect(planVideo(parseFfmpegInfo(bundled.proresMov)!, { kind: "mov", moovFirst: true })).toMatchObject({ audio: "none", reason: "ProRes video in QuickTime (.mov)" });
    expect(planVideo(parseFfmpegInfo(bundled.h264High422Pcm)!, { kind: "mov", moovFirst: true }).reason).toBe("H.264 (yuv422p) video and pcm_s24le audio in QuickTime (.mov)");
    // HE-AAC and 5.1 are AAC, but X refuses both: the audio is re-encoded, the picture copied.
    expect(planVideo(parseFfmpegInfo(newer.coverArt)!, mp4)).toMatchObject({ action: "transcoded", video: "copy", audio: "encode", reason: "aac audio in MP4" });
  });

  it("re-encodes H.264 outside 24–60 fps, of odd size or with non-square pixels", () => {
    const v = h264.video!;
    expect(planVideo(at(h264, 120), mp4).reason).toBe("120 fps video in MP4");
    expect(planVideo(at(h264, 10), mp4).reason).toBe("10 fps video in MP4");
    expect(planVideo(at(h264, 23.9), mp4).reason).toBe("23.9 fps video in MP4");
    for (const fps of [23.98, 24, 25, 29.97, 50, 59.94, 60, null]) expect(planVideo(at(h264, fps), mp4).action, String(fps)).toBe("kept");
    expect(planVideo({ ...h264, video: { ...v, width: 321 } }, mp4).video).toBe("encode");
    expect(planVideo({ ...h264, video: { ...v, sampleAspect: 4 / 3 } }, mp4).video).toBe("encode");
  });
});

describe("convertedFrameRate", () => {
  it("brings a faster video down to 60 and a slower one up to 30; NTSC film and unknown rates stay", () => {
    expect([240, 120, 119.88, 90, 60.5].map(convertedFrameRate)).toEqual([60, 60, 60, 60, 60]);
    expect([23.9, 23, 15, 10, 1].map(convertedFrameRate)).toEqual([30, 30, 30, 30, 30]);
    expect([24000 / 1001, 23.98, 24, 30, 59.94, 60, null].map(convertedFrameRate)).toEqual([null, null, null, null, null, null, null]);
  });
});

describe("sizes", () => {
  it("fitEven caps the long side and keeps both sides even, never enlarging", () => {
    expect(fitEven(3840, 2160, 1920)).toEqual({ width: 1920, height: 1080 });
    expect(fitEven(1080, 1920, 1920)).toEqual({ width: 1080, height: 1920 });
    expect(fitEven(321, 241, 1920)).toEqual({ width: 322, height: 242 });
    expect(fitEven(4000, 3, 1920)).toEqual({ width: 1920, height: 2 });
  });

  it("displaySize squares the pixels and applies quarter turns", () => {
    const v = { codec: "h264", profile: null, pixelFormat: "yuv420p", width: 720, height: 576, sampleAspect: 16 / 15, frameRate: 25, rotation: 0 as const };
    expect(displaySize(v)).toEqual({ width: 768, height: 576 });
    expect(displaySize({ ...v, rotation: 90 })).toEqual({ width: 576, height: 768 });
    expect(displaySize({ ...v, sampleAspect: 1, rotation: 180 })).toEqual({ width: 720, height: 576 });
  });
});
