// Observability is off by default (docs/decisions.md, "Observability"): without
// OTEL_EXPORTER_OTLP_ENDPOINT, instrumentation.ts loads no OpenTelemetry SDK and nothing is
// exported; without SENTRY_DSN, a 500 loads no Sentry code. Each is checked against its positive
// control (the variable set), so the "not loaded" detection is seen to work.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { register } from "../../instrumentation";
import { withCron, withWorkspace } from "../../lib/api/handler";
import { resetEnvCache } from "../../lib/env";
import { flushErrorReports } from "../../lib/observability/report";
import { tracingEnabled } from "../../lib/observability/trace";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";
import { req, workspaceWithKey } from "../support/factories";

const loaded = vi.hoisted(() => ({ sdk: 0, otel: 0, sentry: 0 }));
vi.mock("@opentelemetry/sdk-trace", async (original) => {
  loaded.sdk++;
  return original();
});
vi.mock("../../lib/observability/otel", async (original) => {
  loaded.otel++;
  return original();
});
vi.mock("@sentry/core", async (original) => {
  loaded.sentry++;
  return original();
});

let collector: FixtureServer;
beforeAll(async () => {
  collector = await startFixtureServer();
  collector.on("POST", /.*/, () => ({ json: {} }));
  delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  delete process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  delete process.env.SENTRY_DSN;
  resetEnvCache();
});
afterAll(async () => {
  const { stopTracing } = await import("../../lib/observability/otel");
  await stopTracing();
  delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  delete process.env.SENTRY_DSN;
  await collector.close();
});

const cron = withCron(async () => ({ success: true }));
const failing = withWorkspace(async () => {
  throw new Error("boom");
});
const cronCall = () => cron(new Request("http://localhost/api/agent/process", { method: "POST", headers: { authorization: `Bearer ${process.env.CRON_SECRET}` } }));

describe("with nothing set", () => {
  it("loads no SDK and exports nothing", async () => {
    await register();
    expect(tracingEnabled()).toBe(false);
    expect((await cronCall()).status).toBe(200);
    const { key } = await workspaceWithKey();
    expect((await failing(req("GET", "/api/x", { key }))).status).toBe(500);
    await flushErrorReports();
    await new Promise((r) => setTimeout(r, 200));
    expect(loaded).toEqual({ sdk: 0, otel: 0, sentry: 0 });
    expect(collector.requests).toHaveLength(0);
  });
});

describe("the positive control: with the variables set", () => {
  it("loads the SDK and Sentry, and the collector hears from it", async () => {
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.url;
    process.env.SENTRY_DSN = `${collector.url.replace("http://", "http://k@")}/1`;
    await register();
    expect(tracingEnabled()).toBe(true);
    expect(loaded.otel).toBe(1);
    expect(loaded.sdk).toBe(1);
    expect((await cronCall()).status).toBe(200);
    const { key } = await workspaceWithKey();
    expect((await failing(req("GET", "/api/x", { key }))).status).toBe(500);
    await flushErrorReports();
    expect(loaded.sentry).toBe(1);
    const { stopTracing } = await import("../../lib/observability/otel");
    await stopTracing();
    expect([...new Set(collector.requests.map((r) => r.path))].sort()).toEqual(["/api/1/envelope/", "/v1/traces"]);
  });
});
