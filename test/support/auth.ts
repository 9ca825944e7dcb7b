// Helpers for tests that act as signed-in users: Better Auth's real handler, real cookies.
import * as authRoute from "../../app/api/auth/[...all]/route";

export const ORIGIN = "http://localhost:3000";

/** A tiny cookie jar: what Set-Cookie headers set (and cleared), sent back as one Cookie header. */
export class Jar {
  private cookies = new Map<string, string>();

  take(res: Response): this {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return this;
  }

  get header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  get size(): number {
    return this.cookies.size;
  }

  names(): string[] {
    return [...this.cookies.keys()];
  }
}

export interface AuthedRequestOptions {
  jar?: Jar;
  body?: unknown;
  /** Origin header; defaults to the app's own for unsafe methods, like a browser on our pages. */
  origin?: string | null;
  headers?: Record<string, string>;
}

let clientNo = 0;

/**
 * A client IP of its own for each request (X-Forwarded-For, which Better Auth's limiter trusts):
 * the per-IP sign-in and sign-up limits are on in tests too, and a file signs up many users in a
 * few seconds. Tests of the limits pass their own X-Forwarded-For.
 */
export function nextClientIp(): string {
  clientNo++;
  return `10.${(clientNo >> 16) & 255}.${(clientNo >> 8) & 255}.${clientNo & 255}`;
}

/** A request as a browser on Herald's pages would send it (cookie and Origin included). */
export function browserReq(method: string, path: string, opts: AuthedRequestOptions = {}): Request {
  const headers: Record<string, string> = { "x-forwarded-for": nextClientIp(), ...(opts.headers ?? {}) };
  if (opts.jar?.size) headers.cookie = opts.jar.header;
  const origin = opts.origin === undefined ? (method === "GET" ? null : ORIGIN) : opts.origin;
  if (origin) headers.origin = origin;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  return new Request(`${ORIGIN}${path}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    redirect: "manual",
  });
}

/** Calls Better Auth's route (/api/auth/…) and stores the cookies it sets in `jar`. */
export async function authCall(method: "GET" | "POST", path: string, opts: AuthedRequestOptions & { jar: Jar }) {
  const res = await (method === "GET" ? authRoute.GET : authRoute.POST)(browserReq(method, `/api/auth${path}`, opts));
  opts.jar.take(res);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (a redirect)
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever Better Auth answers
  return { status: res.status, body: body as Record<string, any>, headers: res.headers };
}

/** Signs a new user up (which signs them in) and returns their cookie jar. */
export async function signUp(email: string, password = "correct horse battery", name = email.split("@")[0]) {
  const jar = new Jar();
  const r = await authCall("POST", "/sign-up/email", { jar, body: { email, password, name } });
  if (r.status !== 200) throw new Error(`sign-up failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { jar, user: r.body.user as { id: string; email: string; name: string } };
}

export async function signIn(email: string, password: string) {
  const jar = new Jar();
  const r = await authCall("POST", "/sign-in/email", { jar, body: { email, password } });
  return { jar, ...r };
}
