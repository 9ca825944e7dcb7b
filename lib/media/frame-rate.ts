// Frame rates compared the way networks state them (docs/adapters.md, "Video rules"): the NTSC
// rates 23.976, 29.97 and 59.94 (a round figure ÷ 1.001) count as 24, 30 and 60, and so does
// ffmpeg's rounding of them to two decimals (23.98). A rate within 0.2 % of a limit meets it.
const SLACK = 1.002;

/** Slower than `min` frames a second, beyond NTSC's ÷ 1.001 and ffmpeg's rounding. */
export function slowerThan(fps: number, min: number): boolean {
  return fps * SLACK < min;
}

/** Faster than `max` frames a second, beyond ffmpeg's rounding. */
export function fasterThan(fps: number, max: number): boolean {
  return fps > max * SLACK;
}
