// A workspace's own scheduler and live-update settings (docs/decisions.md, "Workspace settings"):
// PUT /api/settings/* within bounds, read back by GET /api/settings and /api/client-config, and used
// by the scheduler (retries of new posts, the first retry's delay) and the engagement sweep —
// for that workspace only.
import { describe, expect, it } from "vitest";
import * as clientConfig from "../../app/api/client-config/route";
import * as settingsRoute from "../../app/api/settings/route";
import * as sectionRoute from "../../app/api/settings/[section]/route";
import * as workspaces from "../../app/api/workspaces/route";
import * as active from "../../app/api/workspaces/active/route";
import { db } from "../../lib/db";
import { sweepEngagement } from "../../lib/engagement-sweep";
import { env } from "../../lib/env";
import { scheduleTask } from "../../lib/posting/schedule";
import { recordHeartbeat } from "../../lib/presence";
import { ScheduleTaskInput } from "../../lib/validation/tasks";
import { browserReq, signUp } from "../support/auth";
import { callRoute, params, req, runProcessor, simulatedAccount, workspaceWithKey } from "../support/factories";

const MIN = 60_000;
const HOUR = 60 * MIN;
const put = (key: string, section: string, body: unknown) => callRoute(sectionRoute.PUT, req("PUT", `/api/settings/${section}`, { key, body }), { section });
const get = async (key: string) => (await callRoute(settingsRoute.GET, req("GET", "/api/settings", { key }))).body.settings;

describe("workspace settings", () => {
  it("start at the deployment's defaults, change within bounds, go back with null, and stay per workspace", async () => {
    const { key } = await workspaceWithKey("Settings Bakery");
    const other = await workspaceWithKey("Other Bakery");
    const e = env();
    const fresh = await get(key);
    expect(fresh.values).toEqual({
      scheduler: { maxRetries: 3, retryBaseMinutes: 5 },
      engagement: { activeMs: e.ENGAGEMENT_ACTIVE_MIN_MS, idleMs: e.ENGAGEMENT_IDLE_MIN_MS },
      live: { eventsPollMs: e.EVENTS_POLL_MS, pollActiveMs: e.CLIENT_POLL_ACTIVE_MS, pollIdleMs: e.CLIENT_POLL_IDLE_MS, idleThresholdMs: e.CLIENT_IDLE_THRESHOLD_MS },
    });
    expect(fresh.own.scheduler).toEqual({ maxRetries: null, retryBaseMinutes: null });

    const r = await put(key, "scheduler", { maxRetries: 1, retryBaseMinutes: 2 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.settings.values.scheduler).toEqual({ maxRetries: 1, retryBaseMinutes: 2 });
    // An absent key stays; null goes back to the default.
    expect((await put(key, "scheduler", { retryBaseMinutes: null })).body.settings.values.scheduler).toEqual({ maxRetries: 1, retryBaseMinutes: 5 });
    expect((await get(other.key)).values.scheduler).toEqual({ maxRetries: 3, retryBaseMinutes: 5 });

    const live = await put(key, "live", { pollActiveMs: 5000, idleThresholdMs: 2 * MIN });
    expect(live.status).toBe(200);
    const cfg = await callRoute(clientConfig.GET, req("GET", "/api/client-config", { key }));
    expect(cfg.body.config).toMatchObject({ polling: { activeMs: 5000, idleMs: e.CLIENT_POLL_IDLE_MS, idleThresholdMs: 2 * MIN }, heartbeatMs: 40_000 });
    const otherCfg = await callRoute(clientConfig.GET, req("GET", "/api/client-config", { key: other.key }));
    expect(otherCfg.body.config.polling.activeMs).toBe(e.CLIENT_POLL_ACTIVE_MS);
  });

  it("refuses values outside the safe bounds, unknown keys and sections, and contradictions — writing nothing", async () => {
    const { key, workspace } = await workspaceWithKey("Bounds Bakery");
    const bad: [string, unknown, string][] = [
      ["scheduler", { maxRetries: 9 }, "maxRetries"],
      ["scheduler", { retryBaseMinutes: 0 }, "retryBaseMinutes"],
      ["scheduler", { maxRetries: "two" }, "maxRetries"],
      ["engagement", { activeMs: 1000 }, "activeMs"],
      ["live", { eventsPollMs: 10 }, "eventsPollMs"],
      ["live", { pollEveryMs: 5000 }, ""],
      // Merged with the default idle interval (6 h): a 2-day active interval would mean slower when watched.
      ["engagement", { activeMs: 24 * HOUR, idleMs: HOUR }, "activeMs"],
      ["live", { pollActiveMs: 20 * MIN, pollIdleMs: 10 * MIN }, "pollActiveMs"],
    ];
    for (const [section, body, path] of bad) {
      const r = await put(key, section, body);
      expect(r.status, `${section} ${JSON.stringify(body)}: ${JSON.stringify(r.body)}`).toBe(400);
      if (path) expect(r.body.error.fields.map((f: { path: string }) => f.path)).toContain(path);
    }
    expect((await put(key, "retries", { maxRetries: 1 })).status).toBe(404);
    // A refused contradiction rolls back the row its transaction began with.
    expect(await db().workspaceSettings.findUnique({ where: { workspaceId: workspace.id } })).toBeNull();
  });

  it("lets viewers read and only admins change", async () => {
    const owner = await signUp(`owner-${Math.random().toString(36).slice(2, 8)}@example.com`);
    const created = await workspaces.POST(browserReq("POST", "/api/workspaces", { jar: owner.jar, body: { name: "Team Bakery", timeZone: "UTC" } }));
    owner.jar.take(created);
    const workspaceId = ((await created.json()) as { workspace: { id: string } }).workspace.id;
    const editor = await signUp(`editor-${Math.random().toString(36).slice(2, 8)}@example.com`);
    await db().membership.create({ data: { workspaceId, userId: editor.user.id, role: "editor" } });
    editor.jar.take(await active.POST(browserReq("POST", "/api/workspaces/active", { jar: editor.jar, body: { workspaceId } })));

    expect((await settingsRoute.GET(browserReq("GET", "/api/settings", { jar: editor.jar }))).status).toBe(200);
    const refused = await sectionRoute.PUT(browserReq("PUT", "/api/settings/live", { jar: editor.jar, body: { pollActiveMs: 5000 } }), params({ section: "live" }));
    expect(refused.status).toBe(403);
    const done = await sectionRoute.PUT(browserReq("PUT", "/api/settings/live", { jar: owner.jar, body: { pollActiveMs: 5000 } }), params({ section: "live" }));
    expect(done.status).toBe(200);
    expect(await db().workspaceSettings.findUniqueOrThrow({ where: { workspaceId } })).toMatchObject({ clientPollActiveMs: 5000, updatedBy: owner.user.id });
  });

  it("gives new posts the workspace's retries and waits its own first delay after a failure", async () => {
    const { key, workspace } = await workspaceWithKey("Retry Bakery");
    expect((await put(key, "scheduler", { maxRetries: 1, retryBaseMinutes: 2 })).status).toBe(200);
    const account = await simulatedAccount(workspace.id, "bluesky");
    const t0 = new Date(Date.UTC(2032, 2, 1, 9));
    const input = ScheduleTaskInput.parse({
      accountId: account.id,
      content: "Rye bread is back",
      scheduledAt: t0.toISOString(),
      config: { simulate: { failRate: 1, failureClass: "transient" } },
    });
    const { tasks } = await scheduleTask(db(), workspace.id, input, t0);
    expect(tasks[0].maxRetries).toBe(1);
    // A request that names its own retries keeps them.
    const own = await scheduleTask(db(), workspace.id, ScheduleTaskInput.parse({ accountId: account.id, content: "Own retries", scheduledAt: t0.toISOString(), config: { maxRetries: 4 } }), t0);
    expect(own.tasks[0].maxRetries).toBe(4);

    await runProcessor({ at: t0, workspaceId: workspace.id });
    const retried = await db().agentTask.findUniqueOrThrow({ where: { id: tasks[0].id } });
    expect(retried).toMatchObject({ status: "pending", retryCount: 1, scheduledAt: new Date(t0.getTime() + 2 * MIN) });

    await runProcessor({ at: new Date(t0.getTime() + 2 * MIN), workspaceId: workspace.id });
    expect(await db().agentTask.findUniqueOrThrow({ where: { id: tasks[0].id } })).toMatchObject({ status: "failed", retryCount: 2 });
  });

  it("refreshes engagement on the workspace's own idle interval, not the deployment's", async () => {
    const fast = await workspaceWithKey("Fast Numbers");
    const slow = await workspaceWithKey("Default Numbers");
    expect((await put(fast.key, "engagement", { idleMs: 30 * MIN })).status).toBe(200);
    const t0 = new Date(Date.UTC(2033, 5, 1, 8));
    const targets = [];
    for (const w of [fast, slow]) {
      const account = await simulatedAccount(w.workspace.id, "bluesky");
      const { postId } = await scheduleTask(db(), w.workspace.id, ScheduleTaskInput.parse({ accountId: account.id, content: "Fresh buns", scheduledAt: t0.toISOString() }), t0);
      await runProcessor({ at: t0, workspaceId: w.workspace.id });
      // The fixed collection an hour after publishing.
      await runProcessor({ at: new Date(t0.getTime() + HOUR), workspaceId: w.workspace.id });
      targets.push(await db().postTarget.findFirstOrThrow({ where: { postId: postId! } }));
    }
    // Nobody has either open (a heartbeat long ago), 40 minutes after that collection.
    for (const w of [fast, slow]) await recordHeartbeat(db(), w.workspace.id, `user-${w.workspace.id}`, t0);
    const t1 = new Date(t0.getTime() + HOUR + 40 * MIN);
    const e = env();
    const defaults = { activeMinMs: e.ENGAGEMENT_ACTIVE_MIN_MS, idleMinMs: e.ENGAGEMENT_IDLE_MIN_MS, idleThresholdMs: e.CLIENT_IDLE_THRESHOLD_MS };
    for (const w of [fast, slow]) await sweepEngagement(db(), { ...defaults, now: t1, workspaceId: w.workspace.id });
    const swept = (postTargetId: string) => db().agentTask.count({ where: { postTargetId, idempotencyKey: { contains: ":sweep:" } } });
    expect([await swept(targets[0].id), await swept(targets[1].id)]).toEqual([1, 0]);
  });
});
