// Engagement collected back: queued at +1 h, +1 day and +1 week after a post goes out (and on
// demand), stored as snapshots, never touching the post's own status.
import { describe, expect, it } from "vitest";
import * as engagement from "../../app/api/engagement/route";
import { db } from "../../lib/db";
import { COLLECT_AFTER_HOURS } from "../../lib/engagement";
import { scheduleTask } from "../../lib/posting/schedule";
import { ScheduleTaskInput } from "../../lib/validation/tasks";
import { req, runProcessor, simulatedAccount, workspaceWithKey } from "../support/factories";

const T = new Date("2026-11-22T09:00:00Z");
const hours = (h: number) => new Date(T.getTime() + h * 3_600_000);

describe("engagement", () => {
  it("collects a published post's likes, reposts and replies after 1 h, 1 day and 1 week, growing over time", async () => {
    const { workspace, key } = await workspaceWithKey();
    const a = await simulatedAccount(workspace.id, "bluesky");
    const { postId } = await scheduleTask(db(), workspace.id, ScheduleTaskInput.parse({ accountId: a.id, content: "Count me", scheduledAt: T.toISOString() }), T);
    await runProcessor({ at: T, workspaceId: workspace.id });

    const queued = await db().agentTask.findMany({ where: { workspaceId: workspace.id, type: "collect_engagement" }, orderBy: { scheduledAt: "asc" } });
    expect(queued.map((t) => t.scheduledAt)).toEqual(COLLECT_AFTER_HOURS.map(hours));

    for (const h of COLLECT_AFTER_HOURS) await runProcessor({ at: hours(h), workspaceId: workspace.id });
    const res = await engagement.GET(req("GET", `/api/engagement?postId=${postId}`, { key }));
    const body = await res.json();
    expect(body.targets).toHaveLength(1);
    const [t] = body.targets;
    // Each target names its account, so two accounts on one network can be told apart.
    expect(t).toMatchObject({ platform: "bluesky", accountId: a.id, handle: a.handle });
    expect(t.history).toHaveLength(3);
    expect(t.latest).toMatchObject({ simulated: true });
    // The simulated platform's numbers grow with the post's age.
    expect(t.history[2].likes).toBeGreaterThan(t.history[0].likes);
    // Reads never change what the post says about itself.
    expect((await db().post.findUniqueOrThrow({ where: { id: postId! } })).status).toBe("published");
  });

  it("names each target's account when a post goes to two accounts on one network", async () => {
    const { workspace, key } = await workspaceWithKey();
    const one = await simulatedAccount(workspace.id, "mastodon", { handle: "one@bakers.social" });
    const two = await simulatedAccount(workspace.id, "mastodon", { handle: "two@bakers.social" });
    const { postId } = await scheduleTask(db(), workspace.id, ScheduleTaskInput.parse({ accountIds: [one.id, two.id], content: "Twice", scheduledAt: T.toISOString() }), T);
    await runProcessor({ at: T, workspaceId: workspace.id });
    await runProcessor({ at: hours(1), workspaceId: workspace.id });
    const body = await (await engagement.GET(req("GET", `/api/engagement?postId=${postId}`, { key }))).json();
    const byHandle = Object.fromEntries((body.targets as { handle: string; accountId: string; history: unknown[] }[]).map((t) => [t.handle, t]));
    expect(Object.keys(byHandle).sort()).toEqual(["one@bakers.social", "two@bakers.social"]);
    expect(byHandle["one@bakers.social"]).toMatchObject({ accountId: one.id, history: [expect.objectContaining({ simulated: true })] });
    expect(byHandle["two@bakers.social"]).toMatchObject({ accountId: two.id, history: [expect.objectContaining({ simulated: true })] });
  });

  it("collects on demand, once a minute at most, and only for published posts of the caller's workspace", async () => {
    const { workspace, key } = await workspaceWithKey();
    const other = await workspaceWithKey("Other");
    const a = await simulatedAccount(workspace.id, "mastodon");
    const { postId } = await scheduleTask(db(), workspace.id, ScheduleTaskInput.parse({ accountId: a.id, content: "Now" }));
    const early = await engagement.POST(req("POST", "/api/engagement", { key, body: { postId } }));
    expect(early.status).toBe(409);
    await runProcessor({ workspaceId: workspace.id });

    const now = await engagement.POST(req("POST", "/api/engagement", { key, body: { postId } }));
    expect([now.status, (await now.json()).queued]).toEqual([202, 1]);
    const again = await engagement.POST(req("POST", "/api/engagement", { key, body: { postId } }));
    expect((await again.json()).queued).toBe(0);
    expect((await engagement.POST(req("POST", "/api/engagement", { key: other.key, body: { postId } }))).status).toBe(404);
    expect((await engagement.GET(req("GET", `/api/engagement?postId=${postId}`, { key: other.key }))).status).toBe(404);
    expect((await engagement.POST(req("POST", "/api/engagement", { key, body: {} }))).status).toBe(400);

    await runProcessor({ workspaceId: workspace.id });
    const snaps = await db().engagementSnapshot.count({ where: { workspaceId: workspace.id } });
    expect(snaps).toBe(1);
  });
});
