// Notifications (docs/decisions.md, "Notifications"): a publish that fails for good, a post held for
// review and an account that must be reconnected each notify the right members once; the notify
// task emails them through SMTP_URL and a refused send is retried; members switch emails and the
// weekly digest; the digest's content and next week's task, with an injected clock.
import { describe, expect, it } from "vitest";
import * as schedule from "../../app/api/agent/schedule/route";
import * as list from "../../app/api/notifications/route";
import * as read from "../../app/api/notifications/read/route";
import * as prefs from "../../app/api/notifications/preferences/route";
import * as settings from "../../app/api/workspace/settings/route";
import * as workspaces from "../../app/api/workspaces/route";
import * as active from "../../app/api/workspaces/active/route";
import type { Role } from "../../lib/auth/roles";
import { resetClock, setClock } from "../../lib/clock";
import { db } from "../../lib/db";
import { notifyPublishOutcome } from "../../lib/notifications";
import { scheduleTask } from "../../lib/posting/schedule";
import { ScheduleTaskInput } from "../../lib/validation/tasks";
import { browserReq, Jar, ORIGIN, signUp } from "../support/auth";
import { callRoute, req, runProcessor, simulatedAccount } from "../support/factories";
import { decodeQp, withFakeSmtp } from "../support/smtp";

const smtp = withFakeSmtp();

type Handler = (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>;
const call = (handler: Handler, method: string, path: string, opts: { jar?: Jar; body?: unknown } = {}) => callRoute(handler, browserReq(method, path, opts));

let n = 0;
const email = (who: string) => `${who}-${++n}-${Math.random().toString(36).slice(2, 6)}@example.com`;

/** An owner's workspace (Berlin) with an admin, an editor and a viewer, each with the workspace active. */
async function team(opts: { requireApproval?: boolean } = {}) {
  const owner = await signUp(email("owner"));
  const created = await call(workspaces.POST, "POST", "/api/workspaces", { jar: owner.jar, body: { name: "Corner Bakery", timeZone: "Europe/Berlin" } });
  expect(created.status).toBe(201);
  const workspaceId = created.body.workspace.id as string;
  if (opts.requireApproval) {
    expect((await call(settings.PATCH, "PATCH", "/api/workspace/settings", { jar: owner.jar, body: { requireApproval: true } })).status).toBe(200);
  }
  const member = async (role: Role) => {
    const m = await signUp(email(role));
    await db().membership.create({ data: { workspaceId, userId: m.user.id, role } });
    expect((await call(active.POST, "POST", "/api/workspaces/active", { jar: m.jar, body: { workspaceId } })).status).toBe(200);
    return m;
  };
  return { workspaceId, owner, admin: await member("admin"), editor: await member("editor"), viewer: await member("viewer") };
}

const T = new Date("2027-03-01T09:00:00Z");
const plus = (min: number) => new Date(T.getTime() + min * 60_000);

function scheduleAt(workspaceId: string, accountId: string, content: string) {
  return scheduleTask(db(), workspaceId, ScheduleTaskInput.parse({ accountId, content, scheduledAt: T.toISOString() }), T);
}

const notificationsOf = (workspaceId: string, kind?: string) =>
  db().notification.findMany({ where: { workspaceId, ...(kind && { kind: kind as never }) }, orderBy: { userId: "asc" } });

describe("causes", () => {
  it("a publish that fails for good notifies the admins (not editors or viewers) once, labelled simulated, even when processed twice", async () => {
    const t = await team();
    const acct = await simulatedAccount(t.workspaceId, "mastodon", { simulation: { failRate: 1, failureClass: "permanent" } });
    const { tasks } = await scheduleAt(t.workspaceId, acct.id, "Rye loaves are back");
    await runProcessor({ at: T, workspaceId: t.workspaceId });
    const task = await db().agentTask.findUniqueOrThrow({ where: { id: tasks[0].id } });
    expect(task.status).toBe("failed");

    const rows = await notificationsOf(t.workspaceId, "post_failed");
    expect(rows.map((r) => r.userId).sort()).toEqual([t.owner.user.id, t.admin.user.id].sort());
    expect(rows[0].title).toBe(`A post failed on @${acct.handle} (simulated)`);
    expect(rows[0].body).toContain("Rye loaves are back");
    expect(rows[0].link).toBe("/dashboard/posts");

    // Processed again (a second write-back hook, another sweep): nothing new, no second email task.
    await notifyPublishOutcome(db(), task, { kind: "failed", failures: task.retryCount, message: "again" }, plus(1));
    await runProcessor({ at: plus(2), workspaceId: t.workspaceId });
    expect(await db().notification.count({ where: { workspaceId: t.workspaceId } })).toBe(2);
    expect(await db().agentTask.count({ where: { workspaceId: t.workspaceId, type: "notify" } })).toBe(2);
  });

  it("a transient failure that will be retried notifies nobody until its last retry fails", async () => {
    const t = await team();
    const acct = await simulatedAccount(t.workspaceId, "bluesky", { simulation: { failRate: 1, failureClass: "transient" } });
    await scheduleAt(t.workspaceId, acct.id, "Croissant Tuesday");
    await runProcessor({ at: T, workspaceId: t.workspaceId });
    expect(await notificationsOf(t.workspaceId)).toEqual([]);
    // 5, 15, 45 minutes later: the third retry fails for good.
    for (const at of [plus(6), plus(22), plus(68)]) await runProcessor({ at, workspaceId: t.workspaceId });
    expect((await notificationsOf(t.workspaceId, "post_failed")).length).toBe(2);
  });

  it("a post held for review notifies the owner and admins, in the transaction that holds it", async () => {
    const t = await team({ requireApproval: true });
    const acct = await simulatedAccount(t.workspaceId, "bluesky");
    const r = await call(schedule.POST, "POST", "/api/agent/schedule", { jar: t.editor.jar, body: { accountIds: [acct.id], content: "Pretzels on Friday" } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.approvalState).toBe("pending");
    const rows = await notificationsOf(t.workspaceId, "needs_review");
    expect(rows.map((x) => x.userId).sort()).toEqual([t.owner.user.id, t.admin.user.id].sort());
    expect(rows[0]).toMatchObject({ title: "A post waits for your review", dedupeKey: `review:${r.body.postId}` });
    expect(rows[0].body).toContain("Pretzels on Friday");
    expect(await db().agentTask.count({ where: { workspaceId: t.workspaceId, type: "notify" } })).toBe(2);
  });

  it("an account marked needs_reconnect notifies the admins once, however many of its tasks are refused", async () => {
    const t = await team();
    const acct = await simulatedAccount(t.workspaceId, "linkedin", { simulation: { failRate: 1, failureClass: "auth" } });
    await scheduleAt(t.workspaceId, acct.id, "one");
    await runProcessor({ at: T, workspaceId: t.workspaceId });
    expect((await db().socialAccount.findUniqueOrThrow({ where: { id: acct.id } })).status).toBe("needs_reconnect");
    await scheduleAt(t.workspaceId, acct.id, "two");
    await runProcessor({ at: plus(1), workspaceId: t.workspaceId });
    const rows = await notificationsOf(t.workspaceId, "account_reconnect");
    expect(rows.map((x) => x.userId).sort()).toEqual([t.owner.user.id, t.admin.user.id].sort());
    expect(rows[0]).toMatchObject({ title: `Reconnect @${acct.handle} (simulated)`, link: "/dashboard/accounts" });
    // Both posts failed too; each is its own cause.
    expect((await notificationsOf(t.workspaceId, "post_failed")).length).toBe(4);
  });
  it("an engagement read refused for an account that needs reconnecting tells the admins too", async () => {
    const t = await team();
    const acct = await simulatedAccount(t.workspaceId, "bluesky");
    await db().socialAccount.update({ where: { id: acct.id }, data: { status: "needs_reconnect" } });
    await db().agentTask.create({
      data: { workspaceId: t.workspaceId, type: "collect_engagement", platform: "bluesky", accountId: acct.id, scheduledAt: T, idempotencyKey: "engagement-x", config: { platformPostId: "p1" } },
    });
    await runProcessor({ at: T, workspaceId: t.workspaceId });
    expect((await notificationsOf(t.workspaceId, "account_reconnect")).map((x) => x.userId).sort()).toEqual([t.owner.user.id, t.admin.user.id].sort());
  });
});

describe("the notify task", () => {
  it("emails the notification with the dashboard link, sets emailedAt, retries a refused send, and skips a member who switched email off", async () => {
    const t = await team();
    // The viewer is told of nothing here; the admin switches email off before the task runs.
    expect((await call(prefs.PUT, "PUT", "/api/notifications/preferences", { jar: t.admin.jar, body: { emailNotifications: false } })).status).toBe(200);
    const acct = await simulatedAccount(t.workspaceId, "mastodon", { simulation: { failRate: 1, failureClass: "permanent" } });
    await scheduleAt(t.workspaceId, acct.id, "Sourdough class");
    smtp.state.refuse = true;
    const before = smtp.messages.length;
    try {
      await runProcessor({ at: T, workspaceId: t.workspaceId });
      await runProcessor({ at: plus(1), workspaceId: t.workspaceId });
    } finally {
      smtp.state.refuse = false;
    }
    expect(smtp.messages.length).toBe(before);
    // Only the owner's email was queued (the admin's row is in the bell, unemailed).
    const mails = await db().agentTask.findMany({ where: { workspaceId: t.workspaceId, type: "notify" } });
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ status: "pending", retryCount: 1, lastErrorCode: "smtp_451" });
    expect(mails[0].scheduledAt.getTime()).toBeGreaterThan(plus(1).getTime());

    await runProcessor({ at: new Date(mails[0].scheduledAt.getTime() + 1_000), workspaceId: t.workspaceId });
    expect(smtp.messages.length).toBe(before + 1);
    const m = smtp.messages.at(-1)!;
    expect(m.to).toEqual([`RCPT TO:<${t.owner.user.email}>`]);
    expect(m.data).toMatch(new RegExp(`^Subject: Herald: A post failed on @${acct.handle} \\(simulated\\)$`, "m"));
    const text = decodeQp(m.data);
    expect(text).toContain("Sourdough class");
    expect(text).toContain(`Open in Herald: ${ORIGIN}/dashboard/posts`);
    const rows = await notificationsOf(t.workspaceId, "post_failed");
    const byUser = new Map(rows.map((r) => [r.userId, r]));
    expect(byUser.get(t.owner.user.id)!.emailedAt).not.toBeNull();
    expect(byUser.get(t.admin.user.id)!.emailedAt).toBeNull();
    expect((await db().agentTask.findUniqueOrThrow({ where: { id: mails[0].id } })).status).toBe("completed");
  });

  it("completes without sending when the member left meanwhile", async () => {
    const t = await team();
    const acct = await simulatedAccount(t.workspaceId, "mastodon", { simulation: { failRate: 1, failureClass: "permanent" } });
    await scheduleAt(t.workspaceId, acct.id, "Bagels");
    await runProcessor({ at: T, workspaceId: t.workspaceId, batchSize: 1, concurrency: 1 });
    // The publish ran; its notify tasks are still due.
    expect(await db().agentTask.count({ where: { workspaceId: t.workspaceId, type: "notify", status: "pending" } })).toBeGreaterThan(0);
    await db().membership.deleteMany({ where: { workspaceId: t.workspaceId, userId: t.admin.user.id } });
    const before = smtp.messages.length;
    await runProcessor({ at: plus(1), workspaceId: t.workspaceId });
    const sent = smtp.messages.slice(before).flatMap((x) => x.to);
    expect(sent).not.toContain(`RCPT TO:<${t.admin.user.email}>`);
    expect(await db().agentTask.count({ where: { workspaceId: t.workspaceId, type: "notify", status: { not: "completed" } } })).toBe(0);
  });
});

describe("the API", () => {
  it("lists the caller's own notifications newest first with cursor pages and the unread count; marks read by id or all", async () => {
    const t = await team();
    const mine = { workspaceId: t.workspaceId, userId: t.editor.user.id, kind: "post_failed" as const, body: "b" };
    for (let i = 0; i < 3; i++) await db().notification.create({ data: { ...mine, title: `n${i}`, dedupeKey: `k${i}`, createdAt: plus(i) } });
    await db().notification.create({ data: { ...mine, userId: t.admin.user.id, title: "the admin's", dedupeKey: "k" } });

    const p1 = await call(list.GET, "GET", "/api/notifications?limit=2", { jar: t.editor.jar });
    expect(p1.status).toBe(200);
    expect(p1.body.notifications.map((x: { title: string }) => x.title)).toEqual(["n2", "n1"]);
    expect(p1.body.unreadCount).toBe(3);
    const p2 = await call(list.GET, "GET", `/api/notifications?limit=2&cursor=${p1.body.nextCursor}`, { jar: t.editor.jar });
    expect(p2.body.notifications.map((x: { title: string }) => x.title)).toEqual(["n0"]);
    expect(p2.body.nextCursor).toBeNull();

    const adminsId = (await db().notification.findFirstOrThrow({ where: { userId: t.admin.user.id, workspaceId: t.workspaceId } })).id;
    expect((await call(list.GET, "GET", `/api/notifications?cursor=${adminsId}`, { jar: t.editor.jar })).status).toBe(400);
    const one = await call(read.POST, "POST", "/api/notifications/read", { jar: t.editor.jar, body: { ids: [p1.body.notifications[0].id, adminsId] } });
    expect(one.body).toMatchObject({ marked: 1, unreadCount: 2 });
    const all = await call(read.POST, "POST", "/api/notifications/read", { jar: t.editor.jar, body: { all: true } });
    expect(all.body).toMatchObject({ marked: 2, unreadCount: 0 });
    expect((await db().notification.findUniqueOrThrow({ where: { id: adminsId } })).readAt).toBeNull();

    for (const body of [{}, { ids: [] }, { all: false }, { ids: "x" }]) {
      const bad = await call(read.POST, "POST", "/api/notifications/read", { jar: t.editor.jar, body });
      expect(bad.status, JSON.stringify(body)).toBe(400);
    }
    expect((await call(list.GET, "GET", "/api/notifications?limit=0", { jar: t.editor.jar })).status).toBe(400);
  });

  it("preferences: the member's own switches; bad bodies 400; an API key 403", async () => {
    const t = await team();
    const got = await call(prefs.GET, "GET", "/api/notifications/preferences", { jar: t.viewer.jar });
    expect(got.body.preferences).toEqual({ emailNotifications: true, weeklyDigest: false });
    const put = await call(prefs.PUT, "PUT", "/api/notifications/preferences", { jar: t.viewer.jar, body: { emailNotifications: false } });
    expect(put.status).toBe(200);
    expect(put.body.preferences).toEqual({ emailNotifications: false, weeklyDigest: false });
    expect((await db().membership.findFirstOrThrow({ where: { workspaceId: t.workspaceId, userId: t.owner.user.id } })).emailNotifications).toBe(true);
    for (const body of [{}, { weeklyDigest: "yes" }, { emailNotifications: true, other: 1 }]) {
      expect((await call(prefs.PUT, "PUT", "/api/notifications/preferences", { jar: t.viewer.jar, body })).status, JSON.stringify(body)).toBe(400);
    }
    const { createApiKey } = await import("../../lib/auth/api-keys");
    const { key } = await createApiKey(t.workspaceId, "test");
    for (const r of [await prefs.GET(req("GET", "/api/notifications/preferences", { key })), await list.GET(req("GET", "/api/notifications", { key }))]) {
      expect(r.status).toBe(403);
      expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/signed-in member/);
    }
  });
});

describe("the weekly digest", () => {
  it("is queued for Monday 08:00 local when a member opts in, says what the week did, and queues the next week", async () => {
    const t = await team();
    // Wednesday 9 Dec 2026, 11:00 in Berlin.
    setClock(new Date("2026-12-09T10:00:00Z"));
    try {
      const r = await call(prefs.PUT, "PUT", "/api/notifications/preferences", { jar: t.editor.jar, body: { weeklyDigest: true } });
      expect(r.status).toBe(200);
      expect((await call(prefs.PUT, "PUT", "/api/notifications/preferences", { jar: t.admin.jar, body: { weeklyDigest: true } })).status).toBe(200);
    } finally {
      resetClock();
    }
    const first = await db().agentTask.findMany({ where: { workspaceId: t.workspaceId, type: "digest" } });
    expect(first.map((x) => [x.idempotencyKey, x.scheduledAt.toISOString()])).toEqual([["digest-2026-W51", "2026-12-14T07:00:00.000Z"]]);
    // The admin changes their mind: only the editor gets it.
    await call(prefs.PUT, "PUT", "/api/notifications/preferences", { jar: t.admin.jar, body: { weeklyDigest: false } });

    const acct = await simulatedAccount(t.workspaceId, "bluesky");
    const post = async (text: string, status: "published" | "failed", at: string, likes = 0) => {
      const p = await db().post.create({ data: { workspaceId: t.workspaceId, text, status } });
      await db().postTarget.create({
        data: { workspaceId: t.workspaceId, postId: p.id, accountId: acct.id, platform: "bluesky", status, publishedAt: status === "published" ? new Date(at) : null, updatedAt: new Date(at), likes, reposts: 1, replies: 0 },
      });
    };
    await post("Stollen is here", "published", "2026-12-08T09:00:00Z", 3);
    await post("Gingerbread workshop", "published", "2026-12-10T09:00:00Z", 12);
    await post("Too old to count", "published", "2026-12-01T09:00:00Z", 99);
    await post("Broken link", "failed", "2026-12-11T09:00:00Z");

    const at = new Date("2026-12-14T07:00:05Z");
    await runProcessor({ at, workspaceId: t.workspaceId });
    expect((await db().agentTask.findUniqueOrThrow({ where: { id: first[0].id } })).status).toBe("completed");
    const digests = await notificationsOf(t.workspaceId, "weekly_digest");
    expect(digests.map((d) => d.userId)).toEqual([t.editor.user.id]);
    expect(digests[0].title).toBe("Your week in Herald: 2 posts published");
    expect(digests[0].body).toBe(
      ['Published: 2 posts.', 'Top post (Bluesky): "Gingerbread workshop" — 12 likes, 1 reposts, 0 replies.', "Failed: 1 (see the Posts page)."].join("\n"),
    );
    const next = await db().agentTask.findMany({ where: { workspaceId: t.workspaceId, type: "digest", status: "pending" } });
    expect(next.map((x) => [x.idempotencyKey, x.scheduledAt.toISOString()])).toEqual([["digest-2026-W52", "2026-12-21T07:00:00.000Z"]]);

    // Nobody opts in any more: the week after is not queued.
    await call(prefs.PUT, "PUT", "/api/notifications/preferences", { jar: t.editor.jar, body: { weeklyDigest: false } });
    await runProcessor({ at: new Date("2026-12-21T07:00:05Z"), workspaceId: t.workspaceId });
    expect(await db().agentTask.count({ where: { workspaceId: t.workspaceId, type: "digest", status: "pending" } })).toBe(0);
  });
});
