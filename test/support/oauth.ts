// Driving the OAuth connect routes as a signed-in browser would (test/integration/oauth*.test.ts):
// owners and members with cookie sessions, the start call, the platform's redirect back to the
// callback, and what an error outcome on the accounts page must look like.
import { expect } from "vitest";
import * as start from "../../app/api/accounts/oauth/[platform]/start/route";
import * as callback from "../../app/api/accounts/oauth/[platform]/callback/route";
import * as workspaces from "../../app/api/workspaces/route";
import * as active from "../../app/api/workspaces/active/route";
import type { Role } from "../../lib/auth/roles";
import { db } from "../../lib/db";
import { isOAuthErrorCode, oauthMessage } from "../../lib/social/oauth";
import { browserReq, type Jar, signUp } from "./auth";
import { params } from "./factories";

export type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export async function call(handler: Handler, method: string, path: string, opts: { jar?: Jar; body?: unknown; params?: Record<string, string> } = {}) {
  const res = await handler(browserReq(method, path, opts), params(opts.params ?? {}));
  opts.jar?.take(res);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

export async function ownerWithWorkspace(email: string) {
  const { jar, user } = await signUp(email);
  const created = await call(workspaces.POST as Handler, "POST", "/api/workspaces", { jar, body: { name: "Corner Bakery", timeZone: "Europe/Berlin" } });
  expect(created.status).toBe(201);
  return { jar, user, workspaceId: created.body.workspace.id as string };
}

/** A new user with `role` in the workspace, which is their active one. */
export async function memberAs(workspaceId: string, role: Role) {
  const { jar, user } = await signUp(`${role}-${Math.random().toString(36).slice(2, 8)}@example.com`);
  await db().membership.create({ data: { workspaceId, userId: user.id, role } });
  const sw = await call(active.POST as Handler, "POST", "/api/workspaces/active", { jar, body: { workspaceId } });
  expect(sw.status, JSON.stringify(sw.body)).toBe(200);
  return { jar, user };
}

export const startFlow = (platform: string, jar: Jar, body: unknown = {}) =>
  call(start.POST as Handler, "POST", `/api/accounts/oauth/${platform}/start`, { jar, body, params: { platform } });

/** The callback as the browser follows the platform's redirect; returns where Herald sends it next. */
export async function returnTo(platform: string, jar: Jar | undefined, query: Record<string, string>) {
  const res = await callback.GET(browserReq("GET", `/api/accounts/oauth/${platform}/callback?${new URLSearchParams(query)}`, { jar }), {
    params: Promise.resolve({ platform }),
  });
  expect(res.status).toBe(303);
  const location = new URL(res.headers.get("location")!);
  expect(`${location.origin}${location.pathname}`).toBe("http://localhost:3000/dashboard/accounts");
  return location.searchParams;
}

/** An error outcome: a known code with a readable message, nothing secret in the URL. */
export function expectError(outcome: URLSearchParams, code: string) {
  expect(Object.fromEntries(outcome)).toMatchObject({ oauth_error: code });
  expect(outcome.has("connected")).toBe(false);
  const c = outcome.get("oauth_error");
  expect(isOAuthErrorCode(c)).toBe(true);
  expect(oauthMessage(c as never, outcome.get("platform") ?? undefined)).toMatch(/^[A-Z].{20,}\.$/);
  // Only a code and the platform: no tokens, codes or free text travel in the URL.
  expect([...outcome.keys()].sort()).toEqual(["oauth_error", "platform"]);
}
