// Spans for what Herald does (docs/decisions.md, "Observability"). Off by default: until
// instrumentation.ts starts the OpenTelemetry SDK (only when OTEL_EXPORTER_OTLP_ENDPOINT is set)
// there is no tracer, inSpan() calls its function directly, and nothing of OpenTelemetry is loaded
// (this file imports its types only).
import { AsyncLocalStorage } from "node:async_hooks";
import type { Attributes, Span, Tracer } from "@opentelemetry/api";

// Kept on globalThis: Next bundles instrumentation.ts apart from the routes, so each bundle has its
// own copy of this module, and module variables set by one are not seen by the other.
interface TracingState {
  tracer: Tracer | null;
  flush: (() => Promise<void>) | null;
  /** The network a task publishes to, for the HTTP spans under it (./http-spans.ts). */
  network: AsyncLocalStorage<string>;
  /** W3C trace context in and out of Herald's own HTTP calls (set with the tracer). */
  propagate?: Propagate | null;
}

/** What lib/observability/otel.ts gives for trace context, so this file needs no OpenTelemetry code. */
export interface Propagate {
  /** Writes the current context's `traceparent` (and `tracestate`) into `carrier`. */
  inject(carrier: Record<string, string>): void;
  /** Runs `fn` in the context the headers carry, unless a span is already current. */
  extract<T>(headers: Headers, fn: () => Promise<T>): Promise<T>;
}
const STATE = Symbol.for("herald.tracing");
const state: TracingState = ((globalThis as Record<symbol, unknown>)[STATE] as TracingState | undefined) ??
  ((globalThis as Record<symbol, unknown>)[STATE] = { tracer: null, flush: null, network: new AsyncLocalStorage<string>() } satisfies TracingState);

/** Called by lib/observability/otel.ts once the SDK runs (null again after it is shut down). */
export function setTracer(t: Tracer | null, flush: (() => Promise<void>) | null = null, propagate: Propagate | null = null): void {
  state.tracer = t;
  state.flush = flush;
  state.propagate = propagate;
}

/**
 * Headers that carry the current trace to another of Herald's own calls (fan-out process calls),
 * so their spans join this trace; empty without tracing.
 */
export function traceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  state.propagate?.inject(carrier);
  return carrier;
}

/** Runs `fn` in the trace an incoming request names (`traceparent`), while tracing. */
export function withIncomingTrace<T>(headers: Headers, fn: () => Promise<T>): Promise<T> {
  return state.propagate && headers.has("traceparent") ? state.propagate.extract(headers, fn) : fn();
}

/** Sends the finished spans now, while tracing (a serverless function may freeze once it answers). */
export async function flushSpans(): Promise<void> {
  await state.flush?.();
}

export function tracingEnabled(): boolean {
  return state.tracer !== null;
}

// SpanStatusCode.ERROR and SpanKind values, without loading @opentelemetry/api for them.
const STATUS_ERROR = 2;
export const SPAN_KIND = { INTERNAL: 0, SERVER: 1, CLIENT: 2 } as const;

/** Marks a span failed with the error's name only: messages may carry what a platform said. */
export function recordFailure(span: Span, err: unknown): void {
  const name = err instanceof Error ? err.name : typeof err;
  span.setStatus({ code: STATUS_ERROR, message: name });
  span.setAttribute("error.type", name);
}

/**
 * Runs `fn` inside a span named `name` (the current span is its parent); a throw marks the span
 * failed and is rethrown. Without tracing, `fn` gets undefined and runs as it is.
 */
export async function inSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span | undefined) => Promise<T>,
  kind: number = SPAN_KIND.INTERNAL,
): Promise<T> {
  const tracer = state.tracer;
  if (!tracer) return fn(undefined);
  return tracer.startActiveSpan(name, { attributes, kind }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      recordFailure(span, err);
      throw err;
    } finally {
      span.end();
    }
  });
}

/** The network of the task being run, while tracing. */
export function currentNetwork(): string | undefined {
  return state.network.getStore();
}

/** Runs `fn` with `name` as the current network for the HTTP spans started inside it (tracing only). */
export function withNetwork<T>(name: string | null | undefined, fn: () => Promise<T>): Promise<T> {
  return state.tracer && name ? state.network.run(name, fn) : fn();
}
