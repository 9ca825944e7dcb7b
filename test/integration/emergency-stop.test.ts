// The emergency stop (docs/decisions.md, "Emergency stop") through the real route handlers and
// scheduler: a paused workspace's due tasks are not claimed and stay pending (not failed, not
// retried) while another workspace's go out; after the resume the next process call sends them.
// Admins switch it (editors and viewers get 403), bad bodies are 400 with field errors, the task
// statistics and the process summary say how many due tasks the pause holds, and a task claimed
// just before the pause is handed back at its lease hold instead of being sent.
import { afterEach, describe, expect, it } from "vitest";
import * as workspaces from "../../app/api/workspaces/route";
import * as active from "../../app/api/workspaces/active/route";
import * as publishing from "../../app/api/workspace/publishing/route";
import * as settings from "../../app/api/workspace/settings/route";
import * as stats from "../../app/api/agent/tasks/stats/route";
import * as schedule from "../../app/api/agent/schedule/route";
import { runAfterResponseWork } from "../../lib/after-response";
import type { Role } from "../../lib/auth/roles";
import { resetClock, setClock } from "../../lib/clock";
import { db, type Db } from "../../lib/db";
import { Prisma } from "../../lib/generated/prisma/client";
import { scheduleTask } from "../../lib/posting/schedule";
import { claimTasks } from "../../lib/scheduler/sql/claim";
import { countDue } from "../../lib/scheduler/sql/count-due";
import { holdLeases } from "../../lib/scheduler/sql/hold-lease";
import { nextDue } from "../../lib/scheduler/sql/next-due";
import { ScheduleTaskInput } from "../../lib/validation/tasks";
import { taskHandlers } from "../../lib/agent-scheduler";
import { browserReq, type Jar, ORIGIN, signUp } from "../support/auth";
import { dueTasks, req, runProcessor, simulatedAccount, workspaceWithKey } from "../support/factories";
import { json } from "../support/routes";

const T = new Date("2026-12-08T09:00:00Z");
const plus = (min: number) => new Date(T.getTime() + min * 60_000);

afterEach(() => resetClock());

type Handler = (req: Request) => Promise<Response>;

async function call(handler: Handler, method: string, path: string, opts: { jar?: Jar; key?: string; body?: unknown; raw?: string } = {}) {
  const request = opts.key || opts.raw !== undefined ? req(method, path, { key: opts.key, body: opts.body, raw: opts.raw }) : browserReq(method, path, opts);
  if (opts.raw !== undefined && opts.jar) {
    request.headers.set("cookie", opts.jar.header);
    request.headers.set("origin", ORIGIN);
  }
  const res = await handler(request);
  opts.jar?.take(res);
  return { status: res.status, body: await json(res) };
}

let n = 0;
async function ownerWithWorkspace(name: string) {
  const { jar, user } = await signUp(`owner-${++n}-${Math.random().toString(36).slice(2, 8)}@example.com`);
  const created = await call(workspaces.POST, "POST", "/api/workspaces", { jar, body: { name, timeZone: "Europe/Berlin" } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { jar, user, workspaceId: created.body.workspace.id as string };
}

async function memberAs(workspaceId: string, role: Role) {
  const { jar, user } = await signUp(`${role}-${Math.random().toString(36).slice(2, 8)}@example.com`);
  await db().membership.create({ data: { workspaceId, userId: user.id, role } });
  const sw = await call(active.POST, "POST", "/api/workspaces/active", { jar, body: { workspaceId } });
  expect(sw.status, JSON.stringify(sw.body)).toBe(200);
  return { jar, user };
}

/** One post due at `at` to a new simulated account of the workspace; its task's id. */
async function duePost(workspaceId: string, content: string, at = T) {
  const account = await simulatedAccount(workspaceId, "bluesky");
  const r = await scheduleTask(db(), workspaceId, ScheduleTaskInput.parse({ accountId: account.id, content, scheduledAt: at.toISOString() }), new Date(at.getTime() - 3_600_000));
  return r.tasks[0].id;
}

const taskRow = (id: string) =>
  db().agentTask.findUniqueOrThrow({ where: { id }, select: { status: true, retryCount: true, lockedBy: true, lastError: true, _count: { select: { attempts: true } } } });

async function pause(jar: Jar, paused: boolean, at: Date) {
  setClock(at);
  return call(publishing.PUT, "PUT", "/api/workspace/publishing", { jar, body: { paused } });
}

/** The claim's statement as claimTasks would send it, planned (EXPLAIN, so nothing runs). */
async function claimPlan(opts: { now: Date; limit: number }): Promise<string> {
  let sent: Prisma.Sql | undefined;
  const capture = {
    $queryRaw: (strings: TemplateStringsArray, ...values: unknown[]) => {
      sent = Prisma.sql(strings, ...values);
      return Promise.resolve([]);
    },
  } as unknown as Db;
  await claimTasks(capture, { invocationId: "plan", now: opts.now, limit: opts.limit, leaseMs: 60_000 });
  const rows = await db().$queryRawUnsafe<{ "QUERY PLAN": unknown }[]>(`EXPLAIN (FORMAT JSON) ${sent!.text}`, ...sent!.values);
  return JSON.stringify(rows[0]["QUERY PLAN"]);
}

// First in the file: it needs a database whose only workspace holds every due task.
describe("the claim's plan", () => {
  it("walks the due index, never sorting the whole due set, also when one workspace holds every due task", async () => {
    const { workspace } = await workspaceWithKey("Only Bakery");
    // Many accounts, as the bench has: with one, the rate-limit check misleads the planner the same way.
    for (let i = 0; i < 50; i++) await dueTasks(workspace.id, (await simulatedAccount(workspace.id, "bluesky")).id, 60, plus(-90 + i));
    // The queue's table is analyzed often (autovacuum, it changes all day); the workspaces' table,
    // a few rows that rarely change, may never be.
    await db().$executeRawUnsafe(`ANALYZE "AgentTask", "SocialAccount"`);
    for (const workspacesAnalyzed of [false, true]) {
      if (workspacesAnalyzed) await db().$executeRawUnsafe(`ANALYZE "Workspace"`);
      const plan = await claimPlan({ now: T, limit: 50 });
      expect(plan, `workspaces analyzed: ${workspacesAnalyzed}`).toContain("AgentTask_due_idx");
      expect(plan, `workspaces analyzed: ${workspacesAnalyzed}`).not.toContain('"Node Type":"Sort"');
    }
    await db().agentTask.deleteMany({ where: { workspaceId: workspace.id } });
  });
});

describe("the emergency stop", () => {
  it("holds a paused workspace's due tasks pending while another workspace publishes, and sends them after the resume", async () => {
    const a = await ownerWithWorkspace("Paused Bakery");
    const b = await workspaceWithKey("Running Bakery");
    const held = await duePost(a.workspaceId, "Croissants at nine");
    const sent = await duePost(b.workspace.id, "Bagels at nine");

    const paused = await pause(a.jar, true, plus(-5));
    expect(paused.status, JSON.stringify(paused.body)).toBe(200);
    expect(paused.body).toMatchObject({
      success: true,
      changed: true,
      publishing: { workspaceId: a.workspaceId, paused: true, pausedAt: plus(-5).toISOString(), pausedBy: a.user.id, pausedByName: a.user.name },
    });
    // Open dashboards hear it (lib/events.ts).
    const event = await db().event.findFirstOrThrow({ where: { workspaceId: a.workspaceId, type: "workspace:publishing" }, orderBy: { id: "desc" } });
    expect(event.payload).toMatchObject({ paused: true, by: a.user.id });
    // Every place the dashboard reads the workspace says so.
    expect((await call(publishing.GET, "GET", "/api/workspace/publishing", { jar: a.jar })).body.publishing).toMatchObject({ paused: true, pausedBy: a.user.id });
    expect((await call(workspaces.GET as Handler, "GET", "/api/workspaces", { jar: a.jar })).body.workspaces[0]).toMatchObject({
      id: a.workspaceId,
      publishingPausedAt: plus(-5).toISOString(),
      publishingPausedBy: a.user.id,
    });
    expect((await call(settings.GET, "GET", "/api/workspace/settings", { jar: a.jar })).body.settings).toMatchObject({
      publishingPausedAt: plus(-5).toISOString(),
      publishingPausedBy: a.user.id,
    });

    // A cron call over every workspace: B's post goes out, A's waits untouched.
    const first = await runProcessor({ at: plus(1) });
    expect(first).toMatchObject({ claimed: 1, completed: 1, failed: 0, retried: 0, stillDue: 0, heldByPause: 1 });
    expect((await taskRow(sent)).status).toBe("completed");
    expect(await taskRow(held)).toEqual({ status: "pending", retryCount: 0, lockedBy: null, lastError: null, _count: { attempts: 0 } });
    // An hour later it is still only waiting: nothing failed, nothing was retried or sent.
    const later = await runProcessor({ at: plus(60) });
    expect(later).toMatchObject({ claimed: 0, heldByPause: 1 });
    expect(await taskRow(held)).toEqual({ status: "pending", retryCount: 0, lockedBy: null, lastError: null, _count: { attempts: 0 } });
    expect(await db().simulatedPost.count({ where: { workspaceId: a.workspaceId } })).toBe(0);
    expect(await db().post.findFirstOrThrow({ where: { workspaceId: a.workspaceId }, select: { status: true } })).toEqual({ status: "scheduled" });

    // The task statistics say the workspace is paused and how many due tasks it holds.
    setClock(plus(61));
    const s = (await call(stats.GET, "GET", "/api/agent/tasks/stats", { jar: a.jar })).body.stats;
    expect(s).toMatchObject({ pending: 1, publishing: { paused: true, pausedAt: plus(-5).toISOString(), pausedBy: a.user.id }, heldByPause: 1 });

    const resumed = await pause(a.jar, false, plus(62));
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ changed: true, publishing: { paused: false, pausedAt: null, pausedBy: null, pausedByName: null } });
    expect((await db().workspace.findUniqueOrThrow({ where: { id: a.workspaceId } })).publishingPausedAt).toBeNull();

    // The first process call after the resume sends it, once (beside B's engagement collection,
    // due an hour after B's post went out).
    const after = await runProcessor({ at: plus(63) });
    expect(after).toMatchObject({ claimed: 2, completed: 2, failed: 0, heldByPause: 0, stillDue: 0 });
    expect((await taskRow(held)).status).toBe("completed");
    expect(await db().simulatedPost.count({ where: { workspaceId: a.workspaceId } })).toBe(1);
    setClock(plus(64));
    const s2 = (await call(stats.GET, "GET", "/api/agent/tasks/stats", { jar: a.jar })).body.stats;
    expect(s2).toMatchObject({ publishing: { paused: false, pausedAt: null, pausedBy: null }, heldByPause: 0 });
  });

  it("keeps the first pause when paused twice, changes nothing when resuming a running workspace, and lets an API key switch it", async () => {
    const a = await ownerWithWorkspace("Twice Bakery");
    expect((await pause(a.jar, false, plus(0))).body).toMatchObject({ changed: false, publishing: { paused: false } });
    await pause(a.jar, true, plus(1));
    const again = await pause(a.jar, true, plus(2));
    expect(again.body).toMatchObject({ changed: false, publishing: { paused: true, pausedAt: plus(1).toISOString(), pausedBy: a.user.id } });
    expect(await db().event.count({ where: { workspaceId: a.workspaceId, type: "workspace:publishing" } })).toBe(1);

    const { workspace, key } = await workspaceWithKey("Keyed Bakery");
    setClock(plus(3));
    const byKey = await call(publishing.PUT, "PUT", "/api/workspace/publishing", { key, body: { paused: true } });
    expect(byKey.body).toMatchObject({ changed: true, publishing: { workspaceId: workspace.id, paused: true, pausedBy: "api_key", pausedByName: null } });
    // Only that workspace: the other one's state is its own.
    expect((await db().workspace.findUniqueOrThrow({ where: { id: a.workspaceId } })).publishingPausedAt).toEqual(plus(1));
    const resumed = await call(publishing.PUT, "PUT", "/api/workspace/publishing", { key, body: { paused: false } });
    expect(resumed.body).toMatchObject({ changed: true, publishing: { paused: false } });
  });

  it("lets only admins and owners switch it: editors and viewers get 403 and change nothing; every member may read it", async () => {
    const a = await ownerWithWorkspace("Roles Bakery");
    for (const role of ["viewer", "editor"] as const) {
      const { jar } = await memberAs(a.workspaceId, role);
      const r = await call(publishing.PUT, "PUT", "/api/workspace/publishing", { jar, body: { paused: true } });
      expect([r.status, r.body.error.code, r.body.error.details.requiredRole]).toEqual([403, "forbidden", "admin"]);
      expect((await call(publishing.GET, "GET", "/api/workspace/publishing", { jar })).body.publishing).toMatchObject({ paused: false });
    }
    expect((await db().workspace.findUniqueOrThrow({ where: { id: a.workspaceId } })).publishingPausedAt).toBeNull();
    expect(await db().event.count({ where: { workspaceId: a.workspaceId, type: "workspace:publishing" } })).toBe(0);
    const { jar: admin, user } = await memberAs(a.workspaceId, "admin");
    const r = await pause(admin, true, plus(0));
    expect(r.body).toMatchObject({ changed: true, publishing: { paused: true, pausedBy: user.id } });
    // Nobody signed in: 401.
    expect((await call(publishing.PUT, "PUT", "/api/workspace/publishing", { body: { paused: false } })).status).toBe(401);
  });

  it("answers a bad body with 400 and the field's error, never 500, and changes nothing", async () => {
    const a = await ownerWithWorkspace("Strict Bakery");
    const cases: { body?: unknown; raw?: string; fields?: string[] }[] = [
      { body: {}, fields: ["paused"] },
      { body: { paused: "yes" }, fields: ["paused"] },
      { body: { paused: 1 }, fields: ["paused"] },
      { body: { paused: null }, fields: ["paused"] },
      { body: { paused: true, reason: "storm" }, fields: ["(body)"] },
      { body: [true] },
      { body: "pause" },
      { raw: "{not json" },
    ];
    for (const c of cases) {
      const r = await call(publishing.PUT, "PUT", "/api/workspace/publishing", { jar: a.jar, body: c.body, raw: c.raw });
      const label = JSON.stringify(c);
      expect(r.status, `${label} → ${JSON.stringify(r.body)}`).toBe(400);
      expect(["validation_failed", "bad_request"], label).toContain(r.body.error.code);
      if (c.fields) {
        const fields = r.body.error.fields as { path: string; message: string }[];
        expect(fields.map((f) => f.path), label).toEqual(c.fields);
      }
    }
    const typed = await call(publishing.PUT, "PUT", "/api/workspace/publishing", { jar: a.jar, body: { paused: "yes" } });
    expect(typed.body.error.fields).toEqual([{ path: "paused", message: "Use true to pause publishing or false to resume it." }]);
    expect((await db().workspace.findUniqueOrThrow({ where: { id: a.workspaceId } })).publishingPausedAt).toBeNull();
  });

  it("hands back a task claimed just before the pause at its lease hold: nothing is sent, it stays pending", async () => {
    const a = await ownerWithWorkspace("Racing Bakery");
    const id = await duePost(a.workspaceId, "Claimed, then paused");
    // The pause lands between the claim and the publish: the handler switches it on first.
    const run = taskHandlers.social_post.run;
    const summary = await runProcessor({
      at: plus(1),
      workspaceId: a.workspaceId,
      handlers: {
        ...taskHandlers,
        social_post: {
          ...taskHandlers.social_post,
          run: async (task, ctx) => {
            await db().workspace.update({ where: { id: a.workspaceId }, data: { publishingPausedAt: plus(1), publishingPausedBy: a.user.id } });
            return run(task, ctx);
          },
        },
      },
    });
    expect(summary).toMatchObject({ claimed: 1, completed: 0, failed: 0, retried: 0, lostLeases: 0, heldByPause: 1 });
    expect(await taskRow(id)).toEqual({ status: "pending", retryCount: 0, lockedBy: null, lastError: null, _count: { attempts: 0 } });
    expect(await db().simulatedPost.count({ where: { workspaceId: a.workspaceId } })).toBe(0);

    // The statements underneath: a held lease answers "paused", and the claim, the look ahead and
    // the backlog leave the workspace out.
    const [claimed] = await claimTasks(db(), { invocationId: "forced", now: plus(2), limit: 5, leaseMs: 60_000, workspaceId: a.workspaceId });
    expect(claimed).toBeUndefined();
    await db().workspace.update({ where: { id: a.workspaceId }, data: { publishingPausedAt: null } });
    const [mine] = await claimTasks(db(), { invocationId: "inv-1", now: plus(2), limit: 5, leaseMs: 60_000, workspaceId: a.workspaceId });
    expect(mine.id).toBe(id);
    expect(await holdLeases(db(), [{ id, until: plus(2.5) }], { invocationId: "inv-1", now: plus(2) })).toEqual([true]);
    await db().workspace.update({ where: { id: a.workspaceId }, data: { publishingPausedAt: plus(2) } });
    expect(await holdLeases(db(), [{ id, until: plus(2.5) }], { invocationId: "inv-1", now: plus(2) })).toEqual(["paused"]);
    // Also when the lease had to be stretched; another invocation's hold is still refused.
    expect(await holdLeases(db(), [{ id, until: plus(30) }], { invocationId: "inv-1", now: plus(2) })).toEqual(["paused"]);
    expect(await holdLeases(db(), [{ id, until: plus(2.5) }], { invocationId: "inv-2", now: plus(2) })).toEqual([false]);
    await db().agentTask.update({ where: { id }, data: { status: "pending", lockedBy: null, leaseExpiresAt: null, processingStartedAt: null } });

    const later = await duePost(a.workspaceId, "Due later", plus(30));
    expect(await nextDue(db(), { after: plus(2), now: plus(2), workspaceId: a.workspaceId })).toBeNull();
    expect(await countDue(db(), { now: plus(31), workspaceId: a.workspaceId })).toEqual({ due: 0, held: 2 });
    await db().workspace.update({ where: { id: a.workspaceId }, data: { publishingPausedAt: null } });
    expect(await nextDue(db(), { after: plus(2), now: plus(2), workspaceId: a.workspaceId })).toEqual(plus(30));
    expect(await countDue(db(), { now: plus(31), workspaceId: a.workspaceId })).toEqual({ due: 2, held: 0 });
    expect(later).toBeTruthy();
  });

  it("holds only posts and replies: a paused workspace's token refresh still runs, through its lease hold", async () => {
    const { workspace, key } = await workspaceWithKey("Token Bakery");
    const post = await duePost(workspace.id, "Scones at ten");
    const account = await simulatedAccount(workspace.id, "bluesky");
    const refresh = await db().agentTask.create({
      data: { workspaceId: workspace.id, type: "refresh_token", platform: "bluesky", accountId: account.id, scheduledAt: T, idempotencyKey: "refresh-while-paused" },
      select: { id: true },
    });
    setClock(plus(-1));
    expect((await call(publishing.PUT, "PUT", "/api/workspace/publishing", { key, body: { paused: true } })).status).toBe(200);
    const r = await runProcessor({ at: plus(1), workspaceId: workspace.id });
    expect(r).toMatchObject({ claimed: 1, completed: 1, heldByPause: 1, stillDue: 0 });
    expect((await taskRow(refresh.id)).status).toBe("completed");
    expect(await taskRow(post)).toMatchObject({ status: "pending", retryCount: 0, lockedBy: null });
    setClock(plus(2));
    expect((await call(stats.GET, "GET", "/api/agent/tasks/stats", { key })).body.stats).toMatchObject({ heldByPause: 1 });
  });

  it("publish now does not publish in a paused workspace; the post waits for the resume", async () => {
    await runAfterResponseWork();
    const { workspace, key } = await workspaceWithKey("Now Bakery");
    const account = await simulatedAccount(workspace.id, "bluesky");
    setClock(T);
    expect((await call(publishing.PUT, "PUT", "/api/workspace/publishing", { key, body: { paused: true } })).status).toBe(200);
    const r = await call(schedule.POST, "POST", "/api/agent/schedule", { key, body: { accountIds: [account.id], content: "Right now, please" } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await runAfterResponseWork();
    const task = await db().agentTask.findFirstOrThrow({ where: { workspaceId: workspace.id, type: "social_post" }, select: { status: true, retryCount: true } });
    expect(task).toEqual({ status: "pending", retryCount: 0 });
    expect(await db().simulatedPost.count({ where: { workspaceId: workspace.id } })).toBe(0);

    // The resume sends what fell due meanwhile right after its answer, without waiting for the cron.
    setClock(new Date(T.getTime() + 60_000));
    const resumed = await call(publishing.PUT, "PUT", "/api/workspace/publishing", { key, body: { paused: false } });
    expect(resumed.body).toMatchObject({ changed: true, sendingDue: true });
    expect(await runAfterResponseWork()).toBe(1);
    expect(await db().agentTask.findFirstOrThrow({ where: { workspaceId: workspace.id, type: "social_post" }, select: { status: true } })).toEqual({ status: "completed" });
    expect(await db().simulatedPost.count({ where: { workspaceId: workspace.id } })).toBe(1);
    // Resuming a running workspace starts nothing.
    expect((await call(publishing.PUT, "PUT", "/api/workspace/publishing", { key, body: { paused: false } })).body).toMatchObject({ changed: false, sendingDue: false });
    expect(await runAfterResponseWork()).toBe(0);
  });
});
