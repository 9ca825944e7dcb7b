// Never twice on a self-hosted `next start`, where nothing kills a process call at maxDuration:
// the real route handler in the built app, a short call (SCHEDULER_MAX_DURATION_S=5, lease = the
// call's length with no margin), a slow simulated platform and overlapping cron calls, round after
// round. Each call must end inside its own lease by itself, and no post may reach the platform
// twice (the simulated platform counts deliveries per idempotency key). No chromium needed: the
// harness here only builds and serves the app.
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { dueTasks, simulatedAccount, workspaceWithKey } from "../support/factories";
import { startApp } from "./support/harness";

const MAX_DURATION_S = 5;
Object.assign(process.env, {
  SCHEDULER_MAX_DURATION_S: String(MAX_DURATION_S),
  SCHEDULER_LEASE_MARGIN_MS: "0",
  SCHEDULER_PUBLISH_TIMEOUT_MS: "600",
  SCHEDULER_CONCURRENCY: "4",
  SCHEDULER_PER_ACCOUNT_CONCURRENCY: "1",
  SCHEDULER_BATCH_SIZE: "10",
});
const app = startApp();

interface Summary {
  claimed: number;
  completed: number;
  reclaimed: number;
  lostLeases: number;
  ms: number;
}

async function processCall(): Promise<Summary> {
  const res = await fetch(`${app.base}/api/agent/process`, { method: "POST", headers: { authorization: `Bearer ${process.env.CRON_SECRET}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as Summary;
}

describe("a self-hosted server", () => {
  it("ends each process call inside its lease and publishes nothing twice across overlapping calls", { timeout: 300_000 }, async () => {
    const { workspace } = await workspaceWithKey("Self-hosted Bakery");
    const accounts = await Promise.all(
      [0, 1].map((i) => simulatedAccount(workspace.id, "bluesky", { handle: `selfhosted${i}`, simulation: { latencyMs: 300 } })),
    );
    const rounds = 4;
    const summaries: Summary[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const a of accounts) await dueTasks(workspace.id, a.id, 10, new Date(Date.now() - 60_000));
      await db().$executeRaw`UPDATE "AgentTask" SET "idempotencyKey" = "idempotencyKey" || ${`-r${round}`} WHERE "workspaceId" = ${workspace.id} AND "idempotencyKey" NOT LIKE '%-r%'`;
      // Three calls, the later two arriving while the first still runs.
      const calls = [processCall()];
      await new Promise((r) => setTimeout(r, 400));
      calls.push(processCall());
      await new Promise((r) => setTimeout(r, 400));
      calls.push(processCall());
      summaries.push(...(await Promise.all(calls)));
    }
    // Whatever the calls released or left is published by later calls.
    for (let i = 0; i < 20 && (await db().agentTask.count({ where: { workspaceId: workspace.id, status: { in: ["pending", "running"] } } })) > 0; i++) {
      summaries.push(await processCall());
    }

    const longest = Math.max(...summaries.map((s) => s.ms));
    const posts = await db().simulatedPost.findMany({ where: { workspaceId: workspace.id }, select: { deliveries: true } });
    const doubles = posts.filter((p) => p.deliveries > 1).length;
    console.log(`self-hosted: ${rounds * 20} tasks, ${summaries.length} calls, longest ${longest} ms (lease ${MAX_DURATION_S * 1000} ms), ${doubles} double deliveries`);
    expect(longest).toBeLessThan(MAX_DURATION_S * 1000);
    expect(doubles).toBe(0);
    expect(summaries.filter((s) => s.claimed > 0).length).toBeGreaterThan(rounds);
    const statuses = await db().agentTask.groupBy({ by: ["status"], where: { workspaceId: workspace.id }, _count: { _all: true } });
    expect(statuses).toEqual([{ status: "completed", _count: { _all: rounds * 20 } }]);
    expect(posts).toHaveLength(rounds * 20);
  });
});
