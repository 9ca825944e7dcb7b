// Progress of an upload while the server works on it (docs/decisions.md, "Progress of an upload").
// A client that sends `Accept: application/x-ndjson` to POST /api/media gets one JSON object per
// line: `{"progress":{…}}` while the file is checked, converted and stored, and last the same body
// the plain answer would have had, with its HTTP status in `status`. The conversion runs inside
// the one request either way (a serverless function has nowhere else to run it), so the stream is
// how the person sees it move; nothing is stored for it.
import { toErrorBody } from "../errors";

export type MediaProgress =
  | { stage: "checking" }
  /** `percent` of the video's length written so far, 0–99 until it is done. */
  | { stage: "converting"; percent: number }
  | { stage: "poster" }
  | { stage: "saving" };

export type ReportProgress = (p: MediaProgress) => void;

export const NDJSON = "application/x-ndjson";

/** Whether the caller asked for progress lines. */
export function wantsProgress(req: Request): boolean {
  return (req.headers.get("accept") ?? "").toLowerCase().includes(NDJSON);
}

/** A converting report at most once per whole percent, so a long video sends at most 100 lines. */
export function convertingReporter(durationMs: number | null, report: ReportProgress): (outMs: number) => void {
  let last = -1;
  return (outMs) => {
    if (!durationMs || durationMs <= 0) return;
    const percent = Math.max(0, Math.min(99, Math.floor((outMs / durationMs) * 100)));
    if (percent <= last) return;
    last = percent;
    report({ stage: "converting", percent });
  };
}

/**
 * Answers 200 at once with a line stream: progress lines from `work`, then its result (or the
 * error it threw, as toErrorResponse would have answered it) with the status the plain answer
 * would have had. A client that hangs up stops the lines, not the work: the asset is still saved.
 */
export function progressResponse(work: (report: ReportProgress) => Promise<{ status: number; body: Record<string, unknown> }>): Response {
  const encoder = new TextEncoder();
  let open = true;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (line: unknown) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(JSON.stringify(line) + "\n"));
        } catch {
          open = false;
        }
      };
      void work((progress) => send({ progress }))
        .then(
          (done) => send({ status: done.status, ...done.body }),
          (err: unknown) => {
            const failed = toErrorBody(err);
            send({ status: failed.status, ...failed.body });
          },
        )
        .finally(() => {
          if (!open) return;
          open = false;
          controller.close();
        });
    },
    cancel() {
      open = false;
    },
  });
  return new Response(stream, {
    status: 200,
    headers: { "content-type": `${NDJSON}; charset=utf-8`, "cache-control": "no-store", "x-content-type-options": "nosniff" },
  });
}
