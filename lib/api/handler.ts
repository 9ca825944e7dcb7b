// Route wrappers: authenticate, parse, call one lib function, map errors (docs/design.md, style 1–2).
import { timingSafeEqual, createHash } from "node:crypto";
import { after } from "next/server";
import type { z } from "zod";
import { authenticateApiKey, rateLimited, rateLimitHeaders, type RateLimitState } from "../auth/api-keys";
import { hasRole, withArticle, type Role } from "../auth/roles";
import { assertSameOrigin, getSessionCaller, hasSessionCookie, membershipRole, type SessionCaller } from "../auth/session";
import { env } from "../env";
import { HeraldError, toErrorResponse } from "../errors";
import { assertNoNul, decodeUtf8, readBodyBytes } from "./input";
import { REQUEST_ID_HEADER, requestIdOf, withRequestContext } from "../observability/request-context";
import { flushSpans, inSpan, SPAN_KIND, tracingEnabled, withIncomingTrace } from "../observability/trace";

type Params = Record<string, string | string[]>;
interface RouteCtx {
  params: Promise<Params>;
}

/** Who is calling: a workspace API key (acts as an admin of its workspace) or a signed-in user. */
export type Actor = { type: "api_key"; apiKeyId?: string } | { type: "user"; userId: string; sessionId: string };

export interface WorkspaceCtx {
  req: Request;
  workspaceId: string;
  /** The caller's role in the workspace; API keys are "admin". */
  role: Role;
  actor: Actor;
  params: Record<string, string>;
}

export interface WorkspaceRouteOptions {
  /**
   * The least role the route needs. Default: "viewer" for GET and HEAD, "editor" for anything
   * else, so a route that forgets to say stays read-only for viewers.
   */
  minRole?: Role;
  /**
   * Refuse API keys (403 with this message): for what only a signed-in person may do, such as
   * minting or revoking keys, so a leaked key cannot mint its own successor.
   */
  refuseApiKeys?: string;
}

/** The role API keys act with: everything in their workspace except what only owners may do. */
export const API_KEY_ROLE: Role = "admin";

function bearer(req: Request): string | null {
  const h = req.headers.get("authorization");
  if (h?.toLowerCase().startsWith("bearer ")) return h.slice(7).trim();
  return req.headers.get("x-api-key")?.trim() || null;
}

async function plainParams(ctx?: RouteCtx): Promise<Record<string, string>> {
  const raw = (await ctx?.params) ?? {};
  const plain = Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]),
  );
  // An id like "abc%00" would reach PostgreSQL as text with a NUL in it.
  assertNoNul(plain);
  return plain;
}

function toResponse(result: unknown): Response {
  return result instanceof Response ? result : Response.json(result);
}

/** Appends headers (Better Auth's Set-Cookie for a refreshed session, rate-limit figures) to a response. */
function withHeaders(res: Response, headers: [string, string][]): Response {
  if (headers.length === 0) return res;
  try {
    for (const [k, v] of headers) res.headers.append(k, v);
    return res;
  } catch {
    // An immutable response (e.g. a proxied fetch): copy it.
    const copy = new Response(res.body, res);
    for (const [k, v] of headers) copy.headers.append(k, v);
    return copy;
  }
}

function withCookies(res: Response, setCookies: string[]): Response {
  return withHeaders(res, setCookies.map((c) => ["set-cookie", c]));
}

/**
 * Every API request (docs/decisions.md, "Observability"): a request id (the caller's valid
 * `x-request-id`, else a new one) on every log line written meanwhile, in the error body and in
 * the `x-request-id` response header; with tracing on, a span `herald.<kind>` around it, flushed
 * after the response.
 */
async function observed(kind: string, req: Request, run: () => Promise<Response>): Promise<Response> {
  const requestId = requestIdOf(req);
  const span = () =>
    inSpan(
      `herald.${kind}`,
      { "http.request.method": req.method, "url.path": new URL(req.url).pathname, "herald.request_id": requestId },
      async (span) => {
        const r = await run();
        span?.setAttribute("http.response.status_code", r.status);
        if (r.status >= 500) span?.setStatus({ code: 2, message: String(r.status) });
        return r;
      },
      SPAN_KIND.SERVER,
    );
  // A caller's trace context (fan-out process calls) makes the span part of its trace.
  const res = await withRequestContext(requestId, () => withIncomingTrace(req.headers, span));
  if (tracingEnabled()) {
    try {
      after(flushSpans);
    } catch {
      // Outside a request (tests, scripts): the batch processor sends them on its own.
    }
  }
  return withHeaders(res, [[REQUEST_ID_HEADER, requestId]]);
}

/** A route without a wrapper of its own (public, signed by its caller): the request id and span only. */
export function withRequestId<A extends unknown[]>(handler: (req: Request, ...rest: A) => Promise<Response>) {
  return (req: Request, ...rest: A): Promise<Response> => observed("request", req, () => handler(req, ...rest));
}

const UNAUTHENTICATED = "Sign in, or send a workspace API key as Authorization: Bearer <key>.";

/** Where an API key's rate-limit figures go so the response, error or not, can carry them. */
type RateSink = { rate?: RateLimitState };

async function resolveWorkspaceCaller(req: Request, sink: RateSink): Promise<{ workspaceId: string; role: Role; actor: Actor; setCookies: string[] }> {
  const key = bearer(req);
  if (key) {
    // An explicit key wins over a cookie the same client may also carry.
    const caller = await authenticateApiKey(key);
    if (!caller) throw new HeraldError("unauthorized", "Invalid or revoked API key.");
    if (caller.rate) {
      sink.rate = caller.rate;
      if (caller.rate.retryAfterMs != null) throw rateLimited(caller.rate);
    }
    return { workspaceId: caller.workspaceId, role: API_KEY_ROLE, actor: { type: "api_key", apiKeyId: caller.apiKeyId }, setCookies: [] };
  }
  if (!(await hasSessionCookie(req))) throw new HeraldError("unauthorized", UNAUTHENTICATED);
  const caller = await getSessionCaller(req);
  if (!caller) throw new HeraldError("unauthorized", "Your session has expired or was signed out. Sign in again.");
  assertSameOrigin(req);
  if (!caller.activeWorkspaceId) {
    throw new HeraldError("forbidden", "No workspace is active in this session: create one or switch to one first.", {
      details: { reason: "no_active_workspace" },
    });
  }
  const role = await membershipRole(caller.activeWorkspaceId, caller.userId);
  if (!role) {
    throw new HeraldError("forbidden", "You are no longer a member of this workspace; switch to another one.", {
      details: { reason: "not_a_member" },
    });
  }
  return {
    workspaceId: caller.activeWorkspaceId,
    role,
    actor: { type: "user", userId: caller.userId, sessionId: caller.sessionId },
    setCookies: caller.setCookies,
  };
}

/**
 * A route for a workspace caller: a workspace API key, or a session cookie (its active workspace).
 * 401 without valid credentials, 403 when the caller's role is below `minRole`. Everything the
 * handler reads must be scoped by ctx.workspaceId, so other workspaces' rows stay 404.
 */
export function withWorkspace(handler: (ctx: WorkspaceCtx) => Promise<unknown>, opts: WorkspaceRouteOptions = {}) {
  return (req: Request, ctx?: RouteCtx): Promise<Response> => observed("workspace", req, async () => {
    const sink: RateSink = {};
    // Every answer to an API-key request carries the key's figures, errors included.
    const rated = (res: Response) => (sink.rate ? withHeaders(res, Object.entries(rateLimitHeaders(sink.rate))) : res);
    try {
      const caller = await resolveWorkspaceCaller(req, sink);
      if (opts.refuseApiKeys && caller.actor.type === "api_key") {
        throw new HeraldError("forbidden", opts.refuseApiKeys, { details: { reason: "api_key" } });
      }
      const minRole = opts.minRole ?? (["GET", "HEAD"].includes(req.method.toUpperCase()) ? "viewer" : "editor");
      if (!hasRole(caller.role, minRole)) {
        throw new HeraldError(
          "forbidden",
          `This needs the ${minRole} role or higher; you are ${withArticle(caller.role)} in this workspace.`,
          { details: { reason: "role", requiredRole: minRole, role: caller.role } },
        );
      }
      const { setCookies, ...who } = caller;
      const res = toResponse(await handler({ req, ...who, params: await plainParams(ctx) }));
      return rated(withCookies(res, setCookies));
    } catch (err) {
      return rated(toErrorResponse(err));
    }
  });
}

export interface SessionCtx {
  req: Request;
  user: SessionCaller;
  params: Record<string, string>;
}

/** A route for a signed-in user, not tied to one workspace (listing, creating, switching them). */
export function withSession(handler: (ctx: SessionCtx) => Promise<unknown>) {
  return (req: Request, ctx?: RouteCtx): Promise<Response> => observed("session", req, async () => {
    try {
      if (!(await hasSessionCookie(req))) {
        if (bearer(req)) throw new HeraldError("forbidden", "This needs a signed-in user; API keys belong to one workspace and cannot do it.");
        throw new HeraldError("unauthorized", "Sign in first.");
      }
      const user = await getSessionCaller(req);
      if (!user) throw new HeraldError("unauthorized", "Your session has expired or was signed out. Sign in again.");
      assertSameOrigin(req);
      const res = toResponse(await handler({ req, user, params: await plainParams(ctx) }));
      return withCookies(res, user.setCookies);
    } catch (err) {
      return toErrorResponse(err);
    }
  });
}

/** Constant-time comparison of two secrets of any length. */
export function safeEqual(a: string, b: string): boolean {
  // Hashing first gives equal lengths, so timingSafeEqual never throws and leaks no length.
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** Cron routes: `Authorization: Bearer ${CRON_SECRET}` in every environment, no exceptions. */
export function withCron(handler: (req: Request) => Promise<unknown>) {
  return (req: Request): Promise<Response> => observed("cron", req, async () => {
    try {
      const given = req.headers.get("authorization") ?? "";
      const expected = `Bearer ${env().CRON_SECRET}`;
      if (!safeEqual(given, expected)) {
        throw new HeraldError("unauthorized", "Missing or wrong cron secret.");
      }
      return toResponse(await handler(req));
    } catch (err) {
      return toErrorResponse(err);
    }
  });
}

/** The largest JSON body any route accepts, in bytes (UTF-8), not characters. */
export const MAX_BODY_BYTES = 1_000_000;

/**
 * Reads and validates a JSON body: 413 for bodies over MAX_BODY_BYTES (by Content-Length before
 * reading, else while streaming), 400 for invalid UTF-8 or JSON, a NUL character anywhere, or
 * schema errors.
 */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const text = decodeUtf8(await readBodyBytes(req, MAX_BODY_BYTES));
  let data: unknown;
  try {
    data = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new HeraldError("bad_request", "The body is not valid JSON.");
  }
  assertNoNul(data);
  return schema.parse(data);
}

/** Validates URL query parameters (400 for a NUL character in any of them). */
export function readQuery<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  const url = new URL(req.url);
  const query = Object.fromEntries(url.searchParams);
  assertNoNul(query);
  return schema.parse(query);
}
