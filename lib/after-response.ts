// Work that runs after the response has gone out (docs/design.md, "Publish now"). Inside a
// request this is Next's after(): the platform keeps the function alive for it (Vercel's
// waitUntil) up to the route's maxDuration. Outside a request (tests, scripts) nothing is
// started behind the caller's back: the work waits until runAfterResponseWork() says the
// response is done, so a test decides when "after the response" is.
import { after } from "next/server";
import { logger } from "./logger";

type Work = () => Promise<unknown>;

const waiting: Work[] = [];

function guarded(work: Work, what: string): Work {
  return () => work().catch((err: unknown) => logger.error({ err, what }, "work after the response failed"));
}

export function afterResponse(what: string, work: Work): void {
  const task = guarded(work, what);
  try {
    after(task);
  } catch (err) {
    if (!(err instanceof Error && err.message.includes("outside a request scope"))) throw err;
    waiting.push(task);
  }
}

/** Outside a request: runs what afterResponse() kept, in order; returns how many ran. */
export async function runAfterResponseWork(): Promise<number> {
  let n = 0;
  for (let work = waiting.shift(); work; work = waiting.shift()) {
    await work();
    n++;
  }
  return n;
}
