// The signed-in caller of a route handler: Better Auth's session (from its httpOnly cookie), the
// active workspace of that session and the user's role there.
// Better Auth is loaded only when a request carries a session cookie: API-key and cron requests
// never need it (docs/decisions.md, "Cold starts").
import { db } from "../db";
import { HeraldError } from "../errors";
import { COOKIE_PREFIX, trustedOrigins } from "./origins";
import type { Role } from "./roles";

export interface SessionCaller {
  userId: string;
  sessionId: string;
  email: string;
  name: string;
  activeWorkspaceId: string | null;
  /** Set-Cookie headers Better Auth produced (a refreshed expiry); forward them on the response. */
  setCookies: string[];
}

/** True when the request carries a session cookie (signature and expiry are not checked here). */
export async function hasSessionCookie(req: Request): Promise<boolean> {
  // Nothing to parse without a Cookie header (every API-key and cron request).
  if (!req.headers.get("cookie")) return false;
  const { getSessionCookie } = await import("better-auth/cookies");
  return getSessionCookie(req.headers, { cookiePrefix: COOKIE_PREFIX }) !== null;
}

/** Validates the session cookie; null when it is missing, forged, expired or revoked. */
export async function getSessionCaller(req: Request): Promise<SessionCaller | null> {
  if (!(await hasSessionCookie(req))) return null;
  const { auth } = await import("./server");
  const { headers, response } = await auth().api.getSession({ headers: req.headers, returnHeaders: true });
  if (!response) return null;
  return {
    userId: response.user.id,
    sessionId: response.session.id,
    email: response.user.email,
    name: response.user.name,
    activeWorkspaceId: response.session.activeOrganizationId ?? null,
    setCookies: headers.getSetCookie(),
  };
}

/** The user's role in a workspace, or null when they are not a member. */
export async function membershipRole(workspaceId: string, userId: string): Promise<Role | null> {
  const m = await db().membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId } },
    select: { role: true },
  });
  return m?.role ?? null;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence for cookie-authenticated requests that change something: the browser's Origin (or,
 * failing that, Referer) must be the app itself. SameSite=Lax cookies already stop most cross-site
 * posts; this also covers sibling subdomains and old browsers. API-key requests carry no ambient
 * credentials and are not checked.
 */
export function assertSameOrigin(req: Request): void {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return;
  let origin = req.headers.get("origin");
  if (!origin || origin === "null") {
    const referer = req.headers.get("referer");
    try {
      origin = referer ? new URL(referer).origin : null;
    } catch {
      origin = null;
    }
  }
  if (!origin || !trustedOrigins().includes(origin)) {
    throw new HeraldError("forbidden", "Cross-site request refused: a signed-in request that changes data must come from Herald's own pages.");
  }
}
