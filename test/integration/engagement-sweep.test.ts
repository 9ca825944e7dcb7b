// Presence-throttled engagement refresh: while someone has a workspace open its recent posts'
// numbers are refreshed often, when nobody watches rarely; never twice at once, never unbounded.
import { afterEach, describe, expect, it } from "vitest";
import * as clientConfig from "../../app/api/client-config/route";
import * as processRoute from "../../app/api/agent/process/route";
import { db } from "../../lib/db";
import { ENGAGEMENT_SWEEP_CAP, ENGAGEMENT_SWEEP_WINDOW_MS, sweepEngagement, type EngagementSweepSettings } from "../../lib/engagement-sweep";
import { env, resetEnvCache } from "../../lib/env";
import { recordHeartbeat } from "../../lib/presence";
import { scheduleTask } from "../../lib/posting/schedule";
import { ScheduleTaskInput } from "../../lib/validation/tasks";
import { req, runProcessor, simulatedAccount, workspaceWithKey } from "../support/factories";

const MIN = 60_000;
const HOUR = 60 * MIN;
const S: EngagementSweepSettings = { activeMinMs: 5 * MIN, idleMinMs: 6 * HOUR, idleThresholdMs: 5 * MIN };
const CRON = { authorization: "Bearer test-cron-secret-0123456789" };

// Each test has its own epoch, years away from the real clock and more than the sweep window
// apart, so workspace-wide sweeps in one test never see another test's posts.
let epochs = 0;
const epoch = () => new Date(Date.UTC(2031, 0, 1) + epochs++ * 2 * ENGAGEMENT_SWEEP_WINDOW_MS);
const at = (t0: Date, ms: number) => new Date(t0.getTime() + ms);

const watch = (workspaceId: string, when: Date) => recordHeartbeat(db(), workspaceId, `user-${workspaceId}`, when);
const sweep = (now: Date, workspaceId?: string, limit?: number) => sweepEngagement(db(), { ...S, now, workspaceId, limit });
const swept = (postTargetId: string) =>
  db().agentTask.findMany({ where: { postTargetId, idempotencyKey: { contains: ":sweep:" } }, orderBy: { createdAt: "asc" } });

/** A post published at t0 on a simulated account, with its fixed +1 h collection already run. */
async function publishedAndCollected(t0: Date, name = "Sweep Bakery") {
  const { workspace, key } = await workspaceWithKey(name);
  const account = await simulatedAccount(workspace.id, "bluesky");
  const { postId } = await scheduleTask(db(), workspace.id, ScheduleTaskInput.parse({ accountId: account.id, content: `Hello from ${name}`, scheduledAt: t0.toISOString() }), t0);
  await runProcessor({ at: t0, workspaceId: workspace.id });
  await runProcessor({ at: at(t0, HOUR), workspaceId: workspace.id });
  const target = await db().postTarget.findFirstOrThrow({ where: { postId: postId! } });
  expect(target.status).toBe("published");
  expect(await db().engagementSnapshot.count({ where: { postTargetId: target.id } })).toBe(1);
  return { workspace, key, account, target };
}

describe("engagement sweep", () => {
  it("refreshes a watched workspace's post once its numbers are older than the active interval", async () => {
    const t0 = epoch();
    const { workspace, target, account } = await publishedAndCollected(t0);
    const t1 = at(t0, HOUR + 4 * MIN);
    await watch(workspace.id, t1);
    expect(await sweep(t1, workspace.id)).toMatchObject({ queued: 0 });

    const t2 = at(t0, HOUR + 6 * MIN);
    await watch(workspace.id, t2);
    expect(await sweep(t2, workspace.id)).toEqual({ queued: 1, active: 1, busy: false });
    const [task] = await swept(target.id);
    expect(task).toMatchObject({ workspaceId: workspace.id, type: "collect_engagement", status: "pending", accountId: account.id, platform: "bluesky", scheduledAt: t2 });
  });

  it("leaves an unwatched workspace alone until the idle interval has passed", async () => {
    const t0 = epoch();
    const { workspace, target } = await publishedAndCollected(t0);
    // Someone looked in long ago: that no longer counts.
    await watch(workspace.id, t0);
    expect((await sweep(at(t0, HOUR + 10 * MIN), workspace.id)).queued).toBe(0);
    expect((await sweep(at(t0, 6 * HOUR + 59 * MIN), workspace.id)).queued).toBe(0);
    expect(await swept(target.id)).toHaveLength(0);

    expect(await sweep(at(t0, 7 * HOUR + MIN), workspace.id)).toEqual({ queued: 1, active: 0, busy: false });
    expect(await swept(target.id)).toHaveLength(1);
  });

  it("never queues a second collection while one is pending or running, even from overlapping calls", async () => {
    const t0 = epoch();
    const { workspace, target } = await publishedAndCollected(t0);
    const t1 = at(t0, HOUR + 6 * MIN);
    await watch(workspace.id, t1);
    const both = await Promise.all([sweep(t1, workspace.id), sweep(t1, workspace.id)]);
    expect(both.reduce((n, r) => n + r.queued, 0)).toBe(1);
    expect((await sweep(t1, workspace.id)).queued).toBe(0);

    // A later call, in another time bucket, while the first is still pending or running.
    const t2 = at(t1, 6 * MIN);
    await watch(workspace.id, t2);
    expect((await sweep(t2, workspace.id)).queued).toBe(0);
    const [first] = await swept(target.id);
    await db().agentTask.update({ where: { id: first.id }, data: { status: "running", lockedBy: "someone", leaseExpiresAt: at(t2, HOUR) } });
    expect((await sweep(t2, workspace.id)).queued).toBe(0);
    expect(await swept(target.id)).toHaveLength(1);

    // Once it has run, the next refresh comes after the interval again.
    await db().agentTask.update({ where: { id: first.id }, data: { status: "pending", lockedBy: null, leaseExpiresAt: null } });
    await runProcessor({ at: t2, workspaceId: workspace.id });
    expect(await db().engagementSnapshot.count({ where: { postTargetId: target.id } })).toBe(2);
    const t3 = at(t2, 6 * MIN);
    await watch(workspace.id, t3);
    expect((await sweep(t3, workspace.id)).queued).toBe(1);
    expect(await swept(target.id)).toHaveLength(2);
  });

  it("queues at most the cap per call, watched workspaces first, the rest on later calls", async () => {
    const t0 = epoch();
    const { workspace: big } = await workspaceWithKey("Big backlog");
    const account = await simulatedAccount(big.id, "mastodon");
    const n = ENGAGEMENT_SWEEP_CAP + 25;
    const ids = Array.from({ length: n }, (_, i) => `cap-${t0.getTime()}-${i}`);
    await db().post.createMany({ data: ids.map((id) => ({ id, workspaceId: big.id, text: id, status: "published" as const, scheduledAt: t0 })) });
    await db().postTarget.createMany({
      data: ids.map((id) => ({ id: `t-${id}`, workspaceId: big.id, postId: id, accountId: account.id, platform: "mastodon" as const, status: "published" as const, platformPostId: id, publishedAt: t0 })),
    });
    // A small workspace someone is watching, whose post is as stale as the backlog's.
    const { workspace: small, target } = await publishedAndCollected(at(t0, -HOUR), "Small but watched");
    const t1 = at(t0, 7 * HOUR);
    await watch(small.id, t1);

    expect(await sweep(t1)).toEqual({ queued: ENGAGEMENT_SWEEP_CAP, active: 1, busy: false });
    expect(await swept(target.id)).toHaveLength(1);
    // The cap counts the watched workspace's one too: 99 of the backlog went first, 26 remain.
    expect(await sweep(t1)).toEqual({ queued: 26, active: 0, busy: false });
    expect(await sweep(t1)).toMatchObject({ queued: 0 });
    expect(await db().agentTask.count({ where: { workspaceId: big.id, type: "collect_engagement" } })).toBe(n);
    // Posts older than the window are left to the fixed collections.
    expect((await sweep(at(t0, ENGAGEMENT_SWEEP_WINDOW_MS + 7 * HOUR))).queued).toBe(0);
  });

  it("keeps workspaces apart: one workspace's visitors do not speed up another's", async () => {
    const t0 = epoch();
    const a = await publishedAndCollected(t0, "Watched A");
    const b = await publishedAndCollected(t0, "Unwatched B");
    const t1 = at(t0, HOUR + 10 * MIN);
    await watch(a.workspace.id, t1);

    expect((await sweep(t1, b.workspace.id)).queued).toBe(0);
    expect(await sweep(t1)).toEqual({ queued: 1, active: 1, busy: false });
    expect(await swept(a.target.id)).toHaveLength(1);
    expect(await swept(b.target.id)).toHaveLength(0);
    // The task belongs to A's workspace, never B's.
    expect(await db().agentTask.count({ where: { workspaceId: b.workspace.id, idempotencyKey: { contains: ":sweep:" } } })).toBe(0);
  });

  it("runs inside the processor: queued, claimed and stored as a new snapshot in the same call", async () => {
    const t0 = epoch();
    const { workspace, target } = await publishedAndCollected(t0);
    const t1 = at(t0, HOUR + 6 * MIN);
    await watch(workspace.id, t1);
    // Off unless asked for (the cron path always asks): a plain processor run queues nothing.
    expect((await runProcessor({ at: t1, workspaceId: workspace.id })).engagementQueued).toBe(0);

    const s = await runProcessor({ at: t1, workspaceId: workspace.id, engagementSweep: S });
    expect(s).toMatchObject({ engagementQueued: 1, claimed: 1, completed: 1, failed: 0 });
    const snaps = await db().engagementSnapshot.findMany({ where: { postTargetId: target.id }, orderBy: { collectedAt: "asc" } });
    expect(snaps).toHaveLength(2);
    expect(snaps[1]).toMatchObject({ collectedAt: t1, simulated: true });
    expect((await swept(target.id))[0].status).toBe("completed");

    // Fresh now: the next call a minute later has nothing to refresh.
    expect((await runProcessor({ at: at(t1, MIN), workspaceId: workspace.id, engagementSweep: S })).engagementQueued).toBe(0);
  });

  it("never lets a failing sweep stop publishing", async () => {
    const t0 = epoch();
    const { workspace } = await workspaceWithKey("Broken sweep");
    const account = await simulatedAccount(workspace.id, "bluesky");
    await scheduleTask(db(), workspace.id, ScheduleTaskInput.parse({ accountId: account.id, content: "Still goes out", scheduledAt: t0.toISOString() }), t0);
    // Nonsense settings make the sweep's statement fail.
    const broken = { activeMinMs: Number.NaN, idleMinMs: Number.NaN, idleThresholdMs: Number.NaN };
    await expect(sweepEngagement(db(), { ...broken, now: t0 })).rejects.toThrow();
    const s = await runProcessor({ at: t0, workspaceId: workspace.id, engagementSweep: broken });
    expect(s).toMatchObject({ engagementQueued: 0, claimed: 1, completed: 1 });
  });

  it("is wired into the cron endpoint with the environment's intervals", async () => {
    const { workspace } = await workspaceWithKey("Cron path");
    const account = await simulatedAccount(workspace.id, "mastodon");
    const { postId } = await scheduleTask(db(), workspace.id, ScheduleTaskInput.parse({ accountId: account.id, content: "Real clock" }));
    await runProcessor({ workspaceId: workspace.id });
    const target = await db().postTarget.findFirstOrThrow({ where: { postId: postId! } });
    // Published 10 minutes ago and someone is looking right now.
    await db().postTarget.update({ where: { id: target.id }, data: { publishedAt: new Date(Date.now() - 10 * MIN) } });
    await watch(workspace.id, new Date());

    const res = await processRoute.GET(req("GET", "/api/agent/process?budget=30", { headers: CRON }));
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body.engagementQueued).toBeGreaterThanOrEqual(1);
    const snaps = await db().engagementSnapshot.findMany({ where: { postTargetId: target.id } });
    expect(snaps).toHaveLength(1);
    expect(snaps[0].simulated).toBe(true);
  });
});

describe("configuration", () => {
  const saved = { active: process.env.ENGAGEMENT_ACTIVE_MIN_MS, idle: process.env.ENGAGEMENT_IDLE_MIN_MS };
  afterEach(() => {
    for (const [k, v] of [["ENGAGEMENT_ACTIVE_MIN_MS", saved.active], ["ENGAGEMENT_IDLE_MIN_MS", saved.idle]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvCache();
  });

  it("defaults to 5 minutes active and 6 hours idle, and rejects bad values readably", () => {
    delete process.env.ENGAGEMENT_ACTIVE_MIN_MS;
    process.env.ENGAGEMENT_IDLE_MIN_MS = " ";
    resetEnvCache();
    expect([env().ENGAGEMENT_ACTIVE_MIN_MS, env().ENGAGEMENT_IDLE_MIN_MS]).toEqual([300_000, 21_600_000]);

    const cases: [string, string, RegExp][] = [
      ["five minutes", "21600000", /ENGAGEMENT_ACTIVE_MIN_MS: must be a number of milliseconds/],
      ["10", "21600000", /ENGAGEMENT_ACTIVE_MIN_MS: must be at least 60000 ms/],
      ["300000", "1e12", /ENGAGEMENT_IDLE_MIN_MS: must be at most 604800000 ms/],
      ["7200000", "3600000", /ENGAGEMENT_ACTIVE_MIN_MS: must not be longer than ENGAGEMENT_IDLE_MIN_MS/],
    ];
    for (const [active, idle, message] of cases) {
      process.env.ENGAGEMENT_ACTIVE_MIN_MS = active;
      process.env.ENGAGEMENT_IDLE_MIN_MS = idle;
      resetEnvCache();
      expect(() => env()).toThrow(message);
    }
  });

  it("hands the intervals to the dashboard in GET /api/client-config", async () => {
    const { key } = await workspaceWithKey("Config");
    const res = await clientConfig.GET(req("GET", "/api/client-config", { key }));
    expect(res.status).toBe(200);
    expect((await res.json()).config.engagement).toEqual({ activeMs: 300_000, idleMs: 21_600_000 });
  });
});
