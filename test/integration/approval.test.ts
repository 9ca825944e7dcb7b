// The optional approval rule through the real route handlers with cookie sessions: an editor's post
// in a workspace that requires approval has no tasks (the processor publishes nothing) until an
// admin approves it; rejecting cancels it with a reason; admins, owners and API keys need no approval.
import { describe, expect, it } from "vitest";
import * as schedule from "../../app/api/agent/schedule/route";
import * as approve from "../../app/api/posts/[id]/approve/route";
import * as reject from "../../app/api/posts/[id]/reject/route";
import * as post from "../../app/api/posts/[id]/route";
import * as settings from "../../app/api/workspace/settings/route";
import * as workspaces from "../../app/api/workspaces/route";
import * as active from "../../app/api/workspaces/active/route";
import { runAfterResponseWork } from "../../lib/after-response";
import { createApiKey } from "../../lib/auth/api-keys";
import type { Role } from "../../lib/auth/roles";
import { resetClock, setClock } from "../../lib/clock";
import { db } from "../../lib/db";
import { browserReq, Jar, signUp } from "../support/auth";
import { params, req, runProcessor, simulatedAccount, workspaceWithKey } from "../support/factories";

type Handler = (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(handler: Handler, method: string, path: string, opts: { jar?: Jar; body?: unknown; id?: string } = {}) {
  const res = await handler(browserReq(method, path, opts), opts.id ? params({ id: opts.id }) : undefined);
  opts.jar?.take(res);
  return { status: res.status, body: await res.json() };
}

let n = 0;
const email = (who: string) => `${who}-${++n}-${Math.random().toString(36).slice(2, 6)}@example.com`;

/** An owner's workspace with one simulated Bluesky account, an admin and an editor, approval on or off. */
async function team(requireApproval: boolean) {
  const owner = await signUp(email("owner"));
  const created = await call(workspaces.POST, "POST", "/api/workspaces", { jar: owner.jar, body: { name: "Corner Bakery", timeZone: "UTC" } });
  expect(created.status).toBe(201);
  const workspaceId = created.body.workspace.id as string;
  const s = await call(settings.PATCH, "PATCH", "/api/workspace/settings", { jar: owner.jar, body: { requireApproval } });
  expect(s.status, JSON.stringify(s.body)).toBe(200);
  expect(s.body.settings.requireApproval).toBe(requireApproval);
  const member = async (role: Role) => {
    const m = await signUp(email(role));
    await db().membership.create({ data: { workspaceId, userId: m.user.id, role } });
    expect((await call(active.POST, "POST", "/api/workspaces/active", { jar: m.jar, body: { workspaceId } })).status).toBe(200);
    return m;
  };
  const account = await simulatedAccount(workspaceId, "bluesky");
  return { workspaceId, account, owner, admin: await member("admin"), editor: await member("editor") };
}

async function schedulePost(jar: Jar, accountId: string, content: string, extra: Record<string, unknown> = {}) {
  const r = await call(schedule.POST, "POST", "/api/agent/schedule", { jar, body: { accountIds: [accountId], content, ...extra } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { postId: string; approvalState: string; tasks: { id: string; status: string }[] };
}

const published = (workspaceId: string) => db().simulatedPost.count({ where: { workspaceId } });

describe("approval of editors' posts", () => {
  it("holds an editor's post (no tasks, nothing published) until an admin approves it; then it publishes", async () => {
    const t = await team(true);
    const r = await schedulePost(t.editor.jar, t.account.id, "Pretzels on Friday", { config: { maxRetries: 5, priority: 2 } });
    expect(r.approvalState).toBe("pending");
    expect(r.tasks).toEqual([]);
    expect(await db().agentTask.count({ where: { workspaceId: t.workspaceId, type: "social_post" } })).toBe(0);
    expect(await runAfterResponseWork()).toBe(0); // held: nothing starts after the response

    const shown = await call(post.GET, "GET", `/api/posts/${r.postId}`, { jar: t.editor.jar, id: r.postId });
    expect(shown.body.post).toMatchObject({ approvalState: "pending", status: "scheduled", targets: [{ platform: "bluesky", taskId: null }] });

    await runProcessor({ workspaceId: t.workspaceId });
    expect(await published(t.workspaceId)).toBe(0);

    const ok = await call(approve.POST, "POST", `/api/posts/${r.postId}/approve`, { jar: t.admin.jar, id: r.postId });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.post).toMatchObject({ approvalState: "approved", status: "scheduled" });
    const tasks = await db().agentTask.findMany({ where: { workspaceId: t.workspaceId, type: "social_post" } });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ status: "pending", content: "Pretzels on Friday", maxRetries: 5, priority: 2, accountId: t.account.id });
    expect(tasks[0].postTargetId).toBe(ok.body.post.targets[0].id);
    const row = await db().post.findUniqueOrThrow({ where: { id: r.postId } });
    expect(row.approvedBy).toBe(t.admin.user.id);
    const events = await db().event.findMany({ where: { workspaceId: t.workspaceId, type: "post:updated" }, orderBy: { id: "asc" } });
    expect(events.map((e) => (e.payload as { approvalState?: string }).approvalState)).toEqual(["pending", "approved"]);

    // Approved and due: it publishes right after the approve response, with no cron call.
    expect(await runAfterResponseWork()).toBe(1);
    expect(await published(t.workspaceId)).toBe(1);
    const after = await call(post.GET, "GET", `/api/posts/${r.postId}`, { jar: t.editor.jar, id: r.postId });
    expect(after.body.post.status).toBe("published");

    // Approving twice is a conflict and creates nothing.
    const again = await call(approve.POST, "POST", `/api/posts/${r.postId}/approve`, { jar: t.owner.jar, id: r.postId });
    expect(again.status).toBe(409);
    expect(await db().agentTask.count({ where: { workspaceId: t.workspaceId, type: "social_post" } })).toBe(1);
  });

  it("keeps the scheduled time when it is still ahead, and uses now once it has passed", async () => {
    const t = await team(true);
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const future = await schedulePost(t.editor.jar, t.account.id, "Later", { scheduledAt: later });
    await call(approve.POST, "POST", `/api/posts/${future.postId}/approve`, { jar: t.admin.jar, id: future.postId });
    const task = await db().agentTask.findFirstOrThrow({ where: { workspaceId: t.workspaceId, type: "social_post" } });
    expect(task.scheduledAt.toISOString()).toBe(later);
    await runProcessor({ workspaceId: t.workspaceId });
    expect(await published(t.workspaceId)).toBe(0);

    // Scheduled ahead, approved only after its time has passed: approving publishes it now
    // (a person may not pick a past time, but an approval may come late: lib/scheduler/past.ts).
    const soon = new Date(Date.now() + 60_000);
    const past = await schedulePost(t.editor.jar, t.account.id, "Was due", { scheduledAt: soon.toISOString() });
    const approvedAt = new Date(soon.getTime() + 3_600_000);
    setClock(approvedAt);
    try {
      await call(approve.POST, "POST", `/api/posts/${past.postId}/approve`, { jar: t.admin.jar, id: past.postId });
    } finally {
      resetClock();
    }
    const due = await db().agentTask.findFirstOrThrow({ where: { workspaceId: t.workspaceId, content: "Was due" } });
    expect(due.scheduledAt.getTime()).toBe(approvedAt.getTime());
  });

  it("rejects a waiting post with a reason: cancelled, nothing published, no second decision", async () => {
    const t = await team(true);
    const r = await schedulePost(t.editor.jar, t.account.id, "Typo in the prise");
    const bad = await call(reject.POST, "POST", `/api/posts/${r.postId}/reject`, { jar: t.admin.jar, id: r.postId, body: { reason: " " } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe("reason");

    const no = await call(reject.POST, "POST", `/api/posts/${r.postId}/reject`, { jar: t.admin.jar, id: r.postId, body: { reason: "Fix the typo." } });
    expect(no.status, JSON.stringify(no.body)).toBe(200);
    expect(no.body.post).toMatchObject({ approvalState: "rejected", status: "cancelled", rejectionReason: "Fix the typo.", targets: [{ status: "cancelled" }] });
    await runProcessor({ workspaceId: t.workspaceId });
    expect(await published(t.workspaceId)).toBe(0);
    expect(await db().agentTask.count({ where: { workspaceId: t.workspaceId, type: "social_post" } })).toBe(0);
    expect((await call(approve.POST, "POST", `/api/posts/${r.postId}/approve`, { jar: t.admin.jar, id: r.postId })).status).toBe(409);
    expect((await call(reject.POST, "POST", `/api/posts/${r.postId}/reject`, { jar: t.admin.jar, id: r.postId, body: { reason: "again" } })).status).toBe(409);
  });

  it("needs no approval for an admin's, an owner's or an API key's post", async () => {
    const t = await team(true);
    for (const jar of [t.admin.jar, t.owner.jar]) {
      const r = await schedulePost(jar, t.account.id, `Mine ${Math.random()}`);
      expect(r.approvalState).toBe("not_required");
      expect(r.tasks).toHaveLength(1);
    }
    const key = await createApiKey(t.workspaceId, "script");
    const viaKey = await schedule.POST(req("POST", "/api/agent/schedule", { key: key.key, body: { accountIds: [t.account.id], content: "From a script" } }));
    expect(viaKey.status).toBe(201);
    expect(await viaKey.json()).toMatchObject({ approvalState: "not_required", tasks: [{ status: "pending" }] });
    await runProcessor({ workspaceId: t.workspaceId });
    expect(await published(t.workspaceId)).toBe(3);
    // Such a post cannot be "approved".
    const r = await schedulePost(t.admin.jar, t.account.id, "Not waiting");
    expect((await call(approve.POST, "POST", `/api/posts/${r.postId}/approve`, { jar: t.owner.jar, id: r.postId })).status).toBe(409);
  });

  it("schedules an editor's post at once when approval is off", async () => {
    const t = await team(false);
    const r = await schedulePost(t.editor.jar, t.account.id, "Straight out");
    expect(r.approvalState).toBe("not_required");
    expect(r.tasks).toHaveLength(1);
    await runProcessor({ workspaceId: t.workspaceId });
    expect(await published(t.workspaceId)).toBe(1);
  });

  it("lets only admins decide (editor 403, editor cannot turn the rule off) and hides other workspaces' posts (404)", async () => {
    const t = await team(true);
    const r = await schedulePost(t.editor.jar, t.account.id, "Please approve");
    const forbidden = await call(approve.POST, "POST", `/api/posts/${r.postId}/approve`, { jar: t.editor.jar, id: r.postId });
    expect(forbidden.status).toBe(403);
    expect((await call(reject.POST, "POST", `/api/posts/${r.postId}/reject`, { jar: t.editor.jar, id: r.postId, body: { reason: "no" } })).status).toBe(403);
    expect((await call(settings.PATCH, "PATCH", "/api/workspace/settings", { jar: t.editor.jar, body: { requireApproval: false } })).status).toBe(403);
    expect((await call(settings.PATCH, "PATCH", "/api/workspace/settings", { jar: t.owner.jar, body: { requireApproval: "yes" } })).status).toBe(400);

    const other = await workspaceWithKey("Someone Else's");
    const theirs = await schedule.POST(req("POST", "/api/agent/schedule", { key: other.key, body: { platform: "bluesky", content: "not yours" } }));
    const theirPostId = (await theirs.json()).postId as string;
    await db().post.update({ where: { id: theirPostId }, data: { approvalState: "pending" } });
    expect((await call(approve.POST, "POST", `/api/posts/${theirPostId}/approve`, { jar: t.admin.jar, id: theirPostId })).status).toBe(404);
    expect((await call(reject.POST, "POST", `/api/posts/${theirPostId}/reject`, { jar: t.admin.jar, id: theirPostId, body: { reason: "x" } })).status).toBe(404);
    expect((await db().post.findUniqueOrThrow({ where: { id: theirPostId } })).approvalState).toBe("pending");
    // …and the API key of the other workspace cannot decide on ours.
    const viaKey = await approve.POST(req("POST", `/api/posts/${r.postId}/approve`, { key: other.key }), params({ id: r.postId }));
    expect(viaKey.status).toBe(404);
  });

  it("returns the same waiting post for a repeated idempotencyKey", async () => {
    const t = await team(true);
    const body = { idempotencyKey: "approval-key-1" };
    const first = await schedulePost(t.editor.jar, t.account.id, "Once", body);
    const again = await call(schedule.POST, "POST", "/api/agent/schedule", { jar: t.editor.jar, body: { accountIds: [t.account.id], content: "Once", ...body } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, postId: first.postId, approvalState: "pending" });
    expect(await db().post.count({ where: { workspaceId: t.workspaceId } })).toBe(1);
    await call(approve.POST, "POST", `/api/posts/${first.postId}/approve`, { jar: t.admin.jar, id: first.postId });
    const afterApproval = await call(schedule.POST, "POST", "/api/agent/schedule", { jar: t.editor.jar, body: { accountIds: [t.account.id], content: "Once", ...body } });
    expect(afterApproval.status).toBe(200);
    expect(afterApproval.body).toMatchObject({ duplicate: true, postId: first.postId, approvalState: "approved", tasks: [{ status: "pending" }] });
    const different = await call(schedule.POST, "POST", "/api/agent/schedule", { jar: t.editor.jar, body: { accountIds: [t.account.id], content: "Other", ...body } });
    expect(different.status).toBe(409);
  });

  it("creates one held post for two identical requests with the same idempotency key sent at once", async () => {
    const t = await team(true);
    const body = { accountIds: [t.account.id], content: "Stollen from Monday", idempotencyKey: "stollen-monday" };
    const [a, b] = await Promise.all([0, 1].map(() => call(schedule.POST, "POST", "/api/agent/schedule", { jar: t.editor.jar, body })));
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.postId).toBe(b.body.postId);
    expect([a.body.approvalState, b.body.approvalState]).toEqual(["pending", "pending"]);
    expect(await db().post.count({ where: { workspaceId: t.workspaceId } })).toBe(1);
    expect(await db().postTarget.count({ where: { workspaceId: t.workspaceId } })).toBe(1);
    // Later repeats too; a different body under the key is a conflict.
    expect((await call(schedule.POST, "POST", "/api/agent/schedule", { jar: t.editor.jar, body })).body.duplicate).toBe(true);
    expect((await call(schedule.POST, "POST", "/api/agent/schedule", { jar: t.editor.jar, body: { ...body, content: "Other" } })).status).toBe(409);
  });
});
