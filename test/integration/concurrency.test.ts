// Eight processors, each with its own connection pool like separate serverless invocations,
// race over the same 5,000 due tasks: every task must be published exactly once.
import { describe, expect, it } from "vitest";
import { createPrisma, db } from "../../lib/db";
import { taskHandlers } from "../../lib/agent-scheduler";
import { processPendingTasks } from "../../lib/scheduler/process";
import { claimTasks } from "../../lib/scheduler/sql/claim";
import { finishTasks } from "../../lib/scheduler/sql/finish";
import { dueTasks, simulatedAccount, workspaceWithKey } from "../support/factories";

describe("concurrent processors", () => {
  it("publish each of 5,000 due tasks exactly once across 8 overlapping invocations", async () => {
    const { workspace } = await workspaceWithKey();
    const accounts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => simulatedAccount(workspace.id, "bluesky", { handle: `acct${i}`, simulation: { latencyMs: 2 } })),
    );
    for (const a of accounts) await dueTasks(workspace.id, a.id, 250);

    const clients = Array.from({ length: 8 }, () => createPrisma(process.env.DATABASE_URL!, 4));
    try {
      const summaries = await Promise.all(
        clients.map((prisma, i) =>
          processPendingTasks({
            prisma,
            handlers: taskHandlers,
            invocationId: `inv-${i}`,
            budgetMs: 120_000,
            leaseMs: 330_000,
            batchSize: 50,
            concurrency: 10,
            perAccountConcurrency: 2,
            publishTimeoutMs: 10_000,
          }),
        ),
      );
      const claimed = summaries.reduce((n, s) => n + s.claimed, 0);
      expect(claimed).toBe(5000);
      expect(summaries.reduce((n, s) => n + s.completed, 0)).toBe(5000);
      expect(summaries.every((s) => s.lostLeases === 0 && s.failed === 0)).toBe(true);
      // More than one invocation did real work: the race was real.
      expect(summaries.filter((s) => s.claimed > 0).length).toBeGreaterThan(1);
    } finally {
      await Promise.all(clients.map((c) => c.$disconnect()));
    }

    const counts = await db().agentTask.groupBy({ by: ["status"], _count: { _all: true } });
    expect(counts).toEqual([{ status: "completed", _count: { _all: 5000 } }]);
    // The simulated platform saw one delivery per task, never two.
    const posts = await db().simulatedPost.aggregate({ _count: { _all: true }, _max: { deliveries: true } });
    expect(posts._count._all).toBe(5000);
    expect(posts._max.deliveries).toBe(1);
    expect(await db().taskAttempt.count()).toBe(5000);
  });

  it("never hands one row to two overlapping claims", async () => {
    const { workspace } = await workspaceWithKey("Claims");
    const a = await simulatedAccount(workspace.id);
    await dueTasks(workspace.id, a.id, 300);
    const now = new Date();
    const clients = Array.from({ length: 6 }, () => createPrisma(process.env.DATABASE_URL!, 1));
    try {
      const batches = await Promise.all(
        clients.map((p, i) => claimTasks(p, { invocationId: `c${i}`, now, limit: 50, leaseMs: 60_000, workspaceId: workspace.id })),
      );
      const ids = batches.flat().map((t) => t.id);
      expect(ids.length).toBe(300);
      expect(new Set(ids).size).toBe(300);
      // Each row says who holds it.
      const held = await db().agentTask.groupBy({ by: ["lockedBy"], where: { workspaceId: workspace.id }, _count: { _all: true } });
      expect(held.map((h) => h._count._all).sort()).toEqual(batches.map((b) => b.length).sort());
    } finally {
      await Promise.all(clients.map((c) => c.$disconnect()));
    }
  });

  it("claims at most the limit, earliest first, and skips tasks not yet due", async () => {
    const { workspace } = await workspaceWithKey("Order");
    const a = await simulatedAccount(workspace.id);
    const base = Date.now();
    await db().agentTask.createMany({
      data: [0, 1, 2, 3].map((i) => ({
        workspaceId: workspace.id,
        type: "social_post" as const,
        platform: "bluesky" as const,
        accountId: a.id,
        content: `t${i}`,
        idempotencyKey: `order-${i}`,
        // t0 and t1 are due, t1 earlier; t2 and t3 in the future.
        scheduledAt: new Date(base + [-1_000, -60_000, 60_000, 120_000][i]),
      })),
    });
    const got = await claimTasks(db(), { invocationId: "x", now: new Date(base), limit: 10, leaseMs: 1000, workspaceId: workspace.id });
    expect(got.map((t) => t.content)).toEqual(["t1", "t0"]);
    const one = await claimTasks(db(), { invocationId: "y", now: new Date(base + 130_000), limit: 1, leaseMs: 1000, workspaceId: workspace.id });
    expect(one.map((t) => t.content)).toEqual(["t2"]);
  });

  it("refuses a stale invocation's write-back once another holds the task", async () => {
    const { workspace } = await workspaceWithKey("Fence");
    const a = await simulatedAccount(workspace.id);
    await dueTasks(workspace.id, a.id, 1);
    const t0 = new Date();
    const [stale] = await claimTasks(db(), { invocationId: "old", now: t0, limit: 1, leaseMs: 1_000, workspaceId: workspace.id });
    // The lease runs out; a sweeper takes the task over.
    const { reclaimExpired } = await import("../../lib/scheduler/sql/reclaim-expired");
    const later = new Date(t0.getTime() + 5_000);
    const [taken] = await reclaimExpired(db(), { invocationId: "new", now: later, limit: 10, leaseMs: 60_000, workspaceId: workspace.id });
    expect(taken.id).toBe(stale.id);

    const wrote = await finishTasks(db(), [{ task: stale, outcome: { kind: "completed", result: { platformPostId: "zzz", url: "u" } } }], { invocationId: "old", now: later });
    expect(wrote).toEqual([false]);
    const row = await db().agentTask.findUniqueOrThrow({ where: { id: stale.id } });
    expect(row.status).toBe("running");
    expect(row.lockedBy).toBe("new");
    expect(row.result).toBeNull();
    expect(await db().taskAttempt.count({ where: { taskId: stale.id } })).toBe(0);
  });
});
