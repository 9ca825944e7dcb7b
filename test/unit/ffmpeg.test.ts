// The bundled ffmpeg runs as a child process with a deadline and a bounded stderr (lib/media/ffmpeg.ts).
import { describe, expect, it } from "vitest";
import { ffmpegPath, oneAtATime, runFfmpeg } from "@/lib/media/ffmpeg";
import { convertingReporter, type MediaProgress } from "@/lib/media/progress";

describe("runFfmpeg", () => {
  it("runs the binary that ships in the platform package, with libx264", async () => {
    expect(await ffmpegPath()).toMatch(/node_modules\/@ffmpeg-installer\/[a-z0-9-]+\/ffmpeg(\.exe)?$/);
    const r = await runFfmpeg(["-encoders"], { timeoutMs: 10_000 });
    expect(r).toMatchObject({ code: 0, timedOut: false });
    // -encoders prints to stdout, which is not kept; stderr has nothing but the banner, hidden.
    expect(r.stderr).toBe("");
  });

  it("kills a run that overstays its deadline", async () => {
    const started = Date.now();
    // An endless test pattern into the null muxer.
    const r = await runFfmpeg(["-f", "lavfi", "-i", "testsrc=size=64x64:rate=25", "-f", "null", "-"], { timeoutMs: 400 });
    expect(r.timedOut).toBe(true);
    expect(r.code).toBeNull();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("keeps the head and the tail of a long stderr, not all of it", async () => {
    // -loglevel debug on a 2 s pattern writes far more than 2 KB.
    const r = await runFfmpeg(["-loglevel", "debug", "-f", "lavfi", "-i", "testsrc=size=64x64:rate=25:duration=2", "-f", "null", "-"], {
      timeoutMs: 20_000,
      maxStderrBytes: 2048,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\[… \d+ bytes of ffmpeg output left out …\]/);
    expect(Buffer.byteLength(r.stderr)).toBeLessThan(2 * 2048 + 100);
  });

  it("reports how far the output has got while it runs (-progress), in ms of media time", async () => {
    // -re reads the 1.6 s pattern at its own pace, so ffmpeg reports several times along the way.
    const seen: number[] = [];
    const r = await runFfmpeg(["-re", "-f", "lavfi", "-i", "testsrc=size=64x64:rate=25:duration=1.6", "-f", "null", "-"], {
      timeoutMs: 20_000,
      onProgress: (ms) => seen.push(ms),
    });
    expect(r.code).toBe(0);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.some((ms) => ms > 0 && ms < 1_400)).toBe(true); // a report from partway
    expect(seen.at(-1)).toBeGreaterThanOrEqual(1_500); // and one at the end
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it("turns progress into whole percents of the length: rising, below 100 until the answer, none without a length", () => {
    const lines: MediaProgress[] = [];
    const tick = convertingReporter(2_000, (p) => lines.push(p));
    for (const ms of [0, 10, 500, 500, 990, 2_000, 2_400]) tick(ms);
    expect(lines).toEqual([0, 25, 49, 99].map((percent) => ({ stage: "converting", percent })));
    const none: MediaProgress[] = [];
    const noLength = convertingReporter(null, (p) => none.push(p));
    noLength(1_000);
    expect(none).toEqual([]);
  });

  it("oneAtATime runs jobs one after the other, and a failed job does not stop the next", async () => {
    const order: string[] = [];
    const job = (name: string, ms: number, fail = false) => () =>
      new Promise<string>((resolve, reject) => {
        order.push(`start ${name}`);
        setTimeout(() => {
          order.push(`end ${name}`);
          if (fail) reject(new Error(name));
          else resolve(name);
        }, ms);
      });
    const results = await Promise.allSettled([oneAtATime(job("a", 30, true)), oneAtATime(job("b", 5)), oneAtATime(job("c", 1))]);
    expect(order).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled", "fulfilled"]);
  });
});
