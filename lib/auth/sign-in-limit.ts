// Sign-in brute force, limited per account (email) in every environment: after
// SIGN_IN_FAILURES_PER_EMAIL failed sign-ins within SIGN_IN_WINDOW_S, the email is locked for the
// rest of that window whatever the IP. Better Auth's own limiter (lib/auth/server.ts) counts per IP
// and path. Counters live in the RateLimit table beside Better Auth's: serverless functions share
// no memory. Keys are a hash of the email, so the table holds no addresses.
import { createHash } from "node:crypto";
import { APIError } from "better-auth/api";
import { clock } from "../clock";
import { db } from "../db";

export const SIGN_IN_WINDOW_S = 15 * 60;
export const SIGN_IN_FAILURES_PER_EMAIL = 5;
/** Per IP, through Better Auth's limiter (a customRule for /sign-in/email). */
export const SIGN_IN_ATTEMPTS_PER_IP = 20;

const keyFor = (email: string) => `sign-in-email|${createHash("sha256").update(email.trim().toLowerCase()).digest("hex")}`;

export function signInLimitMessage(retryAfterS: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterS / 60));
  return `Too many sign-in attempts; try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

export function tooManySignIns(retryAfterS: number): APIError {
  return new APIError(
    "TOO_MANY_REQUESTS",
    { message: signInLimitMessage(retryAfterS), code: "TOO_MANY_SIGN_IN_ATTEMPTS" },
    { "Retry-After": String(Math.max(1, Math.ceil(retryAfterS))) },
  );
}

/** Throws a 429 when `email` is locked; the window runs from its first counted failure. */
export async function assertSignInAllowed(email: unknown): Promise<void> {
  if (typeof email !== "string" || email === "") return;
  const row = await db().rateLimit.findUnique({ where: { key: keyFor(email) } });
  if (!row) return;
  const left = Number(row.lastRequest) + SIGN_IN_WINDOW_S * 1000 - clock.ms();
  if (left > 0 && row.count >= SIGN_IN_FAILURES_PER_EMAIL) throw tooManySignIns(left / 1000);
}

/** Counts one failed sign-in for `email` (a new window when the last one has run out). */
export async function recordSignInFailure(email: unknown): Promise<void> {
  if (typeof email !== "string" || email === "") return;
  const key = keyFor(email);
  const now = clock.ms();
  const windowStart = BigInt(now - SIGN_IN_WINDOW_S * 1000);
  // One statement, so concurrent failures cannot all read a stale count.
  await db().$executeRaw`
    INSERT INTO "RateLimit" (id, key, count, "lastRequest") VALUES (${key}, ${key}, 1, ${BigInt(now)})
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN "RateLimit"."lastRequest" <= ${windowStart} THEN 1 ELSE "RateLimit".count + 1 END,
      "lastRequest" = CASE WHEN "RateLimit"."lastRequest" <= ${windowStart} THEN ${BigInt(now)} ELSE "RateLimit"."lastRequest" END`;
}

/**
 * Better Auth's limiter answers 429 with "Too many requests. Please try again later." and
 * X-Retry-After only; callers get our readable message and the standard Retry-After.
 */
export async function readableRateLimit(req: Request, res: Response): Promise<Response> {
  if (res.status !== 429 || res.headers.has("retry-after")) return res;
  const retryAfterS = Number(res.headers.get("x-retry-after")) || SIGN_IN_WINDOW_S;
  const signIn = new URL(req.url).pathname.includes("/sign-in/");
  const minutes = Math.max(1, Math.ceil(retryAfterS / 60));
  const message = signIn ? signInLimitMessage(retryAfterS) : `Too many requests; try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  await res.body?.cancel();
  const headers = new Headers(res.headers);
  headers.set("retry-after", String(retryAfterS));
  headers.delete("content-length");
  return Response.json({ message, code: signIn ? "TOO_MANY_SIGN_IN_ATTEMPTS" : "TOO_MANY_REQUESTS" }, { status: 429, headers });
}
