// Never twice under lease expiry (docs/security.md, "Never twice"): two processors with a lease
// far shorter than their work, a slow platform and many tasks. The first keeps a queue longer
// than its lease; the second takes over every expired task and reconciles it. Whatever the
// interleaving, no post may reach the platform twice — the simulated platform counts deliveries
// per idempotency key — and every task ends published (or waits for a person), never lost.
import { describe, expect, it } from "vitest";
import { createPrisma, db } from "../../lib/db";
import { claimTasks } from "../../lib/scheduler/sql/claim";
import { reclaimExpired } from "../../lib/scheduler/sql/reclaim-expired";
import { holdLeases } from "../../lib/scheduler/sql/hold-lease";
import { taskHandlers } from "../../lib/agent-scheduler";
import { processPendingTasks, type ProcessOptions } from "../../lib/scheduler/process";
import { dueTasks, simulatedAccount, workspaceWithKey } from "../support/factories";

const ROUNDS = 6;
const TASKS_PER_ROUND = 24;
const LATENCY_MS = 250;

describe("lease expiry", () => {
  it(`publishes nothing twice: ${ROUNDS} rounds of two processors with a short lease and a slow platform`, async () => {
    const { workspace } = await workspaceWithKey("Lease Bakery");
    const accounts = await Promise.all(
      Array.from({ length: 4 }, (_, i) => simulatedAccount(workspace.id, "bluesky", { handle: `slow${i}`, simulation: { latencyMs: LATENCY_MS } })),
    );
    const [a, b] = [createPrisma(process.env.DATABASE_URL!, 4), createPrisma(process.env.DATABASE_URL!, 4)];
    const base = (prisma: typeof a, invocationId: string): ProcessOptions => ({
      prisma,
      handlers: taskHandlers,
      invocationId,
      workspaceId: workspace.id,
      // A claims twice its concurrency and holds the queue far beyond its lease.
      // Claims may start for 3 s, each publish fitting before the call's end (2 s margin).
      budgetMs: 3_000,
      hardLimitMs: 3_000,
      leaseMs: 300,
      batchSize: 8,
      concurrency: 2,
      perAccountConcurrency: 1,
      publishTimeoutMs: 400,
    });
    const summaries = [];
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const per = TASKS_PER_ROUND / accounts.length;
        for (const acc of accounts) await dueTasks(workspace.id, acc.id, per, new Date(Date.now() - 60_000));
        // Distinct keys per round: dueTasks numbers from 0 each time.
        await db().$executeRaw`UPDATE "AgentTask" SET "idempotencyKey" = "idempotencyKey" || ${`-r${round}`} WHERE "workspaceId" = ${workspace.id} AND "idempotencyKey" LIKE 'bulk-%' AND "idempotencyKey" NOT LIKE '%-r%'`;
        const first = processPendingTasks(base(a, `A${round}`));
        // B arrives once A's leases have run out while A still holds unstarted tasks.
        await new Promise((r) => setTimeout(r, 400));
        const second = processPendingTasks(base(b, `B${round}`));
        summaries.push(...(await Promise.all([first, second])));
      }
      // Then time passes: every retry the takeovers scheduled runs (the clock moves an hour on).
      const later = new Date(Date.now() + 3_600_000);
      for (let i = 0; i < 10; i++) {
        const s = await processPendingTasks({ ...base(a, `drain${i}`), now: () => later, budgetMs: 20_000, hardLimitMs: 20_000, leaseMs: 60_000, publishTimeoutMs: 5_000 });
        if (s.claimed === 0 && s.reclaimed === 0) break;
      }
    } finally {
      await Promise.all([a.$disconnect(), b.$disconnect()]);
    }

    const total = ROUNDS * TASKS_PER_ROUND;
    const posts = await db().simulatedPost.findMany({ where: { workspaceId: workspace.id }, select: { deliveries: true } });
    const doubles = posts.filter((p) => p.deliveries > 1).length;
    const takeovers = summaries.reduce((n, s) => n + s.reclaimed, 0);
    console.log(`lease expiry: ${total} tasks over ${ROUNDS} rounds, ${takeovers} takeovers, ${doubles} double deliveries`);
    expect(doubles).toBe(0);
    // The race was real: the second processor took over expired leases.
    expect(takeovers).toBeGreaterThan(0);
    // Nothing lost: every task was published once, or waits for a person (never "running").
    const byStatus = await db().agentTask.groupBy({ by: ["status"], where: { workspaceId: workspace.id }, _count: { _all: true } });
    const count = (s: string) => byStatus.find((x) => x.status === s)?._count._all ?? 0;
    expect(count("running") + count("pending") + count("failed")).toBe(0);
    expect(count("completed") + count("needs_review")).toBe(total);
    expect(posts.length).toBe(count("completed"));
  }, 120_000);

  it("lets no invocation hold a task another one took over, and extends a lease that is still its own", async () => {
    const { workspace } = await workspaceWithKey("Takeover");
    const acc = await simulatedAccount(workspace.id);
    await dueTasks(workspace.id, acc.id, 2);
    const t0 = new Date(Date.now() - 10_000);
    const [mine, taken] = await claimTasks(db(), { invocationId: "A", now: t0, limit: 2, leaseMs: 1_000, workspaceId: workspace.id });
    const later = new Date(t0.getTime() + 5_000); // both leases have run out
    // B takes over one expired task first (it stops at the limit of one).
    const [took] = await reclaimExpired(db(), { invocationId: "B", now: later, limit: 1, leaseMs: 60_000, workspaceId: workspace.id });
    const lost = took.id === taken.id ? taken : mine;
    const kept = took.id === taken.id ? mine : taken;
    const until = new Date(later.getTime() + 30_000);
    expect(await holdLeases(db(), [{ id: lost.id, until }], { invocationId: "A", now: later })).toEqual([false]);
    // The one nobody took is still A's: its lease is stretched, so no later takeover can happen.
    expect(await holdLeases(db(), [{ id: kept.id, until }], { invocationId: "A", now: later })).toEqual([true]);
    expect((await db().agentTask.findUniqueOrThrow({ where: { id: kept.id } })).leaseExpiresAt).toEqual(until);
    expect(await reclaimExpired(db(), { invocationId: "C", now: new Date(later.getTime() + 1_000), limit: 5, leaseMs: 60_000, workspaceId: workspace.id })).toEqual([]);
    // In one batch: a lease that already covers the call is confirmed without being rewritten,
    // and the lost task is still refused.
    const before = await db().agentTask.findUniqueOrThrow({ where: { id: kept.id } });
    const shorter = new Date(until.getTime() - 10_000);
    expect(await holdLeases(db(), [{ id: lost.id, until }, { id: kept.id, until: shorter }], { invocationId: "A", now: new Date(later.getTime() + 2_000) })).toEqual([false, true]);
    const after = await db().agentTask.findUniqueOrThrow({ where: { id: kept.id } });
    expect([after.leaseExpiresAt, after.updatedAt]).toEqual([until, before.updatedAt]);
  });

  it("starts nothing once its budget is spent and hands unstarted tasks back at once", async () => {
    const { workspace } = await workspaceWithKey("Budget");
    const acc = await simulatedAccount(workspace.id, "bluesky", { simulation: { latencyMs: 400 } });
    await dueTasks(workspace.id, acc.id, 8);
    const s = await processPendingTasks({
      prisma: db(),
      handlers: taskHandlers,
      workspaceId: workspace.id,
      // Room to start for ~0.6 s (a 3.1 s call less a 0.5 s publish timeout and the 2 s margin).
      budgetMs: 3_100,
      hardLimitMs: 3_100,
      leaseMs: 330_000,
      batchSize: 8,
      concurrency: 1,
      perAccountConcurrency: 1,
      publishTimeoutMs: 500,
    });
    expect(s.claimed).toBeGreaterThan(s.completed);
    expect(s.completed).toBeGreaterThan(0);
    const rows = await db().agentTask.findMany({ where: { workspaceId: workspace.id } });
    const pending = rows.filter((r) => r.status === "pending");
    expect(rows.filter((r) => r.status === "completed")).toHaveLength(s.completed);
    expect(pending).toHaveLength(8 - s.completed);
    expect(pending.every((r) => r.lockedBy === null && r.leaseExpiresAt === null && r.retryCount === 0)).toBe(true);
    expect(await db().simulatedPost.count({ where: { workspaceId: workspace.id } })).toBe(s.completed);
  });
});
