// Error reporting (docs/decisions.md, "Observability"): with SENTRY_DSN set, a server error is sent
// to Sentry with the request id (./sentry.ts, loaded on the first report); without it nothing is
// loaded and this is one variable read per 500. Never blocks or fails the answer.
import { after } from "next/server";
import { observabilityEnv } from "../env";
import { logger } from "../logger";
import { currentRequestId } from "./request-context";

const inFlight = new Set<Promise<void>>();

export interface ReportContext {
  /** The HTTP status answered (API routes). */
  status?: number;
  /** A task that threw (the scheduler). */
  taskId?: string;
  taskType?: string;
}

/** Reports `err` to Sentry when SENTRY_DSN is set; the request id comes from the request context. */
export function reportError(err: unknown, ctx: ReportContext = {}): void {
  let dsn: string | undefined;
  let environment: string | undefined;
  try {
    ({ SENTRY_DSN: dsn, SENTRY_ENVIRONMENT: environment } = observabilityEnv());
  } catch {
    return; // an invalid DSN was already refused at start-up (instrumentation.ts)
  }
  if (!dsn) return;
  const requestId = currentRequestId();
  const sent: Promise<void> = import("./sentry")
    .then((m) => m.captureServerError(err, { dsn: dsn!, environment, requestId, ...ctx }))
    .catch((e: unknown) => logger.warn({ err: e }, "could not report the error to Sentry"))
    .finally(() => inFlight.delete(sent));
  inFlight.add(sent);
  keepAlive(sent);
}

/** Inside a request, the platform keeps the function alive until the report is sent. */
function keepAlive(p: Promise<void>): void {
  try {
    after(p);
  } catch {
    // Outside a request (the scheduler run by a script, tests): flushErrorReports() waits for it.
  }
}

/** Waits for reports being sent, then for Sentry's queue (tests; a script before it exits). */
export async function flushErrorReports(timeoutMs = 2000): Promise<void> {
  await Promise.all(inFlight);
  if (observabilityEnv().SENTRY_DSN) await (await import("./sentry")).flushSentry(timeoutMs);
}
