// Frame rates outside what every network takes (24–60 fps), converted at upload by the bundled
// ffmpeg (lib/media/video.ts processVideo; docs/adapters.md, "Video rules"). The clips are tiny
// (64×48, half a second of H.264 test pattern) so the conversions take a moment each.
import { describe, expect, it } from "vitest";
import { processVideo } from "@/lib/media/video";
import { ffmpegMake } from "../support/mp4";

const mp4 = { kind: "mp4", moovFirst: true } as const;
const MAX = 50_000_000;

/** Half a second of moving test pattern at `rate` ("120", "24000/1001"), H.264 in a faststart MP4. */
const clip = (rate: string) =>
  ffmpegMake(["-f", "lavfi", "-i", `testsrc=size=64x48:rate=${rate}:duration=0.5`, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-movflags", "+faststart"]);

describe("frame rates at upload", () => {
  it("converts a 120 fps clip to 60 fps, its length, size and poster kept", async () => {
    const v = await processVideo(clip("120"), mp4, { maxOutputBytes: MAX });
    expect(v).toMatchObject({ action: "transcoded", from: "120 fps video in MP4", frameRate: 60, videoCodec: "h264", width: 64, height: 48 });
    expect(Math.abs(v.durationMs! - 500)).toBeLessThan(50);
    expect(v.poster.subarray(0, 2).toString("hex")).toBe("ffd8"); // a JPEG
  });

  it("converts a 10 fps clip to 30 fps (its frames repeated)", async () => {
    const v = await processVideo(clip("10"), mp4, { maxOutputBytes: MAX });
    expect(v).toMatchObject({ action: "transcoded", from: "10 fps video in MP4", frameRate: 30 });
    expect(Math.abs(v.durationMs! - 500)).toBeLessThan(120);
  });

  it("keeps NTSC film (23.976 fps) and 60 fps as they are", async () => {
    const film = clip("24000/1001");
    const kept = await processVideo(film, mp4, { maxOutputBytes: MAX });
    expect(kept).toMatchObject({ action: "kept", from: null, frameRate: 23.98 });
    expect(kept.data.equals(film)).toBe(true);
    expect(await processVideo(clip("60"), mp4, { maxOutputBytes: MAX })).toMatchObject({ action: "kept", frameRate: 60 });
  });
});
