// The life of a task through failures: retries at +5/+15/+45 min, rate limits, auth errors,
// expired leases and in-doubt publishes reconciled rather than re-posted.
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { claimTasks } from "../../lib/scheduler/sql/claim";
import { scheduleTask } from "../../lib/posting/schedule";
import { loadAccount } from "../../lib/social/accounts";
import { adapterFor } from "../../lib/social-media";
import { ScheduleTaskInput } from "../../lib/validation/tasks";
import { publishedTasks, runProcessor, simulatedAccount, workspaceWithKey } from "../support/factories";

const T = new Date("2026-11-22T09:00:00Z");
const plus = (min: number) => new Date(T.getTime() + min * 60_000);

async function schedule(workspaceId: string, body: Record<string, unknown>, now = T) {
  return scheduleTask(db(), workspaceId, ScheduleTaskInput.parse({ scheduledAt: T.toISOString(), ...body }), now);
}

describe("retries", () => {
  it("retries a transient failure at +5, +15 and +45 minutes, then fails with a readable reason", async () => {
    const { workspace } = await workspaceWithKey();
    const acct = await simulatedAccount(workspace.id, "mastodon", { simulation: { failRate: 1, failureClass: "transient" } });
    const { tasks, postId } = await schedule(workspace.id, { accountId: acct.id, content: "Fresh bread at 9" });
    const id = tasks[0].id;

    const seen: { status: string; scheduledAt: string; retryCount: number }[] = [];
    for (const at of [T, plus(5), plus(20), plus(65)]) {
      // A run a moment too early does nothing.
      const early = await runProcessor({ at: new Date(at.getTime() - 1000), workspaceId: workspace.id });
      expect(early.claimed).toBe(0);
      const s = await runProcessor({ at, workspaceId: workspace.id });
      expect(s.claimed).toBe(1);
      const row = await db().agentTask.findUniqueOrThrow({ where: { id } });
      seen.push({ status: row.status, scheduledAt: row.scheduledAt.toISOString(), retryCount: row.retryCount });
    }
    expect(seen).toEqual([
      { status: "pending", scheduledAt: plus(5).toISOString(), retryCount: 1 },
      { status: "pending", scheduledAt: plus(20).toISOString(), retryCount: 2 },
      { status: "pending", scheduledAt: plus(65).toISOString(), retryCount: 3 },
      { status: "failed", scheduledAt: plus(65).toISOString(), retryCount: 4 },
    ]);
    const task = await db().agentTask.findUniqueOrThrow({ where: { id }, include: { attempts: { orderBy: { attempt: "asc" } } } });
    expect(task.lastErrorCode).toBe("simulated_server_error");
    expect(task.lastError).toMatch(/HTTP 503/);
    expect(task.attempts.map((a) => [a.attempt, a.outcome, a.failureClass, a.httpStatus])).toEqual([
      [1, "retry", "transient", 503],
      [2, "retry", "transient", 503],
      [3, "retry", "transient", 503],
      [4, "failed", "transient", 503],
    ]);
    const post = await db().post.findUniqueOrThrow({ where: { id: postId! }, include: { targets: true } });
    expect(post.status).toBe("failed");
    expect(post.targets[0].status).toBe("failed");
    expect(post.targets[0].error).toMatch(/503/);
  });

  it("waits for a rate limit's reset, blocks the account until then, and does not burn the account's other tasks", async () => {
    const { workspace } = await workspaceWithKey();
    const acct = await simulatedAccount(workspace.id, "twitter", {
      simulation: { failRate: 1, failureClass: "rate_limited", retryAfterS: 3600 },
    });
    const first = await schedule(workspace.id, { accountId: acct.id, content: "one" });
    const second = await schedule(workspace.id, { accountId: acct.id, content: "two", scheduledAt: plus(10).toISOString() });
    await runProcessor({ at: T, workspaceId: workspace.id, concurrency: 1 });

    const t1 = await db().agentTask.findUniqueOrThrow({ where: { id: first.tasks[0].id } });
    expect(t1.status).toBe("pending");
    expect(t1.scheduledAt).toEqual(plus(60)); // the platform's reset beats +5 min
    expect((await db().socialAccount.findUniqueOrThrow({ where: { id: acct.id } })).rateLimitedUntil).toEqual(plus(60));

    // The second task is due at +10 but the account is blocked until +60: nothing is claimed.
    const blocked = await runProcessor({ at: plus(30), workspaceId: workspace.id });
    expect(blocked.claimed).toBe(0);
    expect((await db().agentTask.findUniqueOrThrow({ where: { id: second.tasks[0].id } })).retryCount).toBe(0);
  });

  it("fails an auth error at once, marks the account for reconnection and stops calling the platform", async () => {
    const { workspace } = await workspaceWithKey();
    const acct = await simulatedAccount(workspace.id, "linkedin", { simulation: { failRate: 1, failureClass: "auth" } });
    const a = await schedule(workspace.id, { accountId: acct.id, content: "one" });
    await runProcessor({ at: T, workspaceId: workspace.id });
    const t = await db().agentTask.findUniqueOrThrow({ where: { id: a.tasks[0].id } });
    expect([t.status, t.lastErrorCode, t.retryCount]).toEqual(["failed", "simulated_auth_revoked", 1]);
    expect((await db().socialAccount.findUniqueOrThrow({ where: { id: acct.id } })).status).toBe("needs_reconnect");

    // Even with the fault gone, the account must be reconnected first.
    await db().socialAccount.update({ where: { id: acct.id }, data: { simulation: { failRate: 0 } } });
    const b = await schedule(workspace.id, { accountId: acct.id, content: "two" });
    await runProcessor({ at: plus(1), workspaceId: workspace.id });
    const t2 = await db().agentTask.findUniqueOrThrow({ where: { id: b.tasks[0].id } });
    expect([t2.status, t2.lastErrorCode]).toEqual(["failed", "account_needs_reconnect"]);
    expect(await db().simulatedPost.count({ where: { accountId: acct.id } })).toBe(0);
  });

  it("fails a permanent error without retrying", async () => {
    const { workspace } = await workspaceWithKey();
    const acct = await simulatedAccount(workspace.id, "facebook", { simulation: { failRate: 1, failureClass: "permanent" } });
    const { tasks } = await schedule(workspace.id, { accountId: acct.id, content: "x" });
    await runProcessor({ at: T, workspaceId: workspace.id });
    const t = await db().agentTask.findUniqueOrThrow({ where: { id: tasks[0].id } });
    expect([t.status, t.retryCount, t.lastErrorCode]).toEqual(["failed", 1, "simulated_rejected"]);
  });
});

describe("one task per post × account", () => {
  it("ends partially published when one of three platforms fails, without re-posting the others", async () => {
    const { workspace } = await workspaceWithKey();
    const ok1 = await simulatedAccount(workspace.id, "bluesky");
    const ok2 = await simulatedAccount(workspace.id, "mastodon");
    const bad = await simulatedAccount(workspace.id, "linkedin", { simulation: { failRate: 1, failureClass: "permanent" } });
    const { postId, tasks } = await schedule(workspace.id, { accountIds: [ok1.id, ok2.id, bad.id], content: "Grand opening!" });
    expect(tasks).toHaveLength(3);
    await runProcessor({ at: T, workspaceId: workspace.id });
    await runProcessor({ at: plus(60), workspaceId: workspace.id }); // nothing left to redo
    const post = await db().post.findUniqueOrThrow({ where: { id: postId! }, include: { targets: true } });
    expect(post.status).toBe("partially_published");
    const byPlatform = Object.fromEntries(post.targets.map((t) => [t.platform, t]));
    expect(byPlatform.bluesky.status).toBe("published");
    expect(byPlatform.bluesky.url).toMatch(/^https:\/\/bsky\.app\/profile\/.+\/post\/sim_bluesky_/);
    expect(byPlatform.mastodon.status).toBe("published");
    expect(byPlatform.linkedin.status).toBe("failed");
    expect(byPlatform.linkedin.error).toMatch(/rejection/);
    const deliveries = await db().simulatedPost.findMany({ where: { workspaceId: workspace.id } });
    expect(deliveries.map((d) => d.deliveries)).toEqual([1, 1]);
  });
});

describe("leases and reconciliation", () => {
  async function killedMidPublish(opts: { reachedPlatform: boolean; unverifiable?: boolean }) {
    const { workspace } = await workspaceWithKey();
    const acct = await simulatedAccount(workspace.id, "bluesky", { simulation: { unverifiable: opts.unverifiable ?? false } });
    const { tasks } = await schedule(workspace.id, { accountId: acct.id, content: "Lease test" });
    // An invocation claims the task and is killed (kill -9) before its write-back.
    const [claimed] = await claimTasks(db(), { invocationId: "killed", now: T, limit: 1, leaseMs: 330_000, workspaceId: workspace.id });
    expect(claimed.id).toBe(tasks[0].id);
    if (opts.reachedPlatform) {
      const account = (await loadAccount(db(), workspace.id, acct.id))!;
      await adapterFor(account, { prisma: db() }).publish({
        account,
        signal: new AbortController().signal,
        content: { text: "Lease test" },
        idempotencyKey: claimed.idempotencyKey,
        attempt: 1,
      });
    }
    // While the lease holds, nobody touches it.
    const during = await runProcessor({ at: plus(1), workspaceId: workspace.id });
    expect(during.reclaimed + during.claimed).toBe(0);
    return { workspace, acct, id: tasks[0].id };
  }

  it("adopts a post that reached the platform as completed and never posts it twice", async () => {
    const { workspace, id } = await killedMidPublish({ reachedPlatform: true });
    const s = await runProcessor({ at: plus(6), workspaceId: workspace.id });
    expect([s.reclaimed, s.adopted, s.claimed]).toEqual([1, 1, 0]);
    const t = await db().agentTask.findUniqueOrThrow({ where: { id }, include: { attempts: true } });
    expect(t.status).toBe("completed");
    expect((t.result as { platformPostId: string }).platformPostId).toMatch(/^sim_bluesky_/);
    expect(t.attempts.map((a) => a.outcome)).toEqual(["adopted"]);
    expect((await db().simulatedPost.findFirstOrThrow({ where: { workspaceId: workspace.id } })).deliveries).toBe(1);
  });

  it("retries a post proven absent, after the backoff, exactly once", async () => {
    const { workspace, id } = await killedMidPublish({ reachedPlatform: false });
    await runProcessor({ at: plus(6), workspaceId: workspace.id });
    const t = await db().agentTask.findUniqueOrThrow({ where: { id } });
    expect([t.status, t.lastErrorCode, t.scheduledAt]).toEqual(["pending", "in_doubt_absent", plus(11)]);
    await runProcessor({ at: plus(11), workspaceId: workspace.id });
    expect((await db().agentTask.findUniqueOrThrow({ where: { id } })).status).toBe("completed");
    expect(await db().simulatedPost.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });

  it("asks a person when the platform cannot say, and never re-posts on its own", async () => {
    const { workspace, id } = await killedMidPublish({ reachedPlatform: true, unverifiable: true });
    const s = await runProcessor({ at: plus(6), workspaceId: workspace.id });
    expect(s.needsReview).toBe(1);
    const t = await db().agentTask.findUniqueOrThrow({ where: { id } });
    expect([t.status, t.lastErrorCode]).toEqual(["needs_review", "in_doubt_unverifiable"]);
    expect(t.lastError).toMatch(/mark it published or publish again/);
    await runProcessor({ at: plus(600), workspaceId: workspace.id });
    expect((await db().agentTask.findUniqueOrThrow({ where: { id } })).status).toBe("needs_review");
  });

  it("reconciles a publish that timed out after it was sent, instead of retrying it blindly", async () => {
    const { workspace } = await workspaceWithKey();
    const acct = await simulatedAccount(workspace.id, "mastodon", { simulation: { failRate: 1, failureClass: "in_doubt" } });
    const { tasks } = await schedule(workspace.id, { accountId: acct.id, content: "timeout after send" });
    const s = await runProcessor({ at: T, workspaceId: workspace.id });
    expect(s.adopted).toBe(1);
    const t = await db().agentTask.findUniqueOrThrow({ where: { id: tasks[0].id } });
    expect(t.status).toBe("completed");
    expect((await db().simulatedPost.findFirstOrThrow({ where: { accountId: acct.id } })).deliveries).toBe(1);
  });

  it("treats a publish that outlives its timeout as in doubt and checks before retrying", async () => {
    const { workspace } = await workspaceWithKey();
    const acct = await simulatedAccount(workspace.id, "bluesky", { simulation: { latencyMs: 2_000 } });
    const { tasks } = await schedule(workspace.id, { accountId: acct.id, content: "slow platform" });
    await runProcessor({ at: T, workspaceId: workspace.id, publishTimeoutMs: 200 });
    const t = await db().agentTask.findUniqueOrThrow({ where: { id: tasks[0].id } });
    expect([t.status, t.lastErrorCode]).toEqual(["pending", "in_doubt_absent"]);
  });
});

describe("pacing", () => {
  it("defers a post when the account is at its platform's posting limit, without using up a retry", async () => {
    const { workspace } = await workspaceWithKey();
    const acct = await simulatedAccount(workspace.id, "twitter");
    // 90 posts (90% of X's 100 per 15 min) in the last ten minutes.
    await publishedTasks(acct, 90, (i) => new Date(plus(-10).getTime() + i * 1000));
    const { tasks } = await schedule(workspace.id, { accountId: acct.id, content: "one more" });
    const s = await runProcessor({ at: T, workspaceId: workspace.id });
    expect(s.deferred).toBe(1);
    const t = await db().agentTask.findUniqueOrThrow({ where: { id: tasks[0].id }, include: { attempts: true } });
    expect([t.status, t.retryCount, t.lastErrorCode, t.attempts.length]).toEqual(["pending", 0, "paced", 0]);
    expect(t.scheduledAt).toEqual(new Date(plus(-10).getTime() + 15 * 60_000)); // the oldest ages out
    expect(t.lastError).toMatch(/X's posting limit \(100 posts per 15 min\)/);
    await runProcessor({ at: t.scheduledAt, workspaceId: workspace.id });
    expect((await db().agentTask.findUniqueOrThrow({ where: { id: t.id } })).status).toBe("completed");
  });
});
