// Sentry, loaded only when SENTRY_DSN is set (./report.ts). @sentry/core's server client alone:
// no automatic instrumentation, no OpenTelemetry set-up of its own, no integrations — just the
// event, its stack, and tags (docs/decisions.md, "Observability"). Nothing from the request (no
// headers, no body, no user) is attached.
import { createStackParser, createTransport, Scope } from "@sentry/core";
import { nodeStackLineParser, ServerRuntimeClient } from "@sentry/core/server";

let client: ServerRuntimeClient | null = null;
let clientKey = "";

function clientFor(dsn: string, environment: string | undefined): ServerRuntimeClient {
  const key = `${dsn} ${environment ?? ""}`;
  if (client && clientKey === key) return client;
  client = new ServerRuntimeClient({
    dsn,
    environment,
    platform: "node",
    runtime: { name: "node", version: process.version },
    integrations: [],
    sendDefaultPii: false,
    stackParser: createStackParser(nodeStackLineParser()),
    transport: (options) =>
      createTransport(options, async (request) => {
        const res = await fetch(options.url, { method: "POST", body: request.body as BodyInit, signal: AbortSignal.timeout(5000) });
        return {
          statusCode: res.status,
          headers: { "x-sentry-rate-limits": res.headers.get("x-sentry-rate-limits"), "retry-after": res.headers.get("retry-after") },
        };
      }),
  });
  client.init();
  clientKey = key;
  return client;
}

export function captureServerError(
  err: unknown,
  o: { dsn: string; environment?: string; requestId?: string; status?: number; taskId?: string; taskType?: string },
): void {
  const scope = new Scope();
  if (o.requestId) scope.setTag("request_id", o.requestId);
  if (o.status) scope.setTag("http.status_code", String(o.status));
  if (o.taskId) scope.setTag("task_id", o.taskId);
  if (o.taskType) scope.setTag("task_type", o.taskType);
  clientFor(o.dsn, o.environment).captureException(err, undefined, scope);
}

export async function flushSentry(timeoutMs: number): Promise<void> {
  await client?.flush(timeoutMs);
}
