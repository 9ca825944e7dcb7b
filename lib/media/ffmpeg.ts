// Running the bundled ffmpeg (@ffmpeg-installer/ffmpeg: the binary ships inside the platform's
// package, nothing is downloaded at install time; docs/decisions.md, "Video: the bundled ffmpeg").
// Always as a child process with an argument list, never through a shell; with a deadline after
// which it is killed, and with its stderr kept to a bounded size.
import { spawn } from "node:child_process";
import { HeraldError } from "../errors";

export interface FfmpegResult {
  /** Exit code; null when it was killed (see timedOut). */
  code: number | null;
  /** What ffmpeg wrote to stderr, cut to the first and last part when it was long. */
  stderr: string;
  timedOut: boolean;
}

export interface FfmpegOptions {
  timeoutMs: number;
  /** stderr kept in memory: this much of its start (256 KB by default), and as much again, up to 16 KB, of its end. */
  maxStderrBytes?: number;
  signal?: AbortSignal;
  /**
   * Called with how much of the output is written, in ms of media time, as ffmpeg reports it
   * (`-progress pipe:1`: about twice a second, and once at the end).
   */
  onProgress?: (outMs: number) => void;
}

let binary: Promise<string> | undefined;

/**
 * The ffmpeg executable. Loaded on first use, not at import, so a machine whose platform has no
 * binary still serves images; there a video upload is refused with a 503 saying why.
 */
export function ffmpegPath(): Promise<string> {
  binary ??= import("@ffmpeg-installer/ffmpeg").then(
    (m) => m.default.path,
    (err: unknown) => {
      binary = undefined;
      throw new HeraldError("unavailable", "Video processing is not available on this server: its ffmpeg binary is missing.", {
        cause: err instanceof Error ? err : new Error(String(err)),
      });
    },
  );
  return binary;
}

/** Runs ffmpeg with `args` (after -hide_banner -nostdin); resolves whatever the exit code. */
export async function runFfmpeg(args: string[], opts: FfmpegOptions): Promise<FfmpegResult> {
  const bin = await ffmpegPath();
  const max = opts.maxStderrBytes ?? 256 * 1024;
  const tailBytes = Math.min(16 * 1024, max);
  return new Promise<FfmpegResult>((resolve, reject) => {
    const progress = opts.onProgress;
    const child = spawn(bin, ["-hide_banner", "-nostdin", ...(progress ? ["-progress", "pipe:1", "-nostats"] : []), ...args], {
      stdio: ["ignore", progress ? "pipe" : "ignore", "pipe"],
      shell: false,
    });
    if (progress && child.stdout) readProgress(child.stdout, progress);
    const head: Buffer[] = [];
    let headBytes = 0;
    let tail = Buffer.alloc(0);
    let dropped = 0;
    // stdio[2] is always "pipe", so stderr is there.
    child.stderr!.on("data", (chunk: Buffer) => {
      if (headBytes < max) {
        const take = chunk.subarray(0, max - headBytes);
        head.push(take);
        headBytes += take.length;
        chunk = chunk.subarray(take.length);
      }
      if (chunk.length) {
        const joined = Buffer.concat([tail, chunk]);
        dropped += Math.max(0, joined.length - tailBytes);
        tail = joined.subarray(Math.max(0, joined.length - tailBytes));
      }
    });
    let timedOut = false;
    const kill = () => child.kill("SIGKILL");
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, opts.timeoutMs);
    opts.signal?.addEventListener("abort", kill, { once: true });
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(new HeraldError("unavailable", "Video processing is not available on this server: ffmpeg could not be started.", { cause: err }));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", kill);
      const cut = dropped > 0 ? `\n[… ${dropped} bytes of ffmpeg output left out …]\n` : "";
      resolve({ code, stderr: Buffer.concat(head).toString("utf8") + cut + tail.toString("utf8"), timedOut });
    });
  });
}

/**
 * ffmpeg's progress report is blocks of key=value lines; `out_time_ms` is, despite its name, in
 * microseconds (as is `out_time_us` in newer builds). Only that key is read.
 */
function readProgress(stdout: NodeJS.ReadableStream, onProgress: (outMs: number) => void): void {
  let pending = "";
  stdout.setEncoding("utf8");
  stdout.on("data", (chunk: string) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      const m = /^out_time_(?:ms|us)=(\d+)\s*$/.exec(line);
      if (!m) continue;
      try {
        onProgress(Math.floor(Number(m[1]) / 1000));
      } catch {
        // A listener that has gone away (the client hung up) must not take the conversion down.
      }
    }
    // A stuck line without a newline is never more than a key and a number.
    if (pending.length > 256) pending = "";
  });
}

let running: Promise<unknown> = Promise.resolve();

/**
 * One conversion at a time per process: x264 already uses every core, and two at once on a
 * 2-core machine would only make both late for their deadlines.
 */
export function oneAtATime<T>(job: () => Promise<T>): Promise<T> {
  const next = running.then(job, job);
  running = next.catch(() => undefined);
  return next;
}
