// The request id (docs/decisions.md, "Observability"): one per API request, taken from a valid
// incoming `x-request-id` or made here, carried by AsyncLocalStorage so every log line written
// while the request runs (lib/logger.ts's mixin), its error body (lib/errors.ts) and its error
// report name it without anyone passing it along.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";

/** What a caller's own id may look like: short, and nothing a log line or header could trip on. */
const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

interface RequestContext {
  requestId: string;
}

// One store per process, also when Next's bundles each carry a copy of this module.
const KEY = Symbol.for("herald.request-context");
const storage: AsyncLocalStorage<RequestContext> = ((globalThis as Record<symbol, unknown>)[KEY] as AsyncLocalStorage<RequestContext> | undefined) ??
  ((globalThis as Record<symbol, unknown>)[KEY] = new AsyncLocalStorage<RequestContext>());

/** The caller's `x-request-id` when it is 1–128 of [A-Za-z0-9._:-], else a new `req_<uuid>`. */
export function requestIdOf(req: Request): string {
  const given = req.headers.get(REQUEST_ID_HEADER)?.trim();
  return given && VALID_ID.test(given) ? given : `req_${randomUUID()}`;
}

/** Runs `fn` with `requestId` as the current request's id. */
export function withRequestContext<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

/** The id of the request being handled, or undefined outside one (cron work started by a script, tests). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
