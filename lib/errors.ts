// One error class with a closed set of codes, one code → HTTP status map, one toErrorResponse().
import { ZodError } from "zod";
import { Prisma } from "./generated/prisma/client";
import { logger } from "./logger";
import { currentRequestId } from "./observability/request-context";
import { reportError } from "./observability/report";

const STATUS = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_state: 409,
  budget_exhausted: 402,
  payload_too_large: 413,
  compliance_failed: 422,
  rate_limited: 429,
  internal: 500,
  upstream_failed: 502,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof STATUS;

/** How a failed platform call is treated (docs/design.md, protocol 6); adapters classify, the scheduler decides. */
export type FailureClass = "transient" | "rate_limited" | "auth" | "permanent" | "in_doubt";

export interface FieldError {
  path: string;
  message: string;
}

export class HeraldError extends Error {
  readonly code: ErrorCode;
  readonly fields?: FieldError[];
  readonly details?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { fields?: FieldError[]; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = "HeraldError";
    this.code = code;
    this.fields = opts.fields;
    this.details = opts.details;
  }

  get status(): number {
    return STATUS[this.code];
  }
}

/**
 * A list's cursor that is not a row of this list in this workspace (another workspace's, or gone):
 * a bad request, never a page that would show where someone else's row sits.
 */
export function unknownCursor(): HeraldError {
  return new HeraldError("bad_request", "The cursor is not valid for this list.", { fields: [{ path: "cursor", message: "Unknown cursor." }] });
}

export function zodFieldErrors(err: ZodError): FieldError[] {
  return err.issues.map((i) => ({ path: i.path.join(".") || "(body)", message: i.message }));
}

export interface ConvertsToHeraldError {
  toHeraldError(): HeraldError;
}

/** Maps any thrown value to a JSON response; never exposes a stack or internal message. */
export function toErrorResponse(err: unknown): Response {
  const { status, body } = toErrorBody(err);
  return Response.json(body, { status });
}

/** The status and JSON body toErrorResponse answers with (also the last line of a streamed answer). */
export function toErrorBody(err: unknown): { status: number; body: Record<string, unknown> } {
  let e: HeraldError;
  if (err instanceof HeraldError) {
    e = err;
  } else if (err instanceof Error && typeof (err as Partial<ConvertsToHeraldError>).toHeraldError === "function") {
    // Domain errors that know their HTTP face (AiError in lib/ai/client.ts).
    e = (err as unknown as ConvertsToHeraldError).toHeraldError();
  } else if (err instanceof ZodError) {
    e = new HeraldError("validation_failed", "The request is invalid.", { fields: zodFieldErrors(err) });
  } else if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2025") {
    e = new HeraldError("not_found", "Not found.");
  } else if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
    e = new HeraldError("conflict", "A record with these values already exists.");
  } else {
    logger.error({ err }, "unhandled error in route");
    e = new HeraldError("internal", "Something went wrong on our side. The error has been logged.");
  }
  // Our own faults go to Sentry when it is set up; 502/503 say another service failed
  // (docs/decisions.md, "Observability").
  if (e.code === "internal") reportError(err, { status: e.status });
  const body: Record<string, unknown> = { success: false, error: { code: e.code, message: e.message } };
  if (e.fields) (body.error as Record<string, unknown>).fields = e.fields;
  if (e.details) (body.error as Record<string, unknown>).details = e.details;
  // The id to quote when asking about this answer; also in the x-request-id header.
  const requestId = currentRequestId();
  if (requestId) (body.error as Record<string, unknown>).requestId = requestId;
  return { status: e.status, body };
}
