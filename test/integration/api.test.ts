// The HTTP API through the real route handlers: auth, validation, workspace scoping, idempotency.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as process_ from "../../app/api/agent/process/route";
import * as schedule from "../../app/api/agent/schedule/route";
import * as tasks from "../../app/api/agent/tasks/route";
import * as task from "../../app/api/agent/tasks/[id]/route";
import * as cancel from "../../app/api/agent/tasks/[id]/cancel/route";
import * as retry from "../../app/api/agent/tasks/[id]/retry/route";
import * as stats from "../../app/api/agent/tasks/stats/route";
import * as health from "../../app/api/health/route";
import { resetClock, setClock } from "../../lib/clock";
import { db } from "../../lib/db";
import { getTaskStatistics } from "../../lib/agent-scheduler";
import { params, req, simulatedAccount, workspaceWithKey } from "../support/factories";

const inAMinute = () => new Date(Date.now() + 60_000).toISOString();
const CRON = { authorization: `Bearer ${"test-cron-secret-0123456789"}` };

async function json(res: Response) {
  return { status: res.status, body: await res.json() };
}

describe("authentication", () => {
  it("refuses requests without a key or with a wrong one (401)", async () => {
    for (const key of [undefined, "hk_wrong", "not-even-a-key"]) {
      const r = await json(await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { platform: "bluesky", content: "x" } })));
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe("unauthorized");
    }
    expect((await tasks.GET(req("GET", "/api/agent/tasks"))).status).toBe(401);
    expect((await stats.GET(req("GET", "/api/agent/tasks/stats"))).status).toBe(401);
  });

  it("refuses a revoked key", async () => {
    const { workspace, key } = await workspaceWithKey();
    await db().apiKey.updateMany({ where: { workspaceId: workspace.id }, data: { revokedAt: new Date() } });
    expect((await tasks.GET(req("GET", "/api/agent/tasks", { key }))).status).toBe(401);
  });

  it("notes when a key was last used, at most once a minute, in the same statement as the lookup", async () => {
    const { workspace, key } = await workspaceWithKey();
    const lastUsed = async () => (await db().apiKey.findFirstOrThrow({ where: { workspaceId: workspace.id } })).lastUsedAt;
    const t0 = new Date("2031-01-02T03:04:05.000Z");
    try {
      setClock(t0);
      expect((await tasks.GET(req("GET", "/api/agent/tasks", { key }))).status).toBe(200);
      expect(await lastUsed()).toEqual(t0);
      setClock(new Date(t0.getTime() + 59_000));
      expect((await tasks.GET(req("GET", "/api/agent/tasks", { key }))).status).toBe(200);
      expect(await lastUsed()).toEqual(t0);
      const later = new Date(t0.getTime() + 61_000);
      setClock(later);
      expect((await tasks.GET(req("GET", "/api/agent/tasks", { key }))).status).toBe(200);
      expect(await lastUsed()).toEqual(later);
    } finally {
      resetClock();
    }
  });

  it("guards the cron endpoint with the cron secret, on GET and POST", async () => {
    for (const handler of [process_.GET, process_.POST]) {
      expect((await handler(req("POST", "/api/agent/process"))).status).toBe(401);
      expect((await handler(req("POST", "/api/agent/process", { headers: { authorization: "Bearer nope" } }))).status).toBe(401);
      const { key } = await workspaceWithKey();
      // A workspace key is not the cron secret.
      expect((await handler(req("POST", "/api/agent/process", { key }))).status).toBe(401);
    }
    const ok = await json(await process_.GET(req("GET", "/api/agent/process?budget=5", { headers: CRON })));
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ success: true, claimed: expect.any(Number), stillDue: expect.any(Number), ms: expect.any(Number) });
  });
});

describe("POST /api/agent/schedule", () => {
  it("schedules the seed's request and runs it in simulation mode", async () => {
    const { key } = await workspaceWithKey();
    const r = await json(
      await schedule.POST(
        req("POST", "/api/agent/schedule", {
          key,
          body: { type: "social_post", platform: "facebook", scheduledAt: new Date(Date.now() - 1000).toISOString(), content: "Custom post content", config: { maxRetries: 3, link: "https://example.com" } },
        }),
      ),
    );
    expect(r.status).toBe(201);
    expect(r.body.task).toMatchObject({ type: "social_post", platform: "facebook", status: "pending", maxRetries: 3 });
    const run = await json(await process_.POST(req("POST", "/api/agent/process?budget=5", { headers: CRON })));
    expect(run.body.completed).toBeGreaterThanOrEqual(1);
    const got = await json(await task.GET(req("GET", `/api/agent/tasks/${r.body.task.id}`, { key }), params({ id: r.body.task.id })));
    expect(got.body.task.status).toBe("completed");
    expect(got.body.task.result).toMatchObject({ simulated: true, url: expect.stringContaining("facebook.com") });
    expect(got.body.task.attempts).toHaveLength(1);
  });

  it("answers bad input with 400 and field-level messages, writing nothing", async () => {
    const { workspace, key } = await workspaceWithKey();
    const cases: [unknown, string][] = [
      [{ platform: "myspace", content: "x" }, "platform"],
      [{ platform: "bluesky" }, "content"],
      [{ content: "no target" }, "platform"],
      [{ platform: "bluesky", content: "x", scheduledAt: "tomorrow at nine" }, "scheduledAt"],
      [{ platform: "bluesky", content: "x", config: { maxRetries: 99 } }, "config.maxRetries"],
      [{ platform: "bluesky", content: "x", config: { link: "javascript:alert(1)" } }, "config.link"],
      [{ platform: "bluesky", content: "x", unknownField: 1 }, "(body)"],
      [{ platform: "bluesky", content: "x", timeZone: "Mars/Olympus" }, "timeZone"],
      [{ platform: "twitter", content: "x".repeat(281) }, "content"],
      [{ platform: "instagram", content: "caption only" }, "config.media"],
      [{ platform: "bluesky", content: "x", recurrence: { freq: "hourly" } }, "recurrence.freq"],
      [{ platform: "bluesky", content: "x", idempotencyKey: "short" }, "idempotencyKey"],
    ];
    for (const [body, path] of cases) {
      const r = await json(await schedule.POST(req("POST", "/api/agent/schedule", { key, body })));
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.fields.map((f: { path: string }) => f.path), JSON.stringify(body)).toContain(path);
      expect(JSON.stringify(r.body)).not.toMatch(/at .*\.ts:\d+/); // no stack traces
    }
    const malformed = await json(await schedule.POST(req("POST", "/api/agent/schedule", { key, raw: '{"platform": "bluesky",' })));
    expect([malformed.status, malformed.body.error.code]).toEqual([400, "bad_request"]);
    expect(await db().agentTask.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(await db().post.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("tells which platform a text does not fit, and why", async () => {
    const { key } = await workspaceWithKey();
    const r = await json(
      await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { platforms: ["bluesky", "mastodon"], content: "é".repeat(301) } })),
    );
    expect(r.status).toBe(400);
    expect(r.body.error.fields).toEqual([{ path: "content", message: "bluesky: Bluesky allows 300 characters; this text has 301." }]);
  });

  it("interprets a time without offset in the workspace's zone", async () => {
    const { key } = await workspaceWithKey("Berlin Bakery", "Europe/Berlin");
    // A fixed summer date (UTC+2): the clock stands before it, or the time would be in the past.
    setClock(new Date("2026-06-01T00:00:00Z"));
    try {
      const r = await json(await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { platform: "bluesky", content: "x", scheduledAt: "2026-07-01T09:00" } })));
      expect(r.body.task.scheduledAt).toBe("2026-07-01T07:00:00.000Z");
    } finally {
      resetClock();
    }
  });

  it("refuses a time more than five minutes in the past with a field error on scheduledAt, and takes no time as now", async () => {
    const { workspace, key } = await workspaceWithKey("Past Bakery", "Europe/Berlin");
    const NOW = new Date("2026-07-01T10:00:00Z");
    setClock(NOW);
    try {
      const old = await json(await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { platform: "bluesky", content: "x", scheduledAt: "2020-01-01T09:00:00Z" } })));
      expect(old.status).toBe(400);
      expect(old.body.error).toMatchObject({ code: "validation_failed", fields: [{ path: "scheduledAt", message: "That time is in the past; pick a later time or publish now." }] });
      const sixAgo = await json(await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { platform: "bluesky", content: "x", scheduledAt: new Date(NOW.getTime() - 6 * 60_000).toISOString() } })));
      expect(sixAgo.status).toBe(400);
      expect(await db().post.count({ where: { workspaceId: workspace.id } })).toBe(0);
      // Within the grace period (a form filled in slowly), and without a time: due now.
      const fourAgo = await json(await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { platform: "bluesky", content: "y", scheduledAt: new Date(NOW.getTime() - 4 * 60_000).toISOString() } })));
      expect(fourAgo.status).toBe(201);
      const now = await json(await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { platform: "bluesky", content: "z" } })));
      expect(now.status).toBe(201);
      expect(now.body.task.scheduledAt).toBe(NOW.toISOString());
    } finally {
      resetClock();
    }
  });

  it("makes duplicate requests with the same idempotency key collide: one set of tasks", async () => {
    const { workspace, key } = await workspaceWithKey();
    const body = { platforms: ["bluesky", "mastodon"], content: "Once only", scheduledAt: inAMinute(), idempotencyKey: "campaign-42:post-1" };
    const results = await Promise.all(Array.from({ length: 5 }, () => schedule.POST(req("POST", "/api/agent/schedule", { key, body })).then(json)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    const ids = new Set(results.flatMap((r) => r.body.tasks.map((t: { id: string }) => t.id)));
    expect(ids.size).toBe(2);
    expect(results.filter((r) => r.body.duplicate)).toHaveLength(4);
    expect(await db().agentTask.count({ where: { workspaceId: workspace.id } })).toBe(2);
    expect(await db().post.count({ where: { workspaceId: workspace.id } })).toBe(1);

    const other = await json(await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { ...body, content: "Something else" } })));
    expect([other.status, other.body.error.code]).toEqual([409, "conflict"]);
  });

  it("finds a repeat of a request scheduled before posts carried their key (the backfill), and a key used by another kind of task", async () => {
    const { workspace, key } = await workspaceWithKey();
    const body = { platform: "bluesky", content: "Before the key moved", scheduledAt: inAMinute(), idempotencyKey: "legacy-request-7" };
    const first = await json(await schedule.POST(req("POST", "/api/agent/schedule", { key, body })));
    expect(first.status).toBe(201);
    // As a post scheduled before migration 20261204000000 was: the key only in its tasks' keys.
    await db().post.update({ where: { id: first.body.postId }, data: { idempotencyKey: null } });
    await db().$executeRawUnsafe(readFileSync("prisma/migrations/20261205010000_post_key_backfill/migration.sql", "utf8"));
    expect((await db().post.findUniqueOrThrow({ where: { id: first.body.postId } })).idempotencyKey).toBe("legacy-request-7");
    const again = await json(await schedule.POST(req("POST", "/api/agent/schedule", { key, body })));
    expect([again.status, again.body.duplicate, again.body.postId]).toEqual([200, true, first.body.postId]);

    // An engagement collection's key, reused for a post: still a conflict, not a second set of rows.
    const target = await db().postTarget.findFirstOrThrow({ where: { postId: first.body.postId } });
    const collect = { type: "collect_engagement", postTargetId: target.id, idempotencyKey: "collect-key-42" };
    expect((await schedule.POST(req("POST", "/api/agent/schedule", { key, body: collect }))).status).toBe(201);
    const clash = await json(await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { ...body, idempotencyKey: "collect-key-42" } })));
    expect([clash.status, clash.body.error?.code]).toEqual([409, "conflict"]);
    expect(await db().post.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });

  it("lets two workspaces use the same idempotency key independently", async () => {
    const a = await workspaceWithKey("A");
    const b = await workspaceWithKey("B");
    const body = { platform: "bluesky", content: "same key", idempotencyKey: "shared-key-123" };
    expect((await schedule.POST(req("POST", "/api/agent/schedule", { key: a.key, body }))).status).toBe(201);
    expect((await schedule.POST(req("POST", "/api/agent/schedule", { key: b.key, body }))).status).toBe(201);
  });
});

describe("workspace scoping", () => {
  it("hides another workspace's tasks and accounts behind 404", async () => {
    const mine = await workspaceWithKey("Mine");
    const theirs = await workspaceWithKey("Theirs");
    const theirAccount = await simulatedAccount(theirs.workspace.id, "bluesky");
    const created = await json(await schedule.POST(req("POST", "/api/agent/schedule", { key: theirs.key, body: { platform: "bluesky", content: "private" } })));
    const id = created.body.task.id;

    expect((await task.GET(req("GET", `/api/agent/tasks/${id}`, { key: mine.key }), params({ id }))).status).toBe(404);
    expect((await cancel.POST(req("POST", `/api/agent/tasks/${id}/cancel`, { key: mine.key }), params({ id }))).status).toBe(404);
    expect((await retry.POST(req("POST", `/api/agent/tasks/${id}/retry`, { key: mine.key }), params({ id }))).status).toBe(404);
    const viaAccount = await json(await schedule.POST(req("POST", "/api/agent/schedule", { key: mine.key, body: { accountId: theirAccount.id, content: "hijack" } })));
    expect(viaAccount.status).toBe(404);
    const list = await json(await tasks.GET(req("GET", "/api/agent/tasks", { key: mine.key })));
    expect(list.body.tasks).toEqual([]);
    const s = await json(await stats.GET(req("GET", "/api/agent/tasks/stats", { key: mine.key })));
    expect(s.body.stats.total).toBe(0);
    // Still untouched for its owner.
    expect((await db().agentTask.findUniqueOrThrow({ where: { id } })).status).toBe("pending");
  });
});

describe("cancel and retry", () => {
  it("cancels a pending task, refuses to cancel it twice, and retries it", async () => {
    const { key } = await workspaceWithKey();
    const created = await json(await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { platform: "bluesky", content: "x", scheduledAt: inAMinute() } })));
    const id = created.body.task.id;
    const c = await json(await cancel.POST(req("POST", `/api/agent/tasks/${id}/cancel`, { key }), params({ id })));
    expect([c.status, c.body.task.status]).toEqual([200, "cancelled"]);
    const again = await json(await cancel.POST(req("POST", `/api/agent/tasks/${id}/cancel`, { key }), params({ id })));
    expect([again.status, again.body.error.code]).toEqual([409, "invalid_state"]);
    expect(again.body.error.message).toMatch(/this one is cancelled/);
    const post = await db().post.findUniqueOrThrow({ where: { id: created.body.postId } });
    expect(post.status).toBe("cancelled");

    const r = await json(await retry.POST(req("POST", `/api/agent/tasks/${id}/retry`, { key }), params({ id })));
    expect([r.status, r.body.task.status, r.body.task.retryCount]).toEqual([200, "pending", 0]);
    const pendingRetry = await json(await retry.POST(req("POST", `/api/agent/tasks/${id}/retry`, { key }), params({ id })));
    expect(pendingRetry.status).toBe(409);
  });

  it("never cancels a running task", async () => {
    const { key } = await workspaceWithKey();
    const created = await json(await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { platform: "bluesky", content: "x" } })));
    const id = created.body.task.id;
    await db().agentTask.update({ where: { id }, data: { status: "running", lockedBy: "someone" } });
    const c = await json(await cancel.POST(req("POST", `/api/agent/tasks/${id}/cancel`, { key }), params({ id })));
    expect(c.status).toBe(409);
    expect((await db().agentTask.findUniqueOrThrow({ where: { id } })).status).toBe("running");
  });
});

describe("listing and statistics", () => {
  it("filters and paginates tasks", async () => {
    const { key } = await workspaceWithKey();
    for (let i = 0; i < 7; i++) {
      await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { platform: i % 2 ? "bluesky" : "mastodon", content: `n${i}`, scheduledAt: new Date(Date.now() + (i + 1) * 60_000).toISOString() } }));
    }
    const page1 = await json(await tasks.GET(req("GET", "/api/agent/tasks?platform=bluesky&limit=2", { key })));
    expect(page1.body.tasks.map((t: { content: string }) => t.content)).toEqual(["n5", "n3"]);
    const page2 = await json(await tasks.GET(req("GET", `/api/agent/tasks?platform=bluesky&limit=2&cursor=${page1.body.nextCursor}`, { key })));
    expect(page2.body.tasks.map((t: { content: string }) => t.content)).toEqual(["n1"]);
    expect(page2.body.nextCursor).toBeNull();
    const both = await json(await tasks.GET(req("GET", "/api/agent/tasks?platform=bluesky,mastodon&status=pending", { key })));
    expect(both.body.tasks).toHaveLength(7);
    const bad = await json(await tasks.GET(req("GET", "/api/agent/tasks?status=sleeping", { key })));
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toMatch(/^status/);
  });

  it("reports counts by status, platform and type, lag, next due and mean execution time", async () => {
    const { workspace, key } = await workspaceWithKey();
    const bad = await simulatedAccount(workspace.id, "linkedin", { simulation: { failRate: 1, failureClass: "permanent" } });
    await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { platform: "bluesky", content: "done", scheduledAt: new Date(Date.now() - 1000).toISOString() } }));
    await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { accountId: bad.id, content: "fails", scheduledAt: new Date(Date.now() - 1000).toISOString() } }));
    await process_.POST(req("POST", "/api/agent/process?budget=5", { headers: CRON }));
    await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { platform: "mastodon", content: "later", scheduledAt: inAMinute() } }));
    await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { platform: "mastodon", content: "overdue", scheduledAt: new Date(Date.now() - 120_000).toISOString() } }));

    const s = (await json(await stats.GET(req("GET", "/api/agent/tasks/stats", { key })))).body.stats;
    // The published post also queued three engagement collections (1 h, 1 day, 1 week).
    expect(s).toMatchObject({ total: 7, pending: 5, running: 0, completed: 1, failed: 1, cancelled: 0, needs_review: 0 });
    expect(s.byType.social_post).toMatchObject({ total: 4, pending: 2, completed: 1, failed: 1 });
    expect(s.byType.collect_engagement).toMatchObject({ total: 3, pending: 3 });
    expect(s.byPlatform.bluesky).toMatchObject({ completed: 1, pending: 3 });
    expect(s.byPlatform.linkedin.failed).toBe(1);
    expect(s.byPlatform.mastodon.pending).toBe(2);
    expect(s.lagMs).toBeGreaterThanOrEqual(119_000);
    expect(new Date(s.nextDueAt).getTime()).toBeGreaterThan(Date.now());
    expect(s.meanExecutionTimeMs).toEqual(expect.any(Number));
    expect(s.topFailureCodes).toEqual([{ code: "simulated_rejected", count: 1 }]);
  });

  it("answers requests that arrive together from one read per workspace", async () => {
    const { workspace, key } = await workspaceWithKey();
    const other = await workspaceWithKey("Other Bakery");
    await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { platform: "bluesky", content: "one", scheduledAt: inAMinute() } }));
    const get = async (k: string) => (await json(await stats.GET(req("GET", "/api/agent/tasks/stats", { key: k })))).body.stats;

    // Twenty at once: one answer for the workspace (equal, and each the right workspace's).
    const together = await Promise.all([...Array.from({ length: 20 }, () => get(key)), get(other.key)]);
    expect(together.slice(0, 20).map((s) => s.total)).toEqual(Array(20).fill(1));
    expect(together[20].total).toBe(0);

    // Requests of one turn get one read (the same answer object); a request after a change sees
    // it. That a request made during a read waits for the next one is the group commit's own rule
    // (test/unit/coalesce.test.ts).
    const same = await Promise.all([getTaskStatistics(workspace.id), getTaskStatistics(workspace.id)]);
    expect(same[0]).toBe(same[1]);
    await db().agentTask.create({ data: { workspaceId: workspace.id, type: "generate", idempotencyKey: "stats-test", scheduledAt: new Date(Date.now() + 3_600_000) } });
    const after = await getTaskStatistics(workspace.id);
    expect(after).not.toBe(same[0]);
    expect([same[0].total, after.total]).toEqual([1, 2]);
  });
});

describe("GET /api/health", () => {
  const healthReq = (headers: Record<string, string> = {}) => new Request("http://localhost/api/health", { headers });

  it("tells anyone only up or down, ok / degraded / down and the version; the details need the cron secret", async () => {
    // Scheduler counts and the reasons span every workspace: not for unauthenticated callers.
    const open = await json(await health.GET(healthReq()));
    expect(open.status).toBe(200);
    expect(open.body).toEqual({ ok: true, status: "ok", version: expect.any(String) });
    const wrong = await json(await health.GET(healthReq({ authorization: "Bearer not-the-secret" })));
    expect(wrong.body).toEqual({ ok: true, status: "ok", version: expect.any(String) });
    const { key } = await workspaceWithKey();
    const withKey = await json(await health.GET(healthReq({ authorization: `Bearer ${key}` })));
    expect(withKey.body).toEqual({ ok: true, status: "ok", version: expect.any(String) });
  });

  it("reports the database, migrations and scheduler lag to the cron secret", async () => {
    const r = await json(await health.GET(healthReq({ authorization: `Bearer ${process.env.CRON_SECRET}` })));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, status: "ok", reasons: [], version: expect.any(String), database: "ok", migrations: { current: true, pending: [] }, scheduler: { lagMs: expect.any(Number), due: expect.any(Number) } });
  });
});
