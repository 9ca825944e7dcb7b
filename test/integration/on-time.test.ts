// On time (issue 12, docs/design.md "On time"): a post is published at its time, not at the next
// cron call. A process call claims tasks up to ON_TIME.lookaheadMs early and starts each at its
// time while it may still claim; a scheduling request whose post falls due before the next cron
// call runs it itself, after its response. Real time here: each test waits a few seconds.
import { beforeEach, describe, expect, it } from "vitest";
import * as processRoute from "../../app/api/agent/process/route";
import * as schedule from "../../app/api/agent/schedule/route";
import { runAfterResponseWork } from "../../lib/after-response";
import { db } from "../../lib/db";
import { json } from "../support/routes";
import { req, simulatedAccount, workspaceWithKey } from "../support/factories";

const CRON = { authorization: `Bearer ${process.env.CRON_SECRET}` };

async function setup() {
  const { workspace, key } = await workspaceWithKey("On Time Bakery");
  const account = await simulatedAccount(workspace.id, "mastodon", { simulation: { latencyMs: 0 } });
  return { workspaceId: workspace.id, key, account };
}

async function scheduleAt(s: { key: string; account: { id: string } }, at: Date, content: string) {
  const res = await schedule.POST(req("POST", "/api/agent/schedule", { key: s.key, body: { accountIds: [s.account.id], content, scheduledAt: at.toISOString() } }));
  const body = await json(res);
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body.tasks[0].id as string;
}

/** When the (simulated) platform received the task's post, less when it was due. */
async function lagMs(taskId: string): Promise<number> {
  const task = await db().agentTask.findUniqueOrThrow({ where: { id: taskId } });
  const posted = await db().simulatedPost.findFirstOrThrow({ where: { idempotencyKey: task.idempotencyKey } });
  return posted.createdAt.getTime() - task.scheduledAt.getTime();
}

describe("on time", () => {
  beforeEach(async () => {
    await runAfterResponseWork();
  });

  it("publishes a post due in a few seconds at its time, from the request that scheduled it", async () => {
    const s = await setup();
    const at = new Date(Date.now() + 3_000);
    const id = await scheduleAt(s, at, "Croissants at the stroke of the hour");
    expect(await runAfterResponseWork()).toBe(1);
    const lag = await lagMs(id);
    expect(lag).toBeGreaterThanOrEqual(0); // never early
    expect(lag).toBeLessThan(1_500);
    const [attempt] = await db().taskAttempt.findMany({ where: { taskId: id } });
    expect(attempt.startedAt.getTime()).toBeGreaterThanOrEqual(at.getTime()); // started at its time, not at its claim
  });

  it("has a cron call wait for a task due inside its claim window, and leave later ones to the next call", async () => {
    const s = await setup();
    const soon = await scheduleAt(s, new Date(Date.now() + 3_000), "Due while the call lives");
    // Past the cron interval too, so no after-response work waits for it.
    const later = await scheduleAt(s, new Date(Date.now() + 400_000), "Due after the call");
    const started = performance.now();
    const res = await processRoute.POST(req("POST", "/api/agent/process?budget=8", { headers: CRON }));
    const summary = await json(res);
    expect(res.status).toBe(200);
    expect(summary).toMatchObject({ startedOnTime: 1 });
    // Of this workspace's posts, the one due inside the window went out (the call may also have
    // completed inbox sweeps of accounts that published earlier in this file).
    expect(await db().agentTask.count({ where: { workspaceId: s.workspaceId, type: "social_post", status: "completed" } })).toBe(1);
    const lag = await lagMs(soon);
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(1_500);
    // Nothing else falls due within its 8 s: it answers once the first is out, not at the end.
    expect(performance.now() - started).toBeLessThan(6_000);
    expect(await db().agentTask.findUniqueOrThrow({ where: { id: later } })).toMatchObject({ status: "pending", lockedBy: null });
  });

  it("leaves a post due after the next cron call to that call", async () => {
    const s = await setup();
    await scheduleAt(s, new Date(Date.now() + 10 * 60_000), "In ten minutes");
    expect(await runAfterResponseWork()).toBe(0);
  });
});
