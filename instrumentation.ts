// Next.js runs register() once per server instance before it serves (docs/decisions.md,
// "Observability"). Tracing starts only on the Node.js runtime and only when
// OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set; otherwise the
// OpenTelemetry SDK is never imported and nothing is exported.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME && process.env.NEXT_RUNTIME !== "nodejs") return;
  const { observabilityEnv } = await import("./lib/env");
  const o = observabilityEnv(); // an invalid OTEL_* or SENTRY_DSN stops start-up with its name
  if (!o.OTEL_EXPORTER_OTLP_ENDPOINT && !o.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return;
  const { startTracing } = await import("./lib/observability/otel");
  startTracing();
}
