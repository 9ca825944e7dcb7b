// Publish now (issue 12): a post due at once starts publishing right after the response of the
// route that made it due (schedule, retry, approve), with the same claims, leases and fences as a
// cron call, so it is never published twice — also when a cron call runs at the same moment.
// Outside Next there is no response to wait for: runAfterResponseWork() stands for "sent".
import { beforeEach, describe, expect, it } from "vitest";
import * as processRoute from "../../app/api/agent/process/route";
import * as schedule from "../../app/api/agent/schedule/route";
import * as cancel from "../../app/api/agent/tasks/[id]/cancel/route";
import * as retry from "../../app/api/agent/tasks/[id]/retry/route";
import { runAfterResponseWork } from "../../lib/after-response";
import { db } from "../../lib/db";
import { json } from "../support/routes";
import { params, req, simulatedAccount, workspaceWithKey } from "../support/factories";

const CRON = { authorization: `Bearer ${process.env.CRON_SECRET}` };

async function setup(latencyMs = 200) {
  const { workspace, key } = await workspaceWithKey("Publish Now Bakery");
  const account = await simulatedAccount(workspace.id, "bluesky", { simulation: { latencyMs } });
  return { workspaceId: workspace.id, key, account };
}

async function post(key: string, body: Record<string, unknown>) {
  const res = await schedule.POST(req("POST", "/api/agent/schedule", { key, body }));
  const out = await json(res);
  return { status: res.status, body: out };
}

const deliveries = async (workspaceId: string) =>
  (await db().simulatedPost.findMany({ where: { workspaceId }, select: { deliveries: true } })).map((p) => p.deliveries);

describe("publish now", () => {
  beforeEach(async () => {
    await runAfterResponseWork(); // whatever an earlier test left waiting
  });

  it("publishes a post due now right after the schedule response, without a cron call", async () => {
    const s = await setup();
    const r = await post(s.key, { accountIds: [s.account.id], content: "Fresh rolls, right now" });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    // The answer goes out first: the task is still pending in it.
    expect(r.body.tasks).toMatchObject([{ status: "pending" }]);
    expect(await deliveries(s.workspaceId)).toEqual([]);

    expect(await runAfterResponseWork()).toBe(1);
    const task = await db().agentTask.findUniqueOrThrow({ where: { id: r.body.tasks[0].id } });
    expect(task.status).toBe("completed");
    expect(await db().post.findUniqueOrThrow({ where: { id: r.body.postId } })).toMatchObject({ status: "published" });
    expect(await deliveries(s.workspaceId)).toEqual([1]);
  });

  it("starts nothing for a post due later, or for a repeated request", async () => {
    const s = await setup(0);
    const later = await post(s.key, { accountIds: [s.account.id], content: "Tomorrow's bread", scheduledAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(later.status).toBe(201);
    expect(await runAfterResponseWork()).toBe(0);
    expect(await db().agentTask.findUniqueOrThrow({ where: { id: later.body.tasks[0].id } })).toMatchObject({ status: "pending" });

    const body = { accountIds: [s.account.id], content: "Once only", idempotencyKey: "publish-now-once" };
    expect((await post(s.key, body)).status).toBe(201);
    expect((await post(s.key, body)).status).toBe(200); // the duplicate
    expect(await runAfterResponseWork()).toBe(1);
    expect(await deliveries(s.workspaceId)).toEqual([1]);
  });

  it("publishes exactly once when a cron call runs at the same moment", async () => {
    const s = await setup(200);
    const r = await post(s.key, { accountIds: [s.account.id], content: "Raced but once" });
    expect(r.status).toBe(201);
    const [, cron] = await Promise.all([runAfterResponseWork(), processRoute.POST(req("POST", "/api/agent/process", { headers: CRON }))]);
    expect(cron.status).toBe(200);
    expect(await deliveries(s.workspaceId)).toEqual([1]);
    const attempts = await db().taskAttempt.findMany({ where: { taskId: r.body.tasks[0].id } });
    expect(attempts.map((a) => a.outcome)).toEqual(["completed"]);
  });

  it("runs a retried task right after the retry response", async () => {
    const s = await setup(0);
    const r = await post(s.key, { accountIds: [s.account.id], content: "Second chance", scheduledAt: new Date(Date.now() + 3_600_000).toISOString() });
    const id = r.body.tasks[0].id as string;
    expect((await cancel.POST(req("POST", `/api/agent/tasks/${id}/cancel`, { key: s.key }), params({ id }))).status).toBe(200);
    expect(await runAfterResponseWork()).toBe(0);

    const res = await retry.POST(req("POST", `/api/agent/tasks/${id}/retry`, { key: s.key }), params({ id }));
    expect(res.status).toBe(200);
    expect(await runAfterResponseWork()).toBe(1);
    expect(await db().agentTask.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "completed" });
    expect(await deliveries(s.workspaceId)).toEqual([1]);
  });
});
