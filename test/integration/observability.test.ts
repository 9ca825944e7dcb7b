// Observability (docs/decisions.md, "Observability"): a cron call's trace reaches a local OTLP/HTTP
// collector with the call, each claimed task and each platform request as spans, linked parent to
// child and free of secrets; every API answer and log line carries the request id; a 500 is
// reported to a (local, fake) Sentry once, with the request id and without the request's body.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pino from "pino";
import { register } from "../../instrumentation";
import { createAccount } from "../../lib/accounts";
import { readJson, withWorkspace } from "../../lib/api/handler";
import { db } from "../../lib/db";
import { env, resetEnvCache } from "../../lib/env";
import { logger } from "../../lib/logger";
import { pathOnly } from "../../lib/observability/http-spans";
import { stopTracing } from "../../lib/observability/otel";
import { flushErrorReports } from "../../lib/observability/report";
import { inSpan, tracingEnabled } from "../../lib/observability/trace";
import { startProcessCall } from "../../lib/agent-scheduler";
import { scheduleTask } from "../../lib/posting/schedule";
import { ScheduleTaskInput } from "../../lib/validation/tasks";
import { z } from "zod";
import * as processRoute from "../../app/api/agent/process/route";
import * as postsRoute from "../../app/api/posts/route";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";
import { json } from "../support/routes";
import { req, workspaceWithKey } from "../support/factories";

interface OtlpAttr {
  key: string;
  value: { stringValue?: string; intValue?: string | number; boolValue?: boolean };
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: OtlpAttr[];
}

function spansOf(collector: FixtureServer): OtlpSpan[] {
  return collector.requests
    .filter((r) => r.method === "POST" && r.path === "/v1/traces")
    .flatMap((r) => (r.body as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] }).resourceSpans)
    .flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
}

function attrs(span: OtlpSpan): Record<string, string | number | boolean | undefined> {
  return Object.fromEntries(
    span.attributes.map((a) => [a.key, a.value.stringValue ?? (a.value.intValue !== undefined ? Number(a.value.intValue) : a.value.boolValue)]),
  );
}

/** Captures the lines pino writes while `fn` runs (the test set-up keeps it silent otherwise). */
async function captureLogs<T>(fn: () => Promise<T>): Promise<{ result: T; lines: Record<string, unknown>[] }> {
  const stream = (logger as unknown as Record<symbol, { write: (s: string) => boolean }>)[pino.symbols.streamSym];
  const write = stream.write;
  const level = logger.level;
  const lines: Record<string, unknown>[] = [];
  stream.write = (s: string) => {
    lines.push(JSON.parse(s) as Record<string, unknown>);
    return true;
  };
  logger.level = "info";
  try {
    return { result: await fn(), lines };
  } finally {
    stream.write = write;
    logger.level = level;
  }
}

describe("traces to a local OTLP/HTTP collector", () => {
  let collector: FixtureServer;
  let mastodon: FixtureServer;
  let linkedin: FixtureServer;

  beforeAll(async () => {
    [collector, mastodon, linkedin] = await Promise.all([startFixtureServer(), startFixtureServer(), startFixtureServer()]);
    collector.on("POST", "/v1/traces", () => ({ json: {} }));
    mastodon.on("GET", "/api/v2/instance", () => ({ json: { configuration: { statuses: { max_characters: 500, characters_reserved_per_url: 23 } } } }));
    mastodon.on("POST", "/api/v1/statuses", () => ({ json: { id: "109876", url: `${mastodon.url}/@bakery/109876`, created_at: new Date().toISOString() } }));
    linkedin.on("POST", "/rest/posts", () => ({ status: 201, headers: { "x-restli-id": "urn:li:share:7001" } }));
    process.env.LINKEDIN_API_URL = linkedin.url;
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.url;
    resetEnvCache();
    await register();
  });

  afterAll(async () => {
    await stopTracing();
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    delete process.env.LINKEDIN_API_URL;
    resetEnvCache();
    await Promise.all([collector.close(), mastodon.close(), linkedin.close()]);
  });

  it("exports the cron call, its tasks and their platform requests, linked, without secrets", async () => {
    expect(tracingEnabled()).toBe(true);
    const { workspace } = await workspaceWithKey();
    const m = await createAccount(db(), workspace.id, {
      platform: "mastodon",
      handle: "bakery@local",
      credentials: { instanceUrl: mastodon.url, accessToken: "mastodon-secret-token" },
    });
    const l = await createAccount(db(), workspace.id, {
      platform: "linkedin",
      handle: "Corner Bakery",
      credentials: { accessToken: "linkedin-secret-token", authorUrn: "urn:li:organization:42" },
    });
    const text = "Secret sourdough recipe revealed at noon";
    await scheduleTask(db(), workspace.id, ScheduleTaskInput.parse({ accountIds: [m.id, l.id], content: text }));

    const res = await processRoute.POST(
      new Request("http://localhost/api/agent/process?budget=10&fanout=0&token=query-secret", {
        method: "POST",
        headers: { authorization: `Bearer ${process.env.CRON_SECRET}`, "x-request-id": "cron-run-0001" },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("cron-run-0001");
    expect((await json(res)).completed).toBeGreaterThanOrEqual(2);
    await stopTracing(); // flushes the batch

    const spans = spansOf(collector);
    const byName = (n: string) => spans.filter((s) => s.name === n);
    const [call] = byName("herald.cron");
    expect(call, JSON.stringify(spans.map((s) => s.name))).toBeDefined();
    expect(attrs(call)).toMatchObject({ "http.request.method": "POST", "url.path": "/api/agent/process", "herald.request_id": "cron-run-0001", "http.response.status_code": 200 });
    const [proc] = byName("herald.process");
    expect(proc.parentSpanId).toBe(call.spanId);
    expect(attrs(proc)["herald.completed"]).toBeGreaterThanOrEqual(2);

    // The two publishes (a follow-up such as a notification may run in the same call).
    const tasks = byName("herald.task").filter((t) => attrs(t)["herald.task.type"] === "social_post");
    expect(tasks).toHaveLength(2);
    const dbTasks = await db().agentTask.findMany({ where: { workspaceId: workspace.id } });
    for (const network of ["mastodon", "linkedin"]) {
      const task = tasks.find((t) => attrs(t)["herald.network"] === network)!;
      expect(task, network).toBeDefined();
      expect(task.parentSpanId).toBe(proc.spanId);
      expect(task.traceId).toBe(call.traceId);
      const row = dbTasks.find((t) => t.platform === network)!;
      expect(attrs(task)).toMatchObject({ "herald.task.id": row.id, "herald.task.type": "social_post", "herald.task.attempt": 1, "herald.task.outcome": "completed" });

      // The platform requests made by that task are its children.
      const requests = spans.filter((s) => s.parentSpanId === task.spanId);
      const publish = requests.find((s) => attrs(s)["http.request.method"] === "POST");
      expect(publish, `${network}: ${JSON.stringify(requests.map(attrs))}`).toBeDefined();
      expect(publish!.kind).toBe(3); // OTLP's SPAN_KIND_CLIENT
      expect(attrs(publish!)).toMatchObject({
        "herald.network": network,
        "server.address": "127.0.0.1",
        "url.path": network === "mastodon" ? "/api/v1/statuses" : "/rest/posts",
        "http.response.status_code": network === "mastodon" ? 200 : 201,
      });
    }

    // Nothing secret or private reached the collector: tokens, the cron secret, the post's text, the query.
    const exported = collector.requests.map((r) => r.raw.toString("utf8")).join("\n");
    // A platform path keeps no query (Graph API takes access_token=… there).
    expect(pathOnly("/v21.0/me/accounts?access_token=EAAB&fields=id")).toBe("/v21.0/me/accounts");
    expect(pathOnly("/a#b?c")).toBe("/a");
    for (const secret of ["mastodon-secret-token", "linkedin-secret-token", process.env.CRON_SECRET!, text, "query-secret"]) {
      expect(exported).not.toContain(secret);
    }
  });

  it("carries the trace into a fan-out process call, whose spans join it", async () => {
    // The app's own route behind a local HTTP server, as a deployment answers the fan-out call.
    const traceparents: (string | undefined)[] = [];
    const server = http.createServer(async (incoming, outgoing) => {
      traceparents.push(incoming.headers.traceparent as string | undefined);
      const res = await processRoute.POST(new Request(`http://localhost${incoming.url}`, { method: "POST", headers: incoming.headers as Record<string, string> }));
      outgoing.writeHead(res.status, { "content-type": "application/json" }).end(await res.text());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    process.env.SCHEDULER_FANOUT_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/agent/process`;
    resetEnvCache();
    try {
      collector.requests.length = 0;
      await register();
      const child = await inSpan("test.fan-out-parent", {}, () => startProcessCall(env())(5_000));
      expect(child).toMatchObject({ fanOut: { started: 0 } });
      await stopTracing();

      const spans = spansOf(collector);
      const [parent] = spans.filter((s) => s.name === "test.fan-out-parent");
      const [call] = spans.filter((s) => s.name === "herald.cron");
      expect(parent, JSON.stringify(spans.map((s) => s.name))).toBeDefined();
      expect(traceparents).toEqual([`00-${parent.traceId}-${parent.spanId}-01`]);
      expect(call.traceId).toBe(parent.traceId);
      expect(call.parentSpanId).toBe(parent.spanId);
      expect(spans.find((s) => s.name === "herald.process")?.traceId).toBe(parent.traceId);
    } finally {
      delete process.env.SCHEDULER_FANOUT_URL;
      resetEnvCache();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("the request id", () => {
  it("is in the response header, the error body and every log line of the request", async () => {
    const { key } = await workspaceWithKey();
    const route = withWorkspace(async ({ req }) => {
      logger.info("reading the body");
      await readJson(req, z.object({ note: z.string() }));
      throw new Error("boom");
    });
    const { result: res, lines } = await captureLogs(() =>
      route(req("POST", "/api/test", { key, body: { note: "x" }, headers: { "x-request-id": "client-chosen-42" } })),
    );
    expect(res.status).toBe(500);
    expect(res.headers.get("x-request-id")).toBe("client-chosen-42");
    expect((await json(res)).error).toMatchObject({ code: "internal", requestId: "client-chosen-42" });
    expect(lines.map((l) => l.msg)).toEqual(["reading the body", "unhandled error in route"]);
    for (const line of lines) expect(line.requestId).toBe("client-chosen-42");
    // Outside the request, no id.
    const { lines: outside } = await captureLogs(async () => logger.info("between requests"));
    expect(outside[0].requestId).toBeUndefined();
  });

  it("is made when none or an unusable one is given, on real routes and 4xx answers too", async () => {
    for (const given of [undefined, "has spaces in it", "x".repeat(129), "line\u0001break"]) {
      const res = await postsRoute.GET(req("GET", "/api/posts", { key: "hk_wrong", headers: given === undefined ? {} : { "x-request-id": given } }));
      expect(res.status).toBe(401);
      const id = res.headers.get("x-request-id");
      expect(id).toMatch(/^req_[0-9a-f-]{36}$/);
      expect((await json(res)).error.requestId).toBe(id);
    }
    const { key } = await workspaceWithKey();
    const ok = await postsRoute.GET(req("GET", "/api/posts", { key }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-request-id")).toMatch(/^req_/);
  });
});

describe("Sentry", () => {
  let sentry: FixtureServer;
  beforeAll(async () => {
    sentry = await startFixtureServer();
    sentry.on("POST", "/api/42/envelope/", () => ({ json: { id: "ok" } }));
    process.env.SENTRY_DSN = `${sentry.url.replace("http://", "http://publickey@")}/42`;
  });
  afterAll(async () => {
    delete process.env.SENTRY_DSN;
    await sentry.close();
  });

  it("gets a 500 once, with the request id, without the request's body or credentials", async () => {
    const { key } = await workspaceWithKey();
    const route = withWorkspace(async ({ req }) => {
      await readJson(req, z.object({ note: z.string() }));
      throw new Error("database fell over");
    });
    const res = await route(req("POST", "/api/test", { key, body: { note: "private-body-text" }, headers: { "x-request-id": "sentry-test-7" } }));
    expect(res.status).toBe(500);
    // A 4xx is the caller's business: not reported.
    expect((await route(req("POST", "/api/test", { key: "hk_wrong", body: {} }))).status).toBe(401);
    await flushErrorReports();

    const envelopes = sentry.requests.filter((r) => r.method === "POST" && r.path === "/api/42/envelope/");
    expect(envelopes).toHaveLength(1);
    const raw = envelopes[0].raw.toString("utf8");
    const items = raw.split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    const event = items.find((i) => (i as { exception?: unknown }).exception) as { tags: Record<string, string>; exception: { values: { value: string }[] } };
    expect(event.tags).toMatchObject({ request_id: "sentry-test-7", "http.status_code": "500" });
    expect(event.exception.values[0].value).toBe("database fell over");
    expect(raw).not.toContain("private-body-text");
    expect(raw).not.toContain(key);
  });
});
