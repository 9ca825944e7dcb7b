// The OpenTelemetry SDK (docs/decisions.md, "Observability"), loaded by instrumentation.ts only when
// OTEL_EXPORTER_OTLP_ENDPOINT is set: a tracer provider exporting over OTLP/HTTP (JSON) in
// batches, AsyncLocalStorage context (so spans nest across awaits), W3C trace context, and one
// CLIENT span per outgoing HTTP request made inside a span (./http-spans.ts).
import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { observabilityEnv } from "../env";
import { subscribeHttpSpans } from "./http-spans";
import { setTracer } from "./trace";

export const TRACER_NAME = "herald";

let running: { provider: TracerProvider; unsubscribe: () => void } | null = null;

/** Where spans go: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, else OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces. */
export function tracesUrl(o: { endpoint?: string; tracesEndpoint?: string }): string | undefined {
  if (o.tracesEndpoint) return o.tracesEndpoint;
  if (!o.endpoint) return undefined;
  return `${o.endpoint.replace(/\/+$/, "")}/v1/traces`;
}

/** Starts tracing once; a no-op when no endpoint is configured. Returns whether it runs. */
export function startTracing(): boolean {
  if (running) return true;
  const o = observabilityEnv();
  const url = tracesUrl({ endpoint: o.OTEL_EXPORTER_OTLP_ENDPOINT, tracesEndpoint: o.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT });
  if (!url) return false;
  // OTEL_EXPORTER_OTLP_HEADERS (an API key for a hosted collector) is read by the exporter itself.
  const exporter = new OTLPTraceExporter({ url });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": o.OTEL_SERVICE_NAME }),
    spanProcessors: [new BatchSpanProcessor({ exporter })],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  const tracer = provider.getTracer(TRACER_NAME);
  setTracer(tracer, () => provider.forceFlush(), {
    inject: (carrier) => propagation.inject(context.active(), carrier),
    // Next's own server span already joined the caller's trace when there is one.
    extract: (headers, fn) =>
      trace.getSpan(context.active())
        ? fn()
        : context.with(propagation.extract(context.active(), headers, { get: (h, k) => h.get(k) ?? undefined, keys: (h) => [...h.keys()] }), fn),
  });
  running = { provider, unsubscribe: subscribeHttpSpans(tracer) };
  return true;
}

/** Flushes and stops (tests; a process that exits). */
export async function stopTracing(): Promise<void> {
  if (!running) return;
  const { provider, unsubscribe } = running;
  running = null;
  unsubscribe();
  setTracer(null);
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
}
