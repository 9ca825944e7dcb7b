// Route wrappers: authenticate, parse, call one lib function, map errors (DESIGN.md style 1–2).
import { timingSafeEqual, createHash } from "node:crypto";
import type { z } from "zod";
import { resolveApiKey } from "../auth/api-keys";
import { env } from "../env";
import { HeraldError, toErrorResponse } from "../errors";

type Params = Record<string, string | string[]>;
interface RouteCtx {
  params: Promise<Params>;
}

export interface WorkspaceCtx {
  req: Request;
  workspaceId: string;
  params: Record<string, string>;
}

function bearer(req: Request): string | null {
  const h = req.headers.get("authorization");
  if (h?.toLowerCase().startsWith("bearer ")) return h.slice(7).trim();
  return req.headers.get("x-api-key")?.trim() || null;
}

async function plainParams(ctx?: RouteCtx): Promise<Record<string, string>> {
  const raw = (await ctx?.params) ?? {};
  return Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]),
  );
}

function toResponse(result: unknown): Response {
  return result instanceof Response ? result : Response.json(result);
}

/** A route for a workspace caller (API key now; session cookies join in issue 4). */
export function withWorkspace(handler: (ctx: WorkspaceCtx) => Promise<unknown>) {
  return async (req: Request, ctx?: RouteCtx): Promise<Response> => {
    try {
      const key = bearer(req);
      if (!key) throw new HeraldError("unauthorized", "Missing API key: send Authorization: Bearer <key>.");
      const workspaceId = await resolveApiKey(key);
      if (!workspaceId) throw new HeraldError("unauthorized", "Invalid or revoked API key.");
      return toResponse(await handler({ req, workspaceId, params: await plainParams(ctx) }));
    } catch (err) {
      return toErrorResponse(err);
    }
  };
}

/** Constant-time comparison of two secrets of any length. */
export function safeEqual(a: string, b: string): boolean {
  // Hashing first gives equal lengths, so timingSafeEqual never throws and leaks no length.
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/** Cron routes: `Authorization: Bearer ${CRON_SECRET}` in every environment, no exceptions. */
export function withCron(handler: (req: Request) => Promise<unknown>) {
  return async (req: Request): Promise<Response> => {
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
  };
}

const MAX_BODY_BYTES = 1_000_000;

/** Reads and validates a JSON body: 400 for malformed JSON or schema errors, 413 for huge bodies. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const text = await req.text();
  if (text.length > MAX_BODY_BYTES) {
    throw new HeraldError("payload_too_large", `The body is larger than ${MAX_BODY_BYTES} bytes.`);
  }
  let data: unknown;
  try {
    data = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new HeraldError("bad_request", "The body is not valid JSON.");
  }
  return schema.parse(data);
}

/** Validates URL query parameters. */
export function readQuery<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  const url = new URL(req.url);
  return schema.parse(Object.fromEntries(url.searchParams));
}
