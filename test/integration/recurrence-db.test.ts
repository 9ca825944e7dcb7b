// Recurring posts in the database: the next occurrence appears when the current one is claimed,
// exactly once, at the same local wall time.
import { describe, expect, it } from "vitest";
import { createPrisma, db } from "../../lib/db";
import { taskHandlers } from "../../lib/agent-scheduler";
import { processPendingTasks } from "../../lib/scheduler/process";
import { scheduleTask } from "../../lib/posting/schedule";
import { ScheduleTaskInput } from "../../lib/validation/tasks";
import { runProcessor, simulatedAccount, workspaceWithKey } from "../support/factories";

describe("recurring posts", () => {
  it("creates each next occurrence once, at 09:00 Berlin across the DST change, and stops after the count", async () => {
    const { workspace } = await workspaceWithKey("Daily Bakery", "Europe/Berlin");
    const a = await simulatedAccount(workspace.id, "bluesky");
    const b = await simulatedAccount(workspace.id, "mastodon");
    const first = new Date("2026-03-28T08:00:00Z"); // Saturday 09:00 CET
    await scheduleTask(
      db(),
      workspace.id,
      ScheduleTaskInput.parse({
        accountIds: [a.id, b.id],
        content: "Good morning! Fresh rolls are out.",
        scheduledAt: "2026-03-28T09:00",
        recurrence: { freq: "daily", count: 3 },
      }),
      new Date("2026-03-27T12:00:00Z"),
    );

    // Two overlapping invocations claim the two sibling tasks of occurrence 0.
    const clients = [createPrisma(process.env.DATABASE_URL!, 2), createPrisma(process.env.DATABASE_URL!, 2)];
    const base = { handlers: taskHandlers, budgetMs: 30_000, leaseMs: 330_000, batchSize: 1, concurrency: 1, perAccountConcurrency: 1, publishTimeoutMs: 5_000 };
    try {
      await Promise.all(clients.map((prisma) => processPendingTasks({ ...base, prisma, now: () => new Date(first.getTime() + 1000) })));
    } finally {
      await Promise.all(clients.map((c) => c.$disconnect()));
    }
    await runProcessor({ at: new Date("2026-03-29T07:00:30Z"), workspaceId: workspace.id });
    await runProcessor({ at: new Date("2026-03-30T07:00:30Z"), workspaceId: workspace.id });
    await runProcessor({ at: new Date("2026-03-31T07:00:30Z"), workspaceId: workspace.id });

    const posts = await db().post.findMany({ where: { workspaceId: workspace.id }, orderBy: { occurrence: "asc" }, include: { targets: true } });
    expect(posts.map((p) => [p.occurrence, p.scheduledAt?.toISOString(), p.status])).toEqual([
      [0, "2026-03-28T08:00:00.000Z", "published"],
      [1, "2026-03-29T07:00:00.000Z", "published"], // still 09:00 local, now CEST
      [2, "2026-03-30T07:00:00.000Z", "published"],
    ]);
    expect(posts.every((p) => p.targets.length === 2)).toBe(true);
    expect(await db().agentTask.count({ where: { workspaceId: workspace.id, type: "social_post" } })).toBe(6);
    // Each published target gets its engagement collected after 1 h, 1 day and 1 week.
    expect(await db().agentTask.count({ where: { workspaceId: workspace.id, type: "collect_engagement" } })).toBe(18);
    const deliveries = await db().simulatedPost.findMany({ where: { workspaceId: workspace.id } });
    expect(deliveries).toHaveLength(6);
    expect(deliveries.every((d) => d.deliveries === 1)).toBe(true);
  });

  it("ends a series when its current occurrence is cancelled before it runs", async () => {
    const { workspace, } = await workspaceWithKey();
    const a = await simulatedAccount(workspace.id, "bluesky");
    const r = await scheduleTask(
      db(),
      workspace.id,
      ScheduleTaskInput.parse({ accountId: a.id, content: "weekly", scheduledAt: "2026-05-04T10:00:00Z", recurrence: { freq: "weekly" } }),
      new Date("2026-05-01T00:00:00Z"),
    );
    const { cancelTask } = await import("../../lib/scheduler/queries");
    await cancelTask(db(), workspace.id, r.tasks[0].id);
    await runProcessor({ at: new Date("2026-05-04T10:01:00Z"), workspaceId: workspace.id });
    expect(await db().post.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });
});
