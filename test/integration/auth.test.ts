// People and workspaces through the real route handlers and Better Auth's real handler: sign-up,
// session cookies, workspaces, roles on every agent route, invitations by link, password reset,
// switching, CSRF and field-level errors.
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import * as accounts from "../../app/api/accounts/route";
import * as account from "../../app/api/accounts/[id]/route";
import * as schedule from "../../app/api/agent/schedule/route";
import * as tasks from "../../app/api/agent/tasks/route";
import * as task from "../../app/api/agent/tasks/[id]/route";
import * as cancel from "../../app/api/agent/tasks/[id]/cancel/route";
import * as retry from "../../app/api/agent/tasks/[id]/retry/route";
import * as stats from "../../app/api/agent/tasks/stats/route";
import * as workspaces from "../../app/api/workspaces/route";
import * as active from "../../app/api/workspaces/active/route";
import type { Role } from "../../lib/auth/roles";
import { auth } from "../../lib/auth/server";
import { resetClock, setClock } from "../../lib/clock";
import { db } from "../../lib/db";
import { SIGN_IN_ATTEMPTS_PER_IP, SIGN_IN_FAILURES_PER_EMAIL } from "../../lib/auth/sign-in-limit";
import { logger } from "../../lib/logger";
import { homePathFor, invitationView } from "../../lib/workspaces";
import { authCall, browserReq, Jar, ORIGIN, signIn, signUp } from "../support/auth";
import { params, req, workspaceWithKey } from "../support/factories";

type Handler = (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(handler: Handler, method: string, path: string, opts: { jar?: Jar; body?: unknown; origin?: string | null; id?: string } = {}) {
  const res = await handler(browserReq(method, path, opts), opts.id ? params({ id: opts.id }) : undefined);
  opts.jar?.take(res);
  return { status: res.status, body: await res.json(), headers: res.headers };
}

const inAMinute = () => new Date(Date.now() + 60_000).toISOString();

/** Emails "sent" while no SMTP server is configured: lib/mail.ts logs them at warn level. */
let warn: MockInstance;
beforeEach(() => {
  warn = vi.spyOn(logger, "warn");
});
afterEach(() => {
  warn.mockRestore();
});

function mailsTo(email: string): { subject: string; text: string }[] {
  return warn.mock.calls
    .map((c) => (c[0] as { mail?: { to: string; subject: string; text: string } })?.mail)
    .filter((m): m is { to: string; subject: string; text: string } => m?.to === email);
}

function linkIn(text: string): string {
  const m = /(http:\/\/localhost:3000\/\S+)/.exec(text);
  if (!m) throw new Error(`no link in: ${text}`);
  return m[1];
}

/** A signed-up user with a workspace of their own (owner, active). */
async function ownerWithWorkspace(email: string, name = "Corner Bakery", timeZone = "Europe/Berlin") {
  const { jar, user } = await signUp(email);
  const created = await call(workspaces.POST, "POST", "/api/workspaces", { jar, body: { name, timeZone } });
  expect(created.status).toBe(201);
  return { jar, user, workspaceId: created.body.workspace.id as string };
}

/** A new user who is a member of `workspaceId` with `role`, switched to it. */
async function memberAs(workspaceId: string, role: Role, email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.com`) {
  const { jar, user } = await signUp(email);
  await db().membership.create({ data: { workspaceId, userId: user.id, role } });
  const sw = await call(active.POST, "POST", "/api/workspaces/active", { jar, body: { workspaceId } });
  expect(sw.status, JSON.stringify(sw.body)).toBe(200);
  return { jar, user };
}

describe("Better Auth on our schema", () => {
  it("finds every table and column it writes in the Prisma schema (its own schema check)", async () => {
    const ctx = (await auth().$context) as unknown as { explicitSchemaCheck?: () => Promise<void> | undefined };
    expect(ctx.explicitSchemaCheck).toBeTypeOf("function");
    await expect(Promise.resolve(ctx.explicitSchemaCheck!())).resolves.toBeUndefined();
  });
});

describe("sign-up, session cookie, first workspace", () => {
  it("signs up into an httpOnly session, creates a workspace and schedules a post with the cookie", async () => {
    const jar = new Jar();
    const up = await authCall("POST", "/sign-up/email", { jar, body: { name: "Ada", email: "ada@example.com", password: "correct horse battery" } });
    expect(up.status).toBe(200);
    const cookie = up.headers.getSetCookie().find((c) => c.startsWith("herald.session_token="));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    // The password is stored as a hash, never as given.
    const cred = await db().account.findFirstOrThrow({ where: { userId: up.body.user.id, providerId: "credential" } });
    expect(cred.password).toBeTruthy();
    expect(cred.password).not.toContain("correct horse battery");

    // No workspace yet: the app sends the user to create one, and agent routes say why they refuse.
    expect(await homePathFor(up.body.user.id)).toBe("/workspaces/new");
    const none = await call(workspaces.GET, "GET", "/api/workspaces", { jar });
    expect([none.status, none.body.workspaces]).toEqual([200, []]);
    const early = await call(tasks.GET, "GET", "/api/agent/tasks", { jar });
    expect([early.status, early.body.error.details.reason]).toEqual([403, "no_active_workspace"]);

    const created = await call(workspaces.POST, "POST", "/api/workspaces", { jar, body: { name: "Corner Bakery", timeZone: "Europe/Berlin" } });
    expect(created.status).toBe(201);
    expect(created.body.workspace).toMatchObject({ name: "Corner Bakery", slug: "corner-bakery", timeZone: "Europe/Berlin", role: "owner", active: true });
    const wsId = created.body.workspace.id;
    expect(await db().membership.findMany({ where: { workspaceId: wsId }, select: { userId: true, role: true } })).toEqual([{ userId: up.body.user.id, role: "owner" }]);
    expect(await homePathFor(up.body.user.id)).toBe("/dashboard");

    // A time without offset is read in the workspace's zone, exactly as with an API key.
    // A fixed date: the clock stands before it, as times in the past are refused (lib/scheduler/past.ts).
    setClock(new Date("2026-11-01T00:00:00Z"));
    const s = await call(schedule.POST, "POST", "/api/agent/schedule", { jar, body: { platform: "bluesky", content: "Fresh bread at nine!", scheduledAt: "2026-12-01T09:00" } }).finally(resetClock);
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    expect(s.body.task).toMatchObject({ platform: "bluesky", status: "pending", scheduledAt: "2026-12-01T08:00:00.000Z" });
    expect((await db().agentTask.findUniqueOrThrow({ where: { id: s.body.task.id } })).workspaceId).toBe(wsId);
    const list = await call(tasks.GET, "GET", "/api/agent/tasks", { jar });
    expect(list.body.tasks.map((t: { id: string }) => t.id)).toEqual([s.body.task.id]);

    // Signing out ends the session on the server: the same cookie no longer works.
    const stale = jar.header;
    const out = await authCall("POST", "/sign-out", { jar, body: {} });
    expect(out.status).toBe(200);
    expect(jar.size).toBe(0);
    const after = await tasks.GET(new Request(`${ORIGIN}/api/agent/tasks`, { headers: { cookie: stale } }));
    expect(after.status).toBe(401);
  });

  it("answers 401 without credentials and for a forged or unknown session cookie", async () => {
    expect((await call(tasks.GET, "GET", "/api/agent/tasks")).status).toBe(401);
    expect((await call(workspaces.GET, "GET", "/api/workspaces")).status).toBe(401);
    for (const cookie of ["herald.session_token=forged", "herald.session_token=abc.def", "other=1"]) {
      const r = await tasks.GET(new Request(`${ORIGIN}/api/agent/tasks`, { headers: { cookie } }));
      expect(r.status, cookie).toBe(401);
      expect((await r.json()).error.code).toBe("unauthorized");
    }
  });

  it("refuses a cookie-authenticated write from another origin or without one (CSRF), but not a read", async () => {
    const { jar } = await ownerWithWorkspace("csrf@example.com");
    const body = { platform: "bluesky", content: "x" };
    for (const origin of ["https://evil.example", null]) {
      const r = await call(schedule.POST, "POST", "/api/agent/schedule", { jar, body, origin });
      expect(r.status, String(origin)).toBe(403);
      expect(r.body.error.message).toMatch(/Cross-site request refused/);
    }
    expect((await call(workspaces.POST, "POST", "/api/workspaces", { jar, body: { name: "Evil" }, origin: "https://evil.example" })).status).toBe(403);
    // Better Auth's own endpoints check the origin too.
    const inviteFromElsewhere = await authCall("POST", "/organization/invite-member", { jar, origin: "https://evil.example", body: { email: "x@example.com", role: "admin" } });
    expect(inviteFromElsewhere.status).toBe(403);
    expect(await db().invitation.count()).toBe(0);
    expect((await call(tasks.GET, "GET", "/api/agent/tasks", { jar, origin: null })).status).toBe(200);
    expect((await call(schedule.POST, "POST", "/api/agent/schedule", { jar, body })).status).toBe(201);
  });

  it("starts a new session in the workspace joined most recently, and switches between workspaces", async () => {
    const { jar, user, workspaceId: first } = await ownerWithWorkspace("multi@example.com", "First Shop");
    const second = (await call(workspaces.POST, "POST", "/api/workspaces", { jar, body: { name: "Second Shop", timeZone: "America/New_York" } })).body.workspace.id;
    const other = await workspaceWithKey("Someone Else's");
    await schedule.POST(req("POST", "/api/agent/schedule", { key: other.key, body: { platform: "bluesky", content: "not yours" } }));

    const list = await call(workspaces.GET, "GET", "/api/workspaces", { jar });
    expect(list.body.workspaces.map((w: { name: string; role: string; active: boolean }) => [w.name, w.role, w.active])).toEqual([
      ["First Shop", "owner", false],
      ["Second Shop", "owner", true],
    ]);

    await call(schedule.POST, "POST", "/api/agent/schedule", { jar, body: { platform: "bluesky", content: "in second" } });
    const sw = await call(active.POST, "POST", "/api/workspaces/active", { jar, body: { workspaceId: first } });
    expect([sw.status, sw.body.workspace.name, sw.body.workspace.active]).toEqual([200, "First Shop", true]);
    expect((await call(tasks.GET, "GET", "/api/agent/tasks", { jar })).body.tasks).toEqual([]);
    await call(active.POST, "POST", "/api/workspaces/active", { jar, body: { workspaceId: second } });
    expect((await call(tasks.GET, "GET", "/api/agent/tasks", { jar })).body.tasks.map((t: { content: string }) => t.content)).toEqual(["in second"]);

    // Switching to a workspace the user does not belong to looks like switching to none at all.
    for (const workspaceId of [other.workspace.id, "no-such-workspace"]) {
      const r = await call(active.POST, "POST", "/api/workspaces/active", { jar, body: { workspaceId } });
      expect([r.status, r.body.error.code], workspaceId).toEqual([404, "not_found"]);
    }
    expect((await db().session.findFirstOrThrow({ where: { userId: user.id } })).activeWorkspaceId).toBe(second);

    // A fresh sign-in starts in the most recent membership.
    const again = await signIn("multi@example.com", "correct horse battery");
    expect(again.status).toBe(200);
    const sessions = await db().session.findMany({ where: { userId: user.id }, orderBy: { createdAt: "desc" } });
    expect(sessions[0].activeWorkspaceId).toBe(second);
    // API keys belong to one workspace and cannot list or switch a user's workspaces.
    const byKey = await workspaces.GET(req("GET", "/api/workspaces", { key: other.key }));
    expect(byKey.status).toBe(403);
  });
});

describe("roles on the agent routes", () => {
  it("lets a viewer read tasks and accounts but not schedule, cancel, retry, connect or read stats", async () => {
    const { jar: ownerJar, workspaceId } = await ownerWithWorkspace("owner-v@example.com");
    const made = await call(schedule.POST, "POST", "/api/agent/schedule", { jar: ownerJar, body: { platform: "bluesky", content: "by owner", scheduledAt: inAMinute() } });
    const id = made.body.task.id;
    const { jar } = await memberAs(workspaceId, "viewer");

    const s = await call(schedule.POST, "POST", "/api/agent/schedule", { jar, body: { platform: "bluesky", content: "nope" } });
    expect(s.status).toBe(403);
    expect(s.body.error).toMatchObject({ code: "forbidden", details: { reason: "role", requiredRole: "editor", role: "viewer" } });
    expect(s.body.error.message).toBe("This needs the editor role or higher; you are a viewer in this workspace.");

    expect((await call(tasks.GET, "GET", "/api/agent/tasks", { jar })).body.tasks.map((t: { id: string }) => t.id)).toEqual([id]);
    expect((await call(task.GET, "GET", `/api/agent/tasks/${id}`, { jar, id })).status).toBe(200);
    expect((await call(accounts.GET, "GET", "/api/accounts", { jar })).status).toBe(200);
    expect((await call(cancel.POST, "POST", `/api/agent/tasks/${id}/cancel`, { jar, id })).status).toBe(403);
    expect((await call(retry.POST, "POST", `/api/agent/tasks/${id}/retry`, { jar, id })).status).toBe(403);
    expect((await call(stats.GET, "GET", "/api/agent/tasks/stats", { jar })).status).toBe(403);
    expect((await call(accounts.POST, "POST", "/api/accounts", { jar, body: { platform: "bluesky", handle: "v.bsky.social" } })).status).toBe(403);
    expect(await db().agentTask.count({ where: { workspaceId } })).toBe(1);
    expect((await db().agentTask.findUniqueOrThrow({ where: { id } })).status).toBe("pending");
  });

  it("lets an editor schedule, cancel and reconfigure accounts, but not read task stats or connect accounts", async () => {
    const { jar: ownerJar, workspaceId } = await ownerWithWorkspace("owner-e@example.com");
    const acc = await call(accounts.POST, "POST", "/api/accounts", { jar: ownerJar, body: { platform: "bluesky", handle: "shop.bsky.social" } });
    expect(acc.status).toBe(201);
    const { jar } = await memberAs(workspaceId, "editor");

    const s = await call(schedule.POST, "POST", "/api/agent/schedule", { jar, body: { accountId: acc.body.account.id, content: "by editor", scheduledAt: inAMinute() } });
    expect(s.status).toBe(201);
    expect((await call(cancel.POST, "POST", `/api/agent/tasks/${s.body.task.id}/cancel`, { jar, id: s.body.task.id })).body.task.status).toBe("cancelled");
    const st = await call(stats.GET, "GET", "/api/agent/tasks/stats", { jar });
    expect(st.status).toBe(403);
    expect(st.body.error.message).toBe("This needs the admin role or higher; you are an editor in this workspace.");
    const id = acc.body.account.id;
    expect((await call(account.PATCH, "PATCH", `/api/accounts/${id}`, { jar, id, body: { displayName: "The Shop" } })).status).toBe(200);
    expect((await call(account.DELETE, "DELETE", `/api/accounts/${id}`, { jar, id })).status).toBe(403);
    expect((await call(accounts.POST, "POST", "/api/accounts", { jar, body: { platform: "mastodon", handle: "e@social.example" } })).status).toBe(403);
  });

  it("lets an admin (and an API key, which acts as admin) read task stats and connect accounts", async () => {
    const { jar: ownerJar, workspaceId } = await ownerWithWorkspace("owner-a@example.com");
    await call(schedule.POST, "POST", "/api/agent/schedule", { jar: ownerJar, body: { platform: "bluesky", content: "one", scheduledAt: inAMinute() } });
    const { jar } = await memberAs(workspaceId, "admin");
    const st = await call(stats.GET, "GET", "/api/agent/tasks/stats", { jar });
    expect([st.status, st.body.stats.total, st.body.stats.pending]).toEqual([200, 1, 1]);
    expect((await call(accounts.POST, "POST", "/api/accounts", { jar, body: { platform: "mastodon", handle: "a@social.example" } })).status).toBe(201);
    expect((await call(stats.GET, "GET", "/api/agent/tasks/stats", { jar: ownerJar })).status).toBe(200);

    const { key } = await workspaceWithKey();
    expect((await stats.GET(req("GET", "/api/agent/tasks/stats", { key }))).status).toBe(200);
    expect((await accounts.POST(req("POST", "/api/accounts", { key, body: { platform: "bluesky", handle: "k.bsky.social" } }))).status).toBe(201);
  });

  it("hides another workspace's task behind 404 for a signed-in user too", async () => {
    const { jar } = await ownerWithWorkspace("scoped@example.com", "Mine");
    const theirs = await workspaceWithKey("Theirs");
    const created = await schedule.POST(req("POST", "/api/agent/schedule", { key: theirs.key, body: { platform: "bluesky", content: "private" } }));
    const id = (await created.json()).task.id;
    expect((await call(task.GET, "GET", `/api/agent/tasks/${id}`, { jar, id })).status).toBe(404);
    expect((await call(cancel.POST, "POST", `/api/agent/tasks/${id}/cancel`, { jar, id })).status).toBe(404);
    expect((await call(retry.POST, "POST", `/api/agent/tasks/${id}/retry`, { jar, id })).status).toBe(404);
    expect((await call(tasks.GET, "GET", "/api/agent/tasks", { jar })).body.tasks).toEqual([]);
    expect((await call(stats.GET, "GET", "/api/agent/tasks/stats", { jar })).body.stats.total).toBe(0);
    expect((await db().agentTask.findUniqueOrThrow({ where: { id } })).status).toBe("pending");
  });

  it("stops a removed member at once, even in a session that still has the workspace active", async () => {
    const { workspaceId } = await ownerWithWorkspace("owner-r@example.com");
    const { jar, user } = await memberAs(workspaceId, "editor");
    expect((await call(tasks.GET, "GET", "/api/agent/tasks", { jar })).status).toBe(200);
    await db().membership.delete({ where: { workspaceId_userId: { workspaceId, userId: user.id } } });
    const r = await call(tasks.GET, "GET", "/api/agent/tasks", { jar });
    expect([r.status, r.body.error.details.reason]).toEqual([403, "not_a_member"]);
  });
});

describe("invitations by link", () => {
  it("invites by email, and the invited person joins as editor through the link", async () => {
    const { jar: ownerJar, workspaceId } = await ownerWithWorkspace("boss@example.com", "Corner Bakery");
    const inv = await authCall("POST", "/organization/invite-member", { jar: ownerJar, body: { email: "Eddie@Example.com", role: "editor" } });
    expect(inv.status, JSON.stringify(inv.body)).toBe(200);
    expect(inv.body).toMatchObject({ email: "eddie@example.com", role: "editor", status: "pending" });

    const [mail] = mailsTo("eddie@example.com");
    expect(mail.subject).toBe("Join Corner Bakery on Herald");
    const link = linkIn(mail.text);
    expect(link).toBe(`http://localhost:3000/invite/${inv.body.id}`);
    const invitationId = decodeURIComponent(new URL(link).pathname.split("/").pop()!);
    expect(await invitationView(invitationId)).toMatchObject({ state: "pending", email: "eddie@example.com", role: "editor", workspaceName: "Corner Bakery" });
    // The link is the secret: a random id, not something to guess.
    expect(invitationId).toMatch(/^[A-Za-z0-9]{32}$/);

    // Somebody else who got hold of the link cannot use it.
    const { jar: mallory } = await signUp("mallory@example.com");
    const stolen = await authCall("POST", "/organization/accept-invitation", { jar: mallory, body: { invitationId } });
    expect(stolen.status).toBe(403);

    const { jar, user } = await signUp("eddie@example.com", "another good password", "Eddie");
    const accepted = await authCall("POST", "/organization/accept-invitation", { jar, body: { invitationId } });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(await db().membership.findUniqueOrThrow({ where: { workspaceId_userId: { workspaceId, userId: user.id } }, select: { role: true } })).toEqual({ role: "editor" });
    expect(await invitationView(invitationId)).toEqual({ state: "invalid" });

    // Joining made it the active workspace: the editor can schedule at once, but not read stats.
    expect((await call(schedule.POST, "POST", "/api/agent/schedule", { jar, body: { platform: "bluesky", content: "hello from eddie" } })).status).toBe(201);
    expect((await call(stats.GET, "GET", "/api/agent/tasks/stats", { jar })).status).toBe(403);
    const again = await authCall("POST", "/organization/accept-invitation", { jar, body: { invitationId } });
    expect(again.status).toBe(400);
  });

  it("lets only admins and owners invite, only owners hand out owner, and only our four roles", async () => {
    const { jar: ownerJar, workspaceId } = await ownerWithWorkspace("boss2@example.com");
    const { jar: editorJar } = await memberAs(workspaceId, "editor");
    const { jar: adminJar } = await memberAs(workspaceId, "admin");
    expect((await authCall("POST", "/organization/invite-member", { jar: editorJar, body: { email: "x1@example.com", role: "viewer" } })).status).toBe(403);
    expect((await authCall("POST", "/organization/invite-member", { jar: adminJar, body: { email: "x2@example.com", role: "owner" } })).status).toBe(403);
    expect((await authCall("POST", "/organization/invite-member", { jar: adminJar, body: { email: "x3@example.com", role: "viewer" } })).status).toBe(200);
    for (const role of ["member", "superuser", "admin,editor"]) {
      const r = await authCall("POST", "/organization/invite-member", { jar: ownerJar, body: { email: "x4@example.com", role } });
      expect(r.status, role).toBe(400);
    }
    expect((await authCall("POST", "/organization/invite-member", { jar: ownerJar, body: { email: "x5@example.com", role: "owner" } })).status).toBe(200);
    expect(await db().invitation.count({ where: { workspaceId } })).toBe(2);
  });
});

describe("password reset by emailed link", () => {
  it("logs the link without a mail server, changes the password and ends every session", async () => {
    const { jar: oldJar } = await ownerWithWorkspace("forgetful@example.com");
    const anon = new Jar();
    const asked = await authCall("POST", "/request-password-reset", { jar: anon, body: { email: "forgetful@example.com", redirectTo: "/reset-password" } });
    expect(asked.status).toBe(200);
    // Unknown addresses get the same answer and no email (no account probing).
    const unknown = await authCall("POST", "/request-password-reset", { jar: anon, body: { email: "nobody@example.com", redirectTo: "/reset-password" } });
    expect([unknown.status, unknown.body]).toEqual([asked.status, asked.body]);
    expect(mailsTo("nobody@example.com")).toEqual([]);

    const [mail] = mailsTo("forgetful@example.com");
    expect(mail.subject).toBe("Reset your Herald password");
    const link = new URL(linkIn(mail.text));
    expect(link.pathname).toMatch(/^\/api\/auth\/reset-password\//);
    // The link goes through Better Auth, which checks the token and lands on our page with it.
    const landed = await authCall("GET", `${link.pathname.replace(/^\/api\/auth/, "")}${link.search}`, { jar: anon });
    expect(landed.status).toBe(302);
    const location = new URL(landed.headers.get("location")!, ORIGIN);
    expect(location.pathname).toBe("/reset-password");
    const token = location.searchParams.get("token")!;
    expect(token).toBeTruthy();

    const short = await authCall("POST", "/reset-password", { jar: anon, body: { newPassword: "short", token } });
    expect([short.status, short.body.code]).toEqual([400, "PASSWORD_TOO_SHORT"]);
    const done = await authCall("POST", "/reset-password", { jar: anon, body: { newPassword: "a brand new passphrase", token } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect((await authCall("POST", "/reset-password", { jar: anon, body: { newPassword: "yet another passphrase", token } })).status).toBe(400);

    expect((await call(tasks.GET, "GET", "/api/agent/tasks", { jar: oldJar })).status).toBe(401);
    expect((await signIn("forgetful@example.com", "correct horse battery")).status).toBe(401);
    const fresh = await signIn("forgetful@example.com", "a brand new passphrase");
    expect(fresh.status).toBe(200);
    expect((await call(tasks.GET, "GET", "/api/agent/tasks", { jar: fresh.jar })).status).toBe(200);
  });

  it("sends the expired-link visitor back to our page with an error", async () => {
    const anon = new Jar();
    const r = await authCall("GET", "/reset-password/not-a-real-token?callbackURL=%2Freset-password", { jar: anon });
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toBe(`${ORIGIN}/reset-password?error=INVALID_TOKEN`);
  });
});

describe("bad input", () => {
  it("answers 400 with field-level messages on our endpoints, writing nothing", async () => {
    const { jar, user } = await signUp("typo@example.com");
    const cases: [unknown, string[]][] = [
      [{ name: "", timeZone: "Europe/Berlin" }, ["name"]],
      [{ name: "Shop", timeZone: "Mars/Olympus" }, ["timeZone"]],
      [{ name: "   ", timeZone: "Not a zone" }, ["name", "timeZone"]],
      [{ name: "x".repeat(101) }, ["name"]],
      [{ name: "Shop", plan: "gold" }, ["(body)"]],
      [{}, ["name"]],
    ];
    for (const [body, paths] of cases) {
      const r = await call(workspaces.POST, "POST", "/api/workspaces", { jar, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe("validation_failed");
      expect(r.body.error.fields.map((f: { path: string }) => f.path).sort(), JSON.stringify(body)).toEqual(paths);
    }
    const malformed = await workspaces.POST(
      new Request(`${ORIGIN}/api/workspaces`, { method: "POST", headers: { cookie: jar.header, origin: ORIGIN, "content-type": "application/json" }, body: '{"name":' }),
    );
    expect([malformed.status, (await malformed.json()).error.code]).toEqual([400, "bad_request"]);
    const sw = await call(active.POST, "POST", "/api/workspaces/active", { jar, body: {} });
    expect([sw.status, sw.body.error.fields[0].path]).toEqual([400, "workspaceId"]);
    expect(await db().membership.count({ where: { userId: user.id } })).toBe(0);

    // Better Auth's own organization endpoint runs the same time-zone check.
    const direct = await authCall("POST", "/organization/create", { jar, body: { name: "Direct", slug: "direct", timeZone: "Mars/Olympus" } });
    expect(direct.status).toBe(400);
    expect(direct.body.message).toMatch(/IANA time zone/);
    expect(await db().workspace.count({ where: { slug: "direct" } })).toBe(0);
  });

  it("refuses bad sign-ups with 400 and a reason", async () => {
    const jar = new Jar();
    const badEmail = await authCall("POST", "/sign-up/email", { jar, body: { name: "X", email: "not-an-email", password: "long enough pass" } });
    expect([badEmail.status, badEmail.body.code]).toEqual([400, "VALIDATION_ERROR"]);
    expect(badEmail.body.message).toMatch(/email/i);
    const short = await authCall("POST", "/sign-up/email", { jar, body: { name: "X", email: "x@example.com", password: "short" } });
    expect([short.status, short.body.code]).toEqual([400, "PASSWORD_TOO_SHORT"]);
    await signUp("taken@example.com");
    const taken = await authCall("POST", "/sign-up/email", { jar, body: { name: "X", email: "taken@example.com", password: "long enough pass" } });
    expect([taken.status, taken.body.code]).toEqual([422, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL"]);
    expect(jar.size).toBe(0);
    expect(await db().user.count({ where: { email: { in: ["not-an-email", "x@example.com"] } } })).toBe(0);
  });
});

describe("abuse limits", () => {
  const attempt = (email: string, password: string, ip: string) =>
    authCall("POST", "/sign-in/email", { jar: new Jar(), body: { email, password }, headers: { "x-forwarded-for": ip } });

  it(`limits sign-in attempts per IP (${SIGN_IN_ATTEMPTS_PER_IP} per 15 min) with counters in the database, in every environment`, async () => {
    await signUp("brute@example.com");
    const statuses: number[] = [];
    // Different emails, so only the per-IP limit can bite.
    for (let i = 0; i <= SIGN_IN_ATTEMPTS_PER_IP; i++) statuses.push((await attempt(`nobody-${i}@example.com`, "not the password", "203.0.113.7")).status);
    expect(statuses.filter((st) => st === 401)).toHaveLength(SIGN_IN_ATTEMPTS_PER_IP);
    const limited = await attempt("brute@example.com", "correct horse battery", "203.0.113.7");
    expect(limited.status).toBe(429);
    expect(limited.body.message).toMatch(/^Too many sign-in attempts; try again in \d+ minutes?\.$/);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await attempt("brute@example.com", "correct horse battery", "198.51.100.20")).status).toBe(200);
    expect(await db().rateLimit.count()).toBeGreaterThanOrEqual(2);
  });

  it(`locks an email after ${SIGN_IN_FAILURES_PER_EMAIL} failed sign-ins for the rest of 15 minutes, whatever the IP`, async () => {
    await signUp("locked@example.com");
    for (let i = 0; i < SIGN_IN_FAILURES_PER_EMAIL; i++) {
      expect((await attempt("locked@example.com", `guess number ${i}`, `192.0.2.${i + 1}`)).status).toBe(401);
    }
    // The right password from a fresh IP is refused too, with when to come back.
    const locked = await attempt("Locked@Example.com", "correct horse battery", "192.0.2.200");
    expect(locked.status).toBe(429);
    expect(locked.body.message).toBe("Too many sign-in attempts; try again in 15 minutes.");
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(14 * 60);
    expect(Number(locked.headers.get("retry-after"))).toBeLessThanOrEqual(15 * 60);
    // No session was created while locked; another account is not affected.
    expect(await db().session.count({ where: { user: { email: "locked@example.com" } } })).toBe(1);
    await signUp("neighbour@example.com");
    expect((await attempt("neighbour@example.com", "correct horse battery", "192.0.2.201")).status).toBe(200);

    // After the window the lock is gone (the clock is Herald's, lib/clock.ts).
    setClock(new Date(Date.now() + 16 * 60_000));
    try {
      expect((await attempt("locked@example.com", "correct horse battery", "192.0.2.202")).status).toBe(200);
    } finally {
      resetClock();
    }
  });
});
