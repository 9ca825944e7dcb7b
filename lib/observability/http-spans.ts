// One CLIENT span per outgoing HTTP request made inside a span (docs/decisions.md, "Observability"):
// every platform call, whichever way its adapter sends it — fetch (undici), the guarded fetch and
// SDKs on node:http — is seen at one place, Node's diagnostics channels, instead of a span in each
// adapter. Recorded: method, host, port, path without its query, status, the task's network.
// Never recorded: query strings, headers, bodies (tokens and post text live there).
import diagnostics from "node:diagnostics_channel";
import type { ClientRequest, IncomingMessage } from "node:http";
import { context, trace, type Span, type Tracer } from "@opentelemetry/api";
import { isTracingSuppressed } from "@opentelemetry/core";
import { currentNetwork, recordFailure, SPAN_KIND } from "./trace";

/** The path alone: a query string may carry a token (Graph API's access_token=…). */
export function pathOnly(path: string): string {
  const cut = path.search(/[?#]/);
  return cut === -1 ? path : path.slice(0, cut);
}

/** Starts the span when the request is made inside a span (and not by the exporter itself). */
function startClientSpan(tracer: Tracer, method: string, scheme: string, host: string, port: number | undefined, path: string): Span | undefined {
  const active = context.active();
  if (isTracingSuppressed(active) || !trace.getSpan(active)) return undefined;
  const network = currentNetwork();
  return tracer.startSpan(
    `${method} ${host}`,
    {
      kind: SPAN_KIND.CLIENT,
      attributes: {
        "http.request.method": method,
        "url.scheme": scheme,
        "server.address": host,
        ...(port ? { "server.port": port } : {}),
        "url.path": pathOnly(path),
        ...(network ? { "herald.network": network } : {}),
      },
    },
    active,
  );
}

function endWithStatus(span: Span, status: number | undefined): void {
  if (status !== undefined) {
    span.setAttribute("http.response.status_code", status);
    if (status >= 500) span.setStatus({ code: 2, message: String(status) });
  }
  span.end();
}

interface UndiciRequest {
  origin: string | URL;
  method: string;
  path: string;
}

/** Subscribes to fetch's (undici's) and node:http's client channels; returns the unsubscribe. */
export function subscribeHttpSpans(tracer: Tracer): () => void {
  const undiciSpans = new WeakMap<object, { span: Span; status?: number }>();
  const subs: [string, (msg: unknown) => void][] = [
    [
      "undici:request:create",
      (msg) => {
        const { request } = msg as { request: UndiciRequest };
        let origin: URL;
        try {
          origin = new URL(String(request.origin));
        } catch {
          return;
        }
        const span = startClientSpan(tracer, request.method, origin.protocol.replace(":", ""), origin.hostname, origin.port ? Number(origin.port) : undefined, request.path);
        if (span) undiciSpans.set(request, { span });
      },
    ],
    [
      "undici:request:headers",
      (msg) => {
        const { request, response } = msg as { request: object; response: { statusCode: number } };
        const s = undiciSpans.get(request);
        if (s) s.status = response.statusCode;
      },
    ],
    [
      "undici:request:trailers",
      (msg) => {
        const { request } = msg as { request: object };
        const s = undiciSpans.get(request);
        if (!s) return;
        undiciSpans.delete(request);
        endWithStatus(s.span, s.status);
      },
    ],
    [
      "undici:request:error",
      (msg) => {
        const { request, error } = msg as { request: object; error: unknown };
        const s = undiciSpans.get(request);
        if (!s) return;
        undiciSpans.delete(request);
        recordFailure(s.span, error);
        endWithStatus(s.span, s.status);
      },
    ],
    [
      "http.client.request.start",
      (msg) => {
        const { request } = msg as { request: ClientRequest };
        const hostHeader = String(request.getHeader("host") ?? "");
        const port = /:(\d+)$/.exec(hostHeader)?.[1];
        const span = startClientSpan(tracer, request.method, request.protocol.replace(":", ""), request.host, port ? Number(port) : undefined, request.path);
        if (!span) return;
        let status: number | undefined;
        request.once("response", (res: IncomingMessage) => {
          status = res.statusCode;
        });
        request.once("error", (err) => recordFailure(span, err));
        request.once("close", () => endWithStatus(span, status));
      },
    ],
  ];
  for (const [name, fn] of subs) diagnostics.subscribe(name, fn);
  return () => {
    for (const [name, fn] of subs) diagnostics.unsubscribe(name, fn);
  };
}
