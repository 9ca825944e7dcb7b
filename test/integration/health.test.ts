// Health that notices a dead cron (docs/design.md, "Health"): /api/health and the admin page say
// "degraded" when no cron process call has succeeded for two cron intervals (300 s by default) or
// tasks wait more than HEALTH_OVERDUE_MS (default 10 min) after they could have been claimed; a
// fresh install that never had a call and has nothing overdue is "ok". The clock is pinned: every
// instant here is NOW plus or minus minutes, on any date the suite runs.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as healthRoute from "../../app/api/health/route";
import * as processRoute from "../../app/api/agent/process/route";
import * as schedule from "../../app/api/agent/schedule/route";
import { runAfterResponseWork } from "../../lib/after-response";
import { resetClock, setClock } from "../../lib/clock";
import { db } from "../../lib/db";
import { env, EnvError, resetEnvCache } from "../../lib/env";
import { health, healthThresholds } from "../../lib/health";
import { recordCall } from "../../lib/scheduler/sql/record-call";
import { req, simulatedAccount, workspaceWithKey } from "../support/factories";
import { json } from "../support/routes";

const NOW = new Date("2031-03-14T12:00:00.000Z");
const min = (n: number) => new Date(NOW.getTime() + n * 60_000);
const CRON = { authorization: `Bearer ${process.env.CRON_SECRET}` };

async function answer(res: Response) {
  return { status: res.status, body: await json(res) };
}

/** /api/health at `at`, as anyone and with the cron secret. */
async function healthAt(at: Date) {
  setClock(at);
  try {
    const open = await answer(await healthRoute.GET(req("GET", "/api/health")));
    const full = await answer(await healthRoute.GET(req("GET", "/api/health", { headers: CRON })));
    return { open, full };
  } finally {
    resetClock();
  }
}

/** One cron call through the real route at `at`. */
async function cronCallAt(at: Date) {
  setClock(at);
  try {
    const r = await answer(await processRoute.POST(req("POST", "/api/agent/process?budget=5", { headers: CRON })));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  } finally {
    resetClock();
  }
}

async function task(workspaceId: string, accountId: string, scheduledAt: Date, key: string) {
  return db().agentTask.create({
    data: { workspaceId, accountId, type: "social_post", platform: "bluesky", content: `Post ${key}`, scheduledAt, idempotencyKey: key },
  });
}

beforeEach(async () => {
  await db().schedulerHeartbeat.deleteMany();
  await db().agentTask.deleteMany();
});
afterEach(() => resetClock());

describe("health", () => {
  it("is ok on a fresh install that never had a process call and has nothing overdue", async () => {
    const { workspace } = await workspaceWithKey("Fresh Bakery");
    const account = await simulatedAccount(workspace.id);
    // Due a minute ago and due tomorrow: neither is overdue beyond the threshold.
    await task(workspace.id, account.id, min(-1), "fresh-due");
    await task(workspace.id, account.id, min(24 * 60), "fresh-later");

    const { open, full } = await healthAt(NOW);
    expect(open.status).toBe(200);
    expect(open.body).toEqual({ ok: true, status: "ok", version: expect.any(String) });
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({ ok: true, status: "ok", reasons: [], scheduler: { due: 1, overdue: 0, lastSuccessAt: null, cronIntervalS: 300, overdueAfterMs: 600_000 } });
  });

  it("is degraded, with the reason, once the last successful call is older than two cron intervals", async () => {
    await cronCallAt(NOW);
    const hb = await db().schedulerHeartbeat.findUniqueOrThrow({ where: { id: "cron" } });
    expect(hb).toMatchObject({ firstAttemptAt: NOW, lastAttemptAt: NOW, lastSuccessAt: NOW, lastFailureAt: null });

    // Two intervals (10 min) is still on time; a second more is not.
    expect((await healthAt(min(10))).full.body).toMatchObject({ status: "ok", reasons: [] });
    const late = await healthAt(min(13));
    expect(late.open.status).toBe(200);
    expect(late.open.body).toEqual({ ok: true, status: "degraded", version: expect.any(String) });
    expect(late.full.status).toBe(200);
    expect(late.full.body).toMatchObject({
      ok: true,
      status: "degraded",
      reasons: ["No process call has succeeded for 13 min (cron interval 5 min)"],
      scheduler: { lastSuccessAt: NOW.toISOString() },
    });
    // Nothing but up or down, status and version for anyone: no reasons, no counts.
    expect(JSON.stringify(late.open.body)).not.toContain("process call");
  });

  it("names a failing call by its code, never its message", async () => {
    await recordCall(db(), { at: min(-30), ok: true });
    await recordCall(db(), { at: min(-2), ok: false, error: "P1001" });
    const h = await health({ now: NOW });
    expect(h).toMatchObject({
      status: "degraded",
      reasons: ["No process call has succeeded for 30 min (cron interval 5 min); the last one, 2 min ago, failed (P1001)"],
    });
    // A call that never succeeded is stale from its first attempt.
    await db().schedulerHeartbeat.deleteMany();
    await recordCall(db(), { at: min(-20), ok: false, error: "HeraldError" });
    await recordCall(db(), { at: min(-1), ok: false, error: "HeraldError" });
    expect((await health({ now: NOW })).reasons).toEqual([
      "No process call has succeeded since the first one 20 min ago (cron interval 5 min); the last one, 1 min ago, failed (HeraldError)",
    ]);
  });

  it("is degraded when tasks are overdue beyond the threshold, counting from when they could be claimed", async () => {
    const { workspace } = await workspaceWithKey("Late Bakery");
    const account = await simulatedAccount(workspace.id);
    await task(workspace.id, account.id, min(-25), "late-1");
    await task(workspace.id, account.id, min(-11), "late-2");
    await task(workspace.id, account.id, min(-9), "not-yet-overdue");
    // Waiting for a reason: a rate limit that lifted a minute ago, one still on, a paused workspace.
    const lifted = await simulatedAccount(workspace.id, "bluesky", { handle: "lifted" });
    await db().socialAccount.update({ where: { id: lifted.id }, data: { rateLimitedUntil: min(-1) } });
    await task(workspace.id, lifted.id, min(-60), "rate-limit-lifted");
    const limited = await simulatedAccount(workspace.id, "bluesky", { handle: "limited" });
    await db().socialAccount.update({ where: { id: limited.id }, data: { rateLimitedUntil: min(60) } });
    await task(workspace.id, limited.id, min(-60), "rate-limited");
    const { workspace: paused } = await workspaceWithKey("Paused Bakery");
    await db().workspace.update({ where: { id: paused.id }, data: { publishingPausedAt: min(-120) } });
    const pausedAccount = await simulatedAccount(paused.id);
    await task(paused.id, pausedAccount.id, min(-90), "paused");
    // The cron is alive: only the overdue rule speaks.
    await recordCall(db(), { at: min(-1), ok: true });

    const { full } = await healthAt(NOW);
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({ status: "degraded", reasons: ["2 tasks are overdue by more than 10 min (the oldest by 25 min)"], scheduler: { overdue: 2 } });

    // The admin page's view: another workspace's overdue tasks are not its own.
    expect(await health({ now: NOW, workspaceId: paused.id })).toMatchObject({ status: "ok", reasons: [], scheduler: { due: 0, lagMs: 0, heldByPause: 1 } });
    expect(await health({ now: NOW, workspaceId: workspace.id })).toMatchObject({ status: "degraded", scheduler: { overdue: 2 } });

    // Never a call at all, and tasks overdue: say so.
    await db().schedulerHeartbeat.deleteMany();
    expect((await health({ now: NOW })).reasons).toEqual([
      "2 tasks are overdue by more than 10 min (the oldest by 25 min)",
      "No process call has been recorded yet: is the cron calling /api/agent/process?",
    ]);
  });

  it("is ok again after a successful cron call; publish-now calls are no heartbeat", async () => {
    const { workspace } = await workspaceWithKey("Revived Bakery");
    const account = await simulatedAccount(workspace.id);
    await cronCallAt(min(-40));
    await task(workspace.id, account.id, min(-30), "revive-1");
    await task(workspace.id, account.id, min(-20), "revive-2");
    expect((await healthAt(NOW)).full.body).toMatchObject({
      status: "degraded",
      reasons: ["No process call has succeeded for 40 min (cron interval 5 min)", "2 tasks are overdue by more than 10 min (the oldest by 30 min)"],
    });

    // A post published at once by its own request (another workspace's, so the overdue tasks stay
    // for the cron) does not count as the cron coming back.
    const other = await workspaceWithKey("Eager Bakery");
    const otherAccount = await simulatedAccount(other.workspace.id);
    setClock(NOW);
    const scheduled = await answer(await schedule.POST(req("POST", "/api/agent/schedule", { key: other.key, body: { accountIds: [otherAccount.id], content: "Right now" } })));
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
    expect(await runAfterResponseWork()).toBe(1);
    resetClock();
    expect(await db().agentTask.count({ where: { workspaceId: other.workspace.id, status: "completed" } })).toBe(1);
    expect(await db().schedulerHeartbeat.findUniqueOrThrow({ where: { id: "cron" } })).toMatchObject({ lastSuccessAt: min(-40) });
    expect((await healthAt(NOW)).full.body).toMatchObject({ status: "degraded" });

    const summary = await cronCallAt(NOW);
    // The two overdue posts, and the inbox sweep of the account that published "Right now".
    expect(summary).toMatchObject({ completed: 3, stillDue: 0 });
    const after = await healthAt(NOW);
    expect(after.full.body).toMatchObject({ status: "ok", reasons: [], scheduler: { overdue: 0, lastSuccessAt: NOW.toISOString() } });
    expect(after.open.body).toEqual({ ok: true, status: "ok", version: expect.any(String) });
  });
});

describe("HEALTH_OVERDUE_MS", () => {
  const saved = { overdue: process.env.HEALTH_OVERDUE_MS, interval: process.env.SCHEDULER_CRON_INTERVAL_S };
  afterEach(() => {
    for (const [k, v] of [["HEALTH_OVERDUE_MS", saved.overdue], ["SCHEDULER_CRON_INTERVAL_S", saved.interval]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvCache();
  });
  const withEnv = (vars: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(vars)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvCache();
  };

  it("sets the overdue threshold; unset, it is 10 min or two cron intervals, whichever is longer", async () => {
    withEnv({ HEALTH_OVERDUE_MS: "120000", SCHEDULER_CRON_INTERVAL_S: "60" });
    expect(healthThresholds()).toEqual({ cronIntervalMs: 60_000, staleAfterMs: 120_000, overdueAfterMs: 120_000 });
    const { workspace } = await workspaceWithKey("Strict Bakery");
    const account = await simulatedAccount(workspace.id);
    await task(workspace.id, account.id, min(-3), "strict");
    await recordCall(db(), { at: min(-1), ok: true });
    expect((await health({ now: NOW })).reasons).toEqual(["1 task is overdue by more than 2 min"]);

    withEnv({ HEALTH_OVERDUE_MS: " ", SCHEDULER_CRON_INTERVAL_S: "900" });
    expect(healthThresholds()).toEqual({ cronIntervalMs: 900_000, staleAfterMs: 1_800_000, overdueAfterMs: 1_800_000 });
  });

  it("refuses a threshold that is not a number, or shorter than the cron interval", () => {
    withEnv({ HEALTH_OVERDUE_MS: "ten minutes" });
    expect(() => env()).toThrow(EnvError);
    expect(() => env()).toThrow(/HEALTH_OVERDUE_MS: must be a number of milliseconds/);
    withEnv({ HEALTH_OVERDUE_MS: "120000", SCHEDULER_CRON_INTERVAL_S: "300" });
    expect(() => env()).toThrow(/HEALTH_OVERDUE_MS: must be at least the cron interval \(SCHEDULER_CRON_INTERVAL_S, 300000 ms\)/);
  });
});
