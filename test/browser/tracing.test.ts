// Tracing through Next's own instrumentation.ts (docs/decisions.md, "Observability"), on the built
// app under `next start`: with OTEL_EXPORTER_OTLP_ENDPOINT pointing at a local OTLP/HTTP
// collector, a cron call's spans arrive — Herald's herald.cron (with the request id the caller
// sent) inside Next's own server span, and herald.process inside it. No browser is needed; the
// built server is what this checks (the harness builds and starts it).
import { beforeAll, describe, expect, it } from "vitest";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";
import { startApp } from "./support/harness";

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: { key: string; value: { stringValue?: string } }[];
}

let collector: FixtureServer;
beforeAll(async () => {
  collector = await startFixtureServer();
  collector.on("POST", "/v1/traces", () => ({ json: {} }));
  // Read by startApp's beforeAll below, which copies process.env into the server's environment.
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.url;
  return async () => {
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    await collector.close();
  };
});

const app = startApp();

const spans = (): OtlpSpan[] =>
  collector.requests
    .filter((r) => r.path === "/v1/traces")
    .flatMap((r) => (r.body as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] }).resourceSpans)
    .flatMap((rs) => rs.scopeSpans.flatMap((s) => s.spans));

describe("tracing in the built app", () => {
  it("exports a cron call's spans inside Next's server span", { timeout: 120_000 }, async () => {
    const res = await fetch(`${app.base}/api/agent/process?budget=2&fanout=0`, {
      method: "POST",
      headers: { authorization: `Bearer ${process.env.CRON_SECRET}`, "x-request-id": "built-app-trace-1" },
    });
    expect(res.status, app.output).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("built-app-trace-1");

    const call = await app.until(`the herald.cron span at the collector (${collector.requests.length} requests so far)`, 30_000, async () =>
      spans().find((s) => s.name === "herald.cron" && s.attributes.some((a) => a.key === "herald.request_id" && a.value.stringValue === "built-app-trace-1")),
    );
    const all = await app.until("the process span", 30_000, async () => (spans().some((s) => s.name === "herald.process" && s.parentSpanId === call.spanId) ? spans() : undefined));
    // Next's own span for the request is the cron span's parent, in the same trace.
    const parent = all.find((s) => s.spanId === call.parentSpanId);
    expect(parent, JSON.stringify(all.map((s) => [s.name, s.spanId, s.parentSpanId]))).toBeDefined();
    expect(parent!.traceId).toBe(call.traceId);
    expect(parent!.name).toMatch(/agent\/process/);
  });
});
