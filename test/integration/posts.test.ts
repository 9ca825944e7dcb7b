// The posts API and the throughput API through their real route handlers: listing with targets,
// filters and cursors, rescheduling (only while every task is pending; an approved post keeps its
// words unless an admin changes them), marking a needs-review
// target as published (rolls the post up), workspace scoping (404) and roles (403).
import { describe, expect, it } from "vitest";
import * as schedule from "../../app/api/agent/schedule/route";
import * as throughput from "../../app/api/agent/tasks/throughput/route";
import * as posts from "../../app/api/posts/route";
import * as post from "../../app/api/posts/[id]/route";
import * as mark from "../../app/api/posts/[id]/targets/[targetId]/mark-published/route";
import * as workspaces from "../../app/api/workspaces/route";
import * as active from "../../app/api/workspaces/active/route";
import type { Role } from "../../lib/auth/roles";
import { db } from "../../lib/db";
import { browserReq, signUp, type Jar } from "../support/auth";
import { callRoute as call, req, runProcessor, simulatedAccount, workspaceWithKey } from "../support/factories";


const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

async function setup() {
  const { workspace, key } = await workspaceWithKey(`Bakery ${Math.random().toString(36).slice(2, 7)}`);
  const bsky = await simulatedAccount(workspace.id, "bluesky");
  const masto = await simulatedAccount(workspace.id, "mastodon");
  const scheduleFor = async (content: string, at = inMinutes(60), accountIds = [bsky.id, masto.id]) => {
    const r = await call(schedule.POST, req("POST", "/api/agent/schedule", { key, body: { accountIds, content, scheduledAt: at } }));
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    return r.body.postId as string;
  };
  return { workspace, key, bsky, masto, scheduleFor };
}

describe("GET /api/posts", () => {
  it("lists posts with per-platform targets, task ids, filters and a cursor", async () => {
    const { key, bsky, scheduleFor } = await setup();
    const a = await scheduleFor("First post", inMinutes(30));
    const b = await scheduleFor("Second post", inMinutes(90), [bsky.id]);
    const c = await scheduleFor("Third post", inMinutes(150));

    const all = await call(posts.GET, req("GET", "/api/posts", { key }));
    expect(all.status).toBe(200);
    expect(all.body.posts.map((p: { id: string }) => p.id)).toEqual([c, b, a]);
    const first = all.body.posts[2];
    expect(first.targets.map((t: { platform: string }) => t.platform)).toEqual(["bluesky", "mastodon"]);
    for (const t of first.targets) {
      expect(t.status).toBe("pending");
      expect(t.taskId).toEqual(expect.any(String));
      expect(t.task.status).toBe("pending");
      expect(t.account.handle).toEqual(expect.any(String));
    }

    const masto = await call(posts.GET, req("GET", "/api/posts?platform=mastodon", { key }));
    expect(masto.body.posts.map((p: { id: string }) => p.id)).toEqual([c, a]);

    const window = await call(posts.GET, req("GET", `/api/posts?from=${encodeURIComponent(inMinutes(60))}&to=${encodeURIComponent(inMinutes(120))}`, { key }));
    expect(window.body.posts.map((p: { id: string }) => p.id)).toEqual([b]);

    const page1 = await call(posts.GET, req("GET", "/api/posts?limit=2", { key }));
    expect(page1.body.posts).toHaveLength(2);
    const page2 = await call(posts.GET, req("GET", `/api/posts?limit=2&cursor=${page1.body.nextCursor}`, { key }));
    expect(page2.body.posts.map((p: { id: string }) => p.id)).toEqual([a]);
    expect(page2.body.nextCursor).toBeNull();

    const bad = await call(posts.GET, req("GET", "/api/posts?status=nope&limit=0", { key }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(["limit", "status.0"]);
  });

  it("shows a published post with permalinks after the processor ran, and filters by status", async () => {
    const { key, scheduleFor } = await setup();
    const id = await scheduleFor("Due now", inMinutes(-1));
    await runProcessor();
    const one = await call(post.GET, req("GET", `/api/posts/${id}`, { key }), { id });
    expect(one.status).toBe(200);
    expect(one.body.post.status).toBe("published");
    for (const t of one.body.post.targets) {
      expect(t.status).toBe("published");
      expect(t.url).toMatch(/^https?:\/\//);
      expect(t.error).toBeNull();
    }
    const published = await call(posts.GET, req("GET", "/api/posts?status=published", { key }));
    expect(published.body.posts.map((p: { id: string }) => p.id)).toEqual([id]);
  });
});

describe("PATCH /api/posts/:id (reschedule)", () => {
  it("moves the post and every pending task in one go", async () => {
    const { key, scheduleFor } = await setup();
    const id = await scheduleFor("Move me");
    const at = new Date(Date.now() + 3 * 3_600_000);
    at.setMilliseconds(0);
    const r = await call(post.PATCH, req("PATCH", `/api/posts/${id}`, { key, body: { scheduledAt: at.toISOString() } }), { id });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(new Date(r.body.post.scheduledAt).getTime()).toBe(at.getTime());
    const tasks = await db().agentTask.findMany({ where: { postTarget: { postId: id } } });
    expect(tasks).toHaveLength(2);
    for (const t of tasks) expect(t.scheduledAt.getTime()).toBe(at.getTime());
  });

  it("refuses (409) once a task is no longer pending, and moves nothing", async () => {
    const { key, scheduleFor } = await setup();
    const id = await scheduleFor("Half started");
    const tasks = await db().agentTask.findMany({ where: { postTarget: { postId: id } }, orderBy: { id: "asc" } });
    await db().agentTask.update({ where: { id: tasks[0].id }, data: { status: "running" } });
    const r = await call(post.PATCH, req("PATCH", `/api/posts/${id}`, { key, body: { scheduledAt: inMinutes(300) } }), { id });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/still waiting/);
    const after = await db().agentTask.findMany({ where: { postTarget: { postId: id } }, orderBy: { id: "asc" } });
    expect(after.map((t) => t.scheduledAt.getTime())).toEqual(tasks.map((t) => t.scheduledAt.getTime()));
  });

  it("400s with field errors for a bad or past time", async () => {
    const { key, scheduleFor } = await setup();
    const id = await scheduleFor("Bad time");
    const r = await call(post.PATCH, req("PATCH", `/api/posts/${id}`, { key, body: { scheduledAt: "tomorrow" } }), { id });
    expect(r.status).toBe(400);
    expect(r.body.error.fields[0].path).toBe("scheduledAt");
    const past = await call(post.PATCH, req("PATCH", `/api/posts/${id}`, { key, body: { scheduledAt: inMinutes(-60) } }), { id });
    expect(past.status).toBe(400);
    // The same rule and words as scheduling (lib/scheduler/past.ts).
    expect(past.body.error.fields).toEqual([{ path: "scheduledAt", message: "That time is in the past; pick a later time or publish now." }]);
  });
});

describe("POST /api/posts/:id/targets/:targetId/mark-published", () => {
  it("completes a needs-review target's task with markedBy and rolls the post up", async () => {
    const { key, workspace, scheduleFor } = await setup();
    const id = await scheduleFor("Did it go out?", inMinutes(-1));
    await runProcessor();
    // One platform published; make the other one "in doubt → needs review" as the cron would.
    const targets = await db().postTarget.findMany({ where: { postId: id }, orderBy: { platform: "asc" } });
    const doubt = targets[1];
    await db().postTarget.update({ where: { id: doubt.id }, data: { status: "needs_review", error: "Timed out after sending." } });
    await db().agentTask.updateMany({ where: { postTargetId: doubt.id, type: "social_post" }, data: { status: "needs_review", lastError: "Timed out after sending." } });
    await db().post.update({ where: { id }, data: { status: "publishing" } });

    // Not yet in review → 409; the other target (published) → 409.
    const wrong = await call(mark.POST, req("POST", "/x", { key, body: {} }), { id, targetId: targets[0].id });
    expect(wrong.status).toBe(409);
    const badUrl = await call(mark.POST, req("POST", "/x", { key, body: { url: "ftp://nope" } }), { id, targetId: doubt.id });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error.fields[0].path).toBe("url");

    const ok = await call(mark.POST, req("POST", "/x", { key, body: { url: "https://mastodon.example/@me/1" } }), { id, targetId: doubt.id });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.post.status).toBe("published");
    const t = ok.body.post.targets.find((x: { id: string }) => x.id === doubt.id);
    expect([t.status, t.url, t.error]).toEqual(["published", "https://mastodon.example/@me/1", null]);
    const task = await db().agentTask.findFirstOrThrow({ where: { postTargetId: doubt.id, type: "social_post" } });
    expect(task.status).toBe("completed");
    expect(task.result).toMatchObject({ markedBy: "api_key", url: "https://mastodon.example/@me/1" });
    const events = await db().event.findMany({ where: { workspaceId: workspace.id, type: "post:updated" } });
    expect(events.some((e) => (e.payload as { status: string }).status === "published")).toBe(true);
  });
});

describe("GET /api/agent/tasks/throughput", () => {
  it("counts finished attempts per hour for the last 48 hours", async () => {
    const { key, scheduleFor } = await setup();
    await scheduleFor("Count me", inMinutes(-1));
    await runProcessor();
    const r = await call(throughput.GET, req("GET", "/api/agent/tasks/throughput", { key }));
    expect(r.status).toBe(200);
    expect(r.body.buckets).toHaveLength(48);
    const sum = r.body.buckets.reduce((s: number, b: { completed: number }) => s + b.completed, 0);
    expect(sum).toBe(2);
    expect(Date.parse(r.body.to) - Date.parse(r.body.from)).toBe(48 * 3_600_000);
    const bad = await call(throughput.GET, req("GET", "/api/agent/tasks/throughput?hours=0", { key }));
    expect(bad.status).toBe(400);
  });
});

describe("scoping and roles", () => {
  async function member(workspaceId: string, role: Role): Promise<Jar> {
    const { jar, user } = await signUp(`${role}-${Math.random().toString(36).slice(2, 8)}@example.com`);
    await db().membership.create({ data: { workspaceId, userId: user.id, role } });
    const sw = await active.POST(browserReq("POST", "/api/workspaces/active", { jar, body: { workspaceId } }));
    expect(sw.status).toBe(200);
    jar.take(sw);
    return jar;
  }

  it("another workspace's post, target and cursor are 404 / 400 and never listed", async () => {
    const mine = await setup();
    const theirs = await setup();
    const id = await theirs.scheduleFor("Not yours");
    const target = await db().postTarget.findFirstOrThrow({ where: { postId: id } });
    const k = mine.key;
    expect((await call(post.GET, req("GET", `/api/posts/${id}`, { key: k }), { id })).status).toBe(404);
    expect((await call(post.PATCH, req("PATCH", `/api/posts/${id}`, { key: k, body: { scheduledAt: inMinutes(200) } }), { id })).status).toBe(404);
    expect((await call(mark.POST, req("POST", "/x", { key: k, body: {} }), { id, targetId: target.id })).status).toBe(404);
    const list = await call(posts.GET, req("GET", "/api/posts", { key: k }));
    expect(list.body.posts).toEqual([]);
    expect((await call(posts.GET, req("GET", `/api/posts?cursor=${id}`, { key: k }))).status).toBe(400);
  });

  it("viewers read but cannot reschedule or mark; editors cannot see throughput", async () => {
    const { jar: ownerJar } = await signUp(`owner-${Math.random().toString(36).slice(2, 8)}@example.com`);
    const created = await workspaces.POST(browserReq("POST", "/api/workspaces", { jar: ownerJar, body: { name: "Role Bakery", timeZone: "UTC" } }));
    const workspaceId = ((await created.json()) as { workspace: { id: string } }).workspace.id;
    const acct = await simulatedAccount(workspaceId, "bluesky");
    const s = await call(schedule.POST, browserReq("POST", "/api/agent/schedule", { jar: ownerJar, body: { accountId: acct.id, content: "Hi", scheduledAt: inMinutes(60) } }));
    const id = s.body.postId as string;
    const target = await db().postTarget.findFirstOrThrow({ where: { postId: id } });

    const viewer = await member(workspaceId, "viewer");
    expect((await call(posts.GET, browserReq("GET", "/api/posts", { jar: viewer }))).body.posts).toHaveLength(1);
    expect((await call(post.GET, browserReq("GET", `/api/posts/${id}`, { jar: viewer }), { id })).status).toBe(200);
    const patch = await call(post.PATCH, browserReq("PATCH", `/api/posts/${id}`, { jar: viewer, body: { scheduledAt: inMinutes(90) } }), { id });
    expect(patch.status).toBe(403);
    expect((await call(mark.POST, browserReq("POST", "/x", { jar: viewer, body: {} }), { id, targetId: target.id })).status).toBe(403);

    const editor = await member(workspaceId, "editor");
    expect((await call(throughput.GET, browserReq("GET", "/api/agent/tasks/throughput", { jar: editor }))).status).toBe(403);
    expect((await call(post.PATCH, browserReq("PATCH", `/api/posts/${id}`, { jar: editor, body: { scheduledAt: inMinutes(90) } }), { id })).status).toBe(200);
    expect((await call(throughput.GET, browserReq("GET", "/api/agent/tasks/throughput", { jar: ownerJar }))).status).toBe(200);

    // An approved post in an approval workspace: an editor may move it, not change what it says.
    await db().workspace.update({ where: { id: workspaceId }, data: { requireApproval: true } });
    await db().post.update({ where: { id }, data: { approvalState: "approved" } });
    const reworded = await call(post.PATCH, browserReq("PATCH", `/api/posts/${id}`, { jar: editor, body: { content: "Hi there" } }), { id });
    expect(reworded.status).toBe(403);
    expect(reworded.body.error.message).toMatch(/only an admin can change what it says/);
    expect((await call(post.PATCH, browserReq("PATCH", `/api/posts/${id}`, { jar: editor, body: { scheduledAt: inMinutes(120) } }), { id })).status).toBe(200);
    expect((await call(post.PATCH, browserReq("PATCH", `/api/posts/${id}`, { jar: ownerJar, body: { content: "Hi there" } }), { id })).status).toBe(200);
    expect((await db().post.findUniqueOrThrow({ where: { id } })).text).toBe("Hi there");
  });
});
