// Generation inside the scheduler: posts scheduled with `content: null` and a brief get their text
// written when the task runs (then published), and autopilot plans a week of posts into the
// workspace's posting slots as a `generate` task — held for approval, or scheduled directly.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as autopilot from "../../app/api/agent/autopilot/route";
import * as schedule from "../../app/api/agent/schedule/route";
import * as usage from "../../app/api/agent/usage/route";
import * as approve from "../../app/api/posts/[id]/approve/route";
import * as text from "../../app/api/posts/[id]/text/route";
import { runAutopilot } from "../../lib/ai/autopilot";
import { db } from "../../lib/db";
import type { ClaimedTask } from "../../lib/scheduler/types";
import { params, pinClock, req, runProcessor, simulatedAccount, workspaceWithKey } from "../support/factories";
import { apiError, json, startOpenAiFixture } from "../support/openai-fixture";

// Friday 20 November 2026, 10:00 in Berlin; "next week" is Monday 23 – Sunday 29 November.
const NOW = new Date("2026-11-20T09:00:00Z");
const SLOTS = [
  { weekday: 1, time: "09:00" },
  { weekday: 2, time: "12:30" },
  { weekday: 3, time: "09:00" },
  { weekday: 4, time: "18:00" },
  { weekday: 5, time: "09:00" },
  { weekday: 6, time: "03:00" },
];

async function setup(opts: { autoSchedule?: boolean } = {}) {
  const { workspace, key } = await workspaceWithKey("Autopilot Bakery", "Europe/Berlin");
  await db().workspace.update({
    where: { id: workspace.id },
    data: { postingSlots: SLOTS, autopilotAutoSchedule: opts.autoSchedule ?? false, brandVoice: { tone: "warm", emoji: "none", maxHashtags: 2, avoidWords: ["cheap"] } },
  });
  const bsky = await simulatedAccount(workspace.id, "bluesky");
  const x = await simulatedAccount(workspace.id, "twitter");
  return { ws: workspace.id, key, bsky, x };
}

// Routes and the processor share the one clock.
pinClock(NOW);

const body = async (res: Response) => ({ status: res.status, body: await res.json() });

async function claimedGenerateTask(ws: string): Promise<ClaimedTask> {
  const t = await db().agentTask.findFirstOrThrow({ where: { workspaceId: ws, type: "generate" } });
  return { ...t, config: t.config as Record<string, unknown>, lockedBy: "test", processingStartedAt: NOW, retryBaseMs: 5 * 60_000 };
}

describe("content: null with a brief", () => {
  it("is refused without a brief, or with both a brief and content", async () => {
    const { key, bsky } = await setup();
    const none = await body(await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { accountId: bsky.id, content: null } })));
    expect(none.status).toBe(400);
    expect(JSON.stringify(none.body.error.fields)).toContain("content: null with config.brief");
    const both = await body(await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { accountId: bsky.id, content: "Hi", config: { brief: "bread" } } })));
    expect(both.status).toBe(400);
    expect(JSON.stringify(both.body.error.fields)).toContain("either content or a brief");
  });

  it("writes each platform's text when the task runs, stores it before publishing, then publishes (simulation labelled)", async () => {
    const { ws, key, bsky, x } = await setup();
    const r = await body(
      await schedule.POST(
        req("POST", "/api/agent/schedule", {
          key,
          body: { accountIds: [bsky.id, x.id], content: null, scheduledAt: new Date(NOW.getTime() - 1000).toISOString(), config: { brief: "Pumpkin spice sourdough is back this weekend at the Market Street shop" } },
        }),
      ),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const before = await db().post.findUniqueOrThrow({ where: { id: r.body.postId } });
    expect(before.text).toBe("");
    expect(before.ai).toMatchObject({ brief: expect.stringContaining("Pumpkin"), written: false });

    const run = await runProcessor({ at: NOW });
    expect(run.completed).toBe(2);
    const tasks = await db().agentTask.findMany({ where: { workspaceId: ws, type: "social_post" }, include: { postTarget: true } });
    for (const t of tasks) {
      expect(t.status).toBe("completed");
      expect(t.content).toMatch(/Pumpkin spice sourdough/);
      expect(t.postTarget!.textOverride).toBe(t.content);
      expect(t.postTarget!.status).toBe("published");
    }
    const sims = await db().simulatedPost.findMany({ where: { workspaceId: ws } });
    expect(sims.map((s) => s.text).sort()).toEqual(tasks.map((t) => t.content).sort());
    const after = await db().post.findUniqueOrThrow({ where: { id: r.body.postId } });
    expect(after.text).not.toBe("");
    expect(after.ai).toMatchObject({ written: true, simulated: true, notice: expect.stringMatching(/simulation/i) });
    const used = await db().aiUsage.findMany({ where: { workspaceId: ws } });
    expect(used).toHaveLength(2);
    expect(new Set(used.map((u) => u.taskId))).toEqual(new Set(tasks.map((t) => t.id)));
  });

  describe("with a model", () => {
    let ai: Awaited<ReturnType<typeof startOpenAiFixture>>;
    beforeAll(async () => {
      ai = await startOpenAiFixture();
    });
    afterAll(async () => {
      await ai.close();
    });

    async function oneTask(brief: string) {
      const { ws, key, bsky } = await setup();
      const r = await body(await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { accountId: bsky.id, content: null, scheduledAt: new Date(NOW.getTime() - 60_000).toISOString(), config: { brief } } })));
      expect(r.status).toBe(201);
      return { ws, taskId: r.body.task.id as string };
    }

    it("retries an AI outage after 5 minutes, publishing nothing meanwhile", async () => {
      const { ws, taskId } = await oneTask("Winter opening hours");
      ai.script(apiError(503, "overloaded"));
      await runProcessor({ at: NOW });
      const t = await db().agentTask.findUniqueOrThrow({ where: { id: taskId } });
      expect(t).toMatchObject({ status: "pending", retryCount: 1, lastErrorCode: "ai_unavailable", lastFailureClass: "transient", content: null });
      expect(t.scheduledAt.getTime()).toBe(NOW.getTime() + 5 * 60_000);
      expect(await db().simulatedPost.count({ where: { workspaceId: ws } })).toBe(0);
      // The retry writes and publishes.
      ai.script(json({ posts: [{ platform: "bluesky", text: "Our winter hours start Monday: 8 to 6." }] }));
      await runProcessor({ at: new Date(NOW.getTime() + 6 * 60_000) });
      expect(await db().agentTask.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({ status: "completed", content: "Our winter hours start Monday: 8 to 6." });
    });

    it("fails the task with the reason when the model keeps breaking the platform's limit", async () => {
      const { ws, taskId } = await oneTask("Winter opening hours");
      const long = json({ posts: [{ platform: "bluesky", text: "hours ".repeat(80) }] });
      ai.script(long, long, long);
      await runProcessor({ at: NOW });
      const t = await db().agentTask.findUniqueOrThrow({ where: { id: taskId } });
      expect(t).toMatchObject({ status: "failed", lastErrorCode: "ai_invalid_output", content: null });
      expect(t.lastError).toMatch(/Bluesky allows 300 characters/);
      expect(await db().simulatedPost.count({ where: { workspaceId: ws } })).toBe(0);
    });

    it("holds an unsupported claim for a person's review instead of publishing it", async () => {
      const { ws, taskId } = await oneTask("Our bread");
      ai.script(json({ posts: [{ platform: "bluesky", text: "Our bread is guaranteed to cure your cold." }] }));
      await runProcessor({ at: NOW });
      const t = await db().agentTask.findUniqueOrThrow({ where: { id: taskId }, include: { postTarget: { include: { post: true } } } });
      expect(t).toMatchObject({ status: "needs_review", lastErrorCode: "ai_needs_review", content: "Our bread is guaranteed to cure your cold." });
      expect(t.lastError).toMatch(/needs a person's look/);
      expect((t.postTarget!.post.compliance as { rule: string }[]).some((f) => f.rule === "unsupported_claim")).toBe(true);
      expect(await db().simulatedPost.count({ where: { workspaceId: ws } })).toBe(0);
    });
  });
});

describe("autopilot", () => {
  it("plans next week into the best free posting slots as drafts awaiting approval, through a generate task", async () => {
    const { ws, key, bsky, x } = await setup();
    const started = await body(await autopilot.POST(req("POST", "/api/agent/autopilot", { key, body: { campaign: "Winter breads", brief: "Our winter breads: stollen, rye with caraway and the new chestnut loaf", posts: 3, weekStart: "2026-11-25" } })));
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body.task).toMatchObject({ type: "generate", status: "pending" });
    expect(started.body.weekStart).toBe("2026-11-23");

    const run = await runProcessor({ at: NOW });
    expect(run.completed).toBe(1);
    const task = await db().agentTask.findUniqueOrThrow({ where: { id: started.body.task.id } });
    expect(task.status).toBe("completed");
    expect(task.result).toMatchObject({ held: 3, scheduled: 0, simulated: true });

    const posts = await db().post.findMany({ where: { workspaceId: ws }, include: { targets: true }, orderBy: { scheduledAt: "asc" } });
    expect(posts).toHaveLength(3);
    const slotsUsed = new Set(["2026-11-23T08:00:00.000Z", "2026-11-24T11:30:00.000Z", "2026-11-25T08:00:00.000Z", "2026-11-26T17:00:00.000Z", "2026-11-27T08:00:00.000Z", "2026-11-28T02:00:00.000Z"]);
    for (const p of posts) {
      expect(slotsUsed.has(p.scheduledAt!.toISOString())).toBe(true);
      expect(p).toMatchObject({ approvalState: "pending", campaignId: started.body.campaign.id, status: "scheduled" });
      expect(p.ai).toMatchObject({ operation: "autopilot", simulated: true });
      expect(p.targets.map((t) => t.accountId).sort()).toEqual([bsky.id, x.id].sort());
    }
    // The 03:00 Saturday slot is the worst time of the week: never chosen for three posts.
    expect(posts.some((p) => p.scheduledAt!.toISOString() === "2026-11-28T02:00:00.000Z")).toBe(false);
    // Held: nothing to publish yet.
    expect(await db().agentTask.count({ where: { workspaceId: ws, type: "social_post" } })).toBe(0);

    const listed = await body(await autopilot.GET(req("GET", "/api/agent/autopilot", { key })));
    expect(listed.body.campaigns[0]).toMatchObject({ name: "Winter breads" });
    expect(listed.body.campaigns[0].posts).toHaveLength(3);
    expect(listed.body.runs[0]).toMatchObject({ status: "completed", campaignId: started.body.campaign.id });

    // Edit one draft, approve it: its tasks now exist with the edited text.
    const edited = await body(await text.PUT(req("PUT", `/api/posts/${posts[0].id}/text`, { key, body: { text: "Stollen season starts Monday." } }), params({ id: posts[0].id })));
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const blocked = await body(await text.PUT(req("PUT", `/api/posts/${posts[0].id}/text`, { key, body: { text: "Cheap stollen!" } }), params({ id: posts[0].id })));
    expect(blocked.status).toBe(422);
    expect(blocked.body.error.details.findings[0].rule).toBe("avoid_word");
    expect((await db().post.findUniqueOrThrow({ where: { id: posts[0].id } })).text).toBe("Stollen season starts Monday.");
    const ok = await body(await approve.POST(req("POST", `/api/posts/${posts[0].id}/approve`, { key }), params({ id: posts[0].id })));
    expect(ok.status).toBe(200);
    const tasks = await db().agentTask.findMany({ where: { workspaceId: ws, type: "social_post" } });
    expect(tasks).toHaveLength(2);
    expect(tasks.find((t) => t.accountId === bsky.id)!.content).toBe("Stollen season starts Monday.");

    const u = await body(await usage.GET(req("GET", "/api/agent/usage", { key })));
    expect(u.body).toMatchObject({ simulated: true, usage: { calls: 1, costUsd: 0 } });
  });

  it("schedules directly when the workspace allows it, and a re-run of the same task files nothing twice", async () => {
    const { ws, key } = await setup({ autoSchedule: true });
    const started = await body(await autopilot.POST(req("POST", "/api/agent/autopilot", { key, body: { campaign: "Advent", brief: "Advent calendar cookies, one a day", posts: 2, weekStart: "2026-11-23" } })));
    expect(started.status).toBe(202);
    await runProcessor({ at: NOW });
    const posts = await db().post.findMany({ where: { workspaceId: ws } });
    expect(posts).toHaveLength(2);
    expect(posts.every((p) => p.approvalState === "not_required")).toBe(true);
    expect(await db().agentTask.count({ where: { workspaceId: ws, type: "social_post" } })).toBe(4);
    // A lease lost after filing: the task runs again and finds its posts.
    const again = await runAutopilot(await claimedGenerateTask(ws), db(), NOW);
    expect(again).toMatchObject({ kind: "completed", result: { kept: 2, held: 0, scheduled: 0 } });
    expect(await db().post.count({ where: { workspaceId: ws } })).toBe(2);
    expect(await db().agentTask.count({ where: { workspaceId: ws, type: "social_post" } })).toBe(4);
  });

  it("with every active account ticked (the default), Instagram included, plans for the text platforms and says why the others were skipped", async () => {
    const { ws, key, bsky, x } = await setup();
    const insta = await simulatedAccount(ws, "instagram");
    const tiktok = await simulatedAccount(ws, "tiktok");
    const yt = await simulatedAccount(ws, "youtube");
    // No accountIds: the form's default, every active account.
    const started = await body(await autopilot.POST(req("POST", "/api/agent/autopilot", { key, body: { campaign: "Winter", brief: "Our winter breads and the new chestnut loaf", posts: 2, weekStart: "2026-11-23" } })));
    expect(started.status, JSON.stringify(started.body)).toBe(202);

    const run = await runProcessor({ at: NOW });
    expect(run.completed).toBe(1);
    const task = await db().agentTask.findUniqueOrThrow({ where: { id: started.body.task.id } });
    expect(task).toMatchObject({ status: "completed", retryCount: 0, lastError: null });
    const result = task.result as { held: number; skipped: { platform: string; accountIds: string[]; reason: string }[] };
    expect(result.held).toBe(2);
    expect(result.skipped.map((s) => [s.platform, s.accountIds])).toEqual([
      ["instagram", [insta.id]],
      ["tiktok", [tiktok.id]],
      ["youtube", [yt.id]],
    ]);
    expect(result.skipped[0].reason).toBe(
      "Instagram skipped: it needs an image or a video, and autopilot writes text only. Add one to a draft and schedule it for Instagram yourself.",
    );
    expect(result.skipped[2].reason).toMatch(/^YouTube skipped: it needs a video/);

    const posts = await db().post.findMany({ where: { workspaceId: ws }, include: { targets: true } });
    expect(posts).toHaveLength(2);
    for (const p of posts) expect(p.targets.map((t) => t.accountId).sort()).toEqual([bsky.id, x.id].sort());
    // The autopilot page gets the reasons with the run.
    const listed = await body(await autopilot.GET(req("GET", "/api/agent/autopilot", { key })));
    expect(listed.body.runs[0].result.skipped).toHaveLength(3);
  });

  it("fails with the reason, without retrying, when every ticked account needs media", async () => {
    const { workspace, key } = await workspaceWithKey("Photo shop", "Europe/Berlin");
    const insta = await simulatedAccount(workspace.id, "instagram");
    const started = await body(await autopilot.POST(req("POST", "/api/agent/autopilot", { key, body: { campaign: "Prints", brief: "New prints in the shop", accountIds: [insta.id], weekStart: "2026-11-23" } })));
    expect(started.status).toBe(202);
    await runProcessor({ at: NOW });
    const task = await db().agentTask.findUniqueOrThrow({ where: { id: started.body.task.id } });
    // A permanent failure: no retry would change the accounts.
    expect(task).toMatchObject({ status: "failed", lastErrorCode: "no_text_platforms", lastFailureClass: "permanent" });
    expect(task.lastError).toMatch(/^Nothing to plan: Instagram skipped: it needs an image or a video/);
    expect(await db().post.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("explains what is wrong: no accounts, a past week, no free slot", async () => {
    const { workspace, key } = await workspaceWithKey("Empty", "UTC");
    const none = await body(await autopilot.POST(req("POST", "/api/agent/autopilot", { key, body: { campaign: "X", brief: "Something to say" } })));
    expect(none.status).toBe(409);
    expect(none.body.error.message).toMatch(/Connect at least one active account/);
    await simulatedAccount(workspace.id, "bluesky");
    const past = await body(await autopilot.POST(req("POST", "/api/agent/autopilot", { key, body: { campaign: "X", brief: "Something to say", weekStart: "2020-01-06" } })));
    expect(past.status).toBe(400);
    const bad = await body(await autopilot.POST(req("POST", "/api/agent/autopilot", { key, body: { campaign: "", brief: "x" } })));
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(["brief", "campaign"]);
  });
});
