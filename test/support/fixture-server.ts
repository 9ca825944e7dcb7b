// A local HTTP server that plays a platform: routes answer with the platform's documented
// responses, and every request is recorded (method, path, headers, body) for assertions.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
  /** Parsed JSON or form body when the content type says so. */
  body: unknown;
}

export interface FixtureResponse {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
  /** Raw bytes (a file the platform serves). */
  body?: Uint8Array;
  /** Wait before answering (to exercise timeouts). */
  delayMs?: number;
  /** Destroy the socket instead of answering (connection reset after the request was sent). */
  reset?: boolean;
}

export type Handler = (req: RecordedRequest) => FixtureResponse | Promise<FixtureResponse>;

export interface FixtureServer {
  url: string;
  requests: RecordedRequest[];
  /** Route "METHOD /path" (exact path, or a RegExp on the path). */
  on(method: string, path: string | RegExp, handler: Handler): void;
  /** Answer the next matching request with `response`, once, before the route's handler. */
  once(method: string, path: string | RegExp, response: FixtureResponse): void;
  reset(): void;
  close(): Promise<void>;
}

function parseBody(raw: Buffer, type: string | undefined): unknown {
  if (!raw.length) return undefined;
  const t = type ?? "";
  if (t.includes("application/json")) {
    try {
      return JSON.parse(raw.toString("utf8"));
    } catch {
      return raw.toString("utf8");
    }
  }
  if (t.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(raw.toString("utf8")));
  if (t.startsWith("text/")) return raw.toString("utf8");
  return raw;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const routes: { method: string; path: string | RegExp; handler: Handler }[] = [];
  const onceQueue: { method: string; path: string | RegExp; response: FixtureResponse }[] = [];
  const requests: RecordedRequest[] = [];
  const matches = (p: string | RegExp, path: string) => (typeof p === "string" ? p === path : p.test(path));

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", "http://localhost");
    const rec: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      raw,
      body: parseBody(raw, req.headers["content-type"]),
    };
    requests.push(rec);
    let response: FixtureResponse;
    const i = onceQueue.findIndex((o) => o.method === rec.method && matches(o.path, rec.path));
    if (i >= 0) {
      response = onceQueue.splice(i, 1)[0].response;
    } else {
      const route = routes.find((r) => r.method === rec.method && matches(r.path, rec.path));
      response = route ? await route.handler(rec) : { status: 404, json: { error: `no fixture for ${rec.method} ${rec.path}` } };
    }
    if (response.delayMs) await new Promise((r) => setTimeout(r, response.delayMs));
    if (response.reset) {
      req.socket.destroy();
      return;
    }
    const headers: Record<string, string> = { ...(response.headers ?? {}) };
    let payload: string | Uint8Array = response.body ?? response.text ?? "";
    if (response.json !== undefined) {
      headers["content-type"] ??= "application/json";
      payload = JSON.stringify(response.json);
    }
    res.writeHead(response.status ?? 200, headers);
    res.end(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on: (method, path, handler) => routes.push({ method, path, handler }),
    once: (method, path, response) => onceQueue.push({ method, path, response }),
    reset: () => {
      requests.length = 0;
      onceQueue.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
