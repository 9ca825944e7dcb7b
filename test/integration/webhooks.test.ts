// Outgoing webhooks (docs/decisions.md, "Webhooks"): endpoints through the API (admins, field
// errors, private addresses refused, secret shown once), events caused by a real publish, a failure,
// a post held for review, an account to reconnect and a new inbox item reach a local endpoint
// exactly once, signed so the standardwebhooks verifier accepts them; retries on 500, 410 switches the endpoint off, the
// delivery log, and one workspace's events never reach another's endpoints.
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as schedule from "../../app/api/agent/schedule/route";
import * as endpoints from "../../app/api/webhook-endpoints/route";
import * as endpoint from "../../app/api/webhook-endpoints/[id]/route";
import * as deliveries from "../../app/api/webhook-endpoints/[id]/deliveries/route";
import * as testRoute from "../../app/api/webhook-endpoints/[id]/test/route";
import * as settings from "../../app/api/workspace/settings/route";
import * as workspaces from "../../app/api/workspaces/route";
import * as active from "../../app/api/workspaces/active/route";
import { encryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { INBOX_IDLE_MS, sweepInbox } from "../../lib/inbox/sweep";
import { resetEnvCache } from "../../lib/env";
import { scheduleTask } from "../../lib/posting/schedule";
import { ScheduleTaskInput } from "../../lib/validation/tasks";
import { browserReq, signUp } from "../support/auth";
import { callRoute, pinClock, req, runProcessor, simulatedAccount, workspaceWithKey } from "../support/factories";
import { startFixtureServer, type FixtureServer, type RecordedRequest } from "../support/fixture-server";

const T = new Date("2027-03-01T09:00:00Z");
const plus = (min: number) => new Date(T.getTime() + min * 60_000);
pinClock(T);

let hook: FixtureServer;
beforeAll(async () => {
  hook = await startFixtureServer();
});
afterAll(() => hook.close());
afterEach(() => hook.reset());

const ALLOW_FOR_TESTS = process.env.HERALD_FETCH_ALLOW_HOSTS;
afterEach(() => {
  process.env.HERALD_FETCH_ALLOW_HOSTS = ALLOW_FOR_TESTS ?? "";
  resetEnvCache();
});

let n = 0;
/** A fresh path on the fixture server for each endpoint, so requests are told apart. */
function hookPath(status: number | (() => number) = 204) {
  const path = `/hooks/${++n}`;
  hook.on("POST", path, () => ({ status: typeof status === "function" ? status() : status }));
  return { url: `${hook.url}${path}`, path, received: () => hook.requests.filter((r) => r.path === path) };
}

async function addEndpoint(key: string, body: Record<string, unknown>) {
  const r = await callRoute(endpoints.POST, req("POST", "/api/webhook-endpoints", { key, body }));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.endpoint.id as string, secret: r.body.secret as string, body: r.body };
}

/** Verifies a received request with the standardwebhooks library, at its own timestamp. */
function verified(secret: string, r: RecordedRequest): { type: string; timestamp: string; data: Record<string, unknown> } {
  const headers = {
    "webhook-id": String(r.headers["webhook-id"]),
    "webhook-timestamp": String(r.headers["webhook-timestamp"]),
    "webhook-signature": String(r.headers["webhook-signature"]),
  };
  // The verifier refuses a timestamp 5 minutes away from its clock; it reads the pinned instant.
  vi.useFakeTimers({ toFake: ["Date"], now: Number(headers["webhook-timestamp"]) * 1000 });
  try {
    return new Webhook(secret).verify(r.raw.toString("utf8"), headers) as ReturnType<typeof verified>;
  } finally {
    vi.useRealTimers();
  }
}

function scheduleAt(workspaceId: string, accountId: string, content: string) {
  return scheduleTask(db(), workspaceId, ScheduleTaskInput.parse({ accountId, content, scheduledAt: T.toISOString() }), T);
}

/** Runs the scheduler a few times (the cause, then its webhook tasks, then again for good measure). */
async function drain(workspaceId: string, from = 0) {
  for (const m of [from, from + 0.5, from + 1]) await runProcessor({ at: plus(m), workspaceId });
}

describe("endpoints through the API", () => {
  it("adds an endpoint (secret once, whsec_), lists it without the secret, stores the secret encrypted", async () => {
    const { workspace, key } = await workspaceWithKey();
    const h = hookPath();
    const added = await addEndpoint(key, { url: h.url, description: "Zapier", events: ["post.published", "post.failed", "post.published"] });
    expect(added.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(added.body.endpoint).toMatchObject({ url: h.url, description: "Zapier", events: ["post.published", "post.failed"], enabled: true });
    const list = await callRoute(endpoints.GET, req("GET", "/api/webhook-endpoints", { key }));
    expect(list.status).toBe(200);
    expect(list.body.endpoints.map((e: { id: string }) => e.id)).toEqual([added.id]);
    expect(JSON.stringify(list.body)).not.toContain(added.secret.slice(6));
    const row = await db().webhookEndpoint.findUniqueOrThrow({ where: { id: added.id } });
    expect(row.workspaceId).toBe(workspace.id);
    expect(row.secret).not.toContain(added.secret.slice(6));
    expect(row.secret.startsWith("v2:")).toBe(true);
  });

  it("refuses a bad URL, an unknown event and no events with 400 naming the field", async () => {
    const { workspace, key } = await workspaceWithKey();
    const cases: [Record<string, unknown>, string][] = [
      [{ url: "not a url", events: ["post.published"] }, "url"],
      [{ url: "ftp://example.com/x", events: ["post.published"] }, "url"],
      [{ url: "https://example.com/x", events: ["post.exploded"] }, "events.0"],
      [{ url: "https://example.com/x", events: [] }, "events"],
      [{ events: ["post.published"] }, "url"],
    ];
    for (const [body, field] of cases) {
      const r = await callRoute(endpoints.POST, req("POST", "/api/webhook-endpoints", { key, body }));
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.fields.map((f: { path: string }) => f.path), JSON.stringify(r.body)).toContain(field);
    }
    expect(await db().webhookEndpoint.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("refuses a private address (loopback, link-local metadata, private ranges) when not allow-listed, on create and on edit", async () => {
    process.env.HERALD_FETCH_ALLOW_HOSTS = "";
    resetEnvCache();
    const { workspace, key } = await workspaceWithKey();
    for (const url of [hook.url, "http://169.254.169.254/latest/meta-data", "http://10.0.0.5/hook", "http://[::1]:8080/x"]) {
      const r = await callRoute(endpoints.POST, req("POST", "/api/webhook-endpoints", { key, body: { url, events: ["post.published"] } }));
      expect(r.status, url).toBe(400);
      expect(r.body.error.fields[0]).toMatchObject({ path: "url" });
      expect(r.body.error.fields[0].message).toMatch(/public address/);
    }
    expect(await db().webhookEndpoint.count({ where: { workspaceId: workspace.id } })).toBe(0);
    // One stored before (or a name whose DNS changed): its test send is refused, nothing reaches the server.
    const h = hookPath();
    const stored = await db().webhookEndpoint.create({
      data: { workspaceId: workspace.id, url: h.url, events: ["post.published"], secret: encryptJson("whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0"), updatedAt: T },
    });
    const patched = await callRoute(endpoint.PATCH, req("PATCH", `/api/webhook-endpoints/${stored.id}`, { key, body: { url: `${hook.url}/other` } }), { id: stored.id });
    expect(patched.status).toBe(400);
    expect(patched.body.error.fields[0].path).toBe("url");
    const sent = await callRoute(testRoute.POST, req("POST", `/api/webhook-endpoints/${stored.id}/test`, { key }), { id: stored.id });
    expect(sent.status).toBe(200);
    expect(sent.body.delivery).toMatchObject({ status: "failed", responseStatus: null });
    expect(sent.body.delivery.error).toMatch(/public addresses/);
    expect(h.received()).toHaveLength(0);
  });

  it("refuses a plain-http address in production, on create and on edit, and takes it in development", async () => {
    const { workspace, key } = await workspaceWithKey();
    const dev = await callRoute(endpoints.POST, req("POST", "/api/webhook-endpoints", { key, body: { url: "http://hooks.herald-test.invalid/dev", events: ["post.published"] } }));
    expect(dev.status).toBe(201);
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("HERALD_FETCH_ALLOW_HOSTS", ""); // refused in production (lib/env.ts)
    resetEnvCache();
    try {
      const created = await callRoute(endpoints.POST, req("POST", "/api/webhook-endpoints", { key, body: { url: "http://hooks.herald-test.invalid/x", events: ["post.published"] } }));
      expect(created.status).toBe(400);
      expect(created.body.error.fields[0]).toMatchObject({ path: "url", message: expect.stringMatching(/must start with https:\/\//) });
      const id = dev.body.endpoint.id;
      const patched = await callRoute(endpoint.PATCH, req("PATCH", `/api/webhook-endpoints/${id}`, { key, body: { url: "http://hooks.herald-test.invalid/y" } }), { id });
      expect(patched.status).toBe(400);
      expect(patched.body.error.fields[0].path).toBe("url");
      const https = await callRoute(endpoints.POST, req("POST", "/api/webhook-endpoints", { key, body: { url: "https://hooks.herald-test.invalid/z", events: ["post.published"] } }));
      expect(https.status).toBe(201);
    } finally {
      vi.unstubAllEnvs();
      resetEnvCache();
    }
    const urls = (await db().webhookEndpoint.findMany({ where: { workspaceId: workspace.id }, select: { url: true } })).map((e) => e.url).sort();
    expect(urls).toEqual(["http://hooks.herald-test.invalid/dev", "https://hooks.herald-test.invalid/z"]);
  });

  it("needs an admin: an editor gets 403", async () => {
    const owner = await signUp(`wh-owner-${Math.random().toString(36).slice(2, 8)}@example.com`);
    const created = await callRoute(workspaces.POST, browserReq("POST", "/api/workspaces", { jar: owner.jar, body: { name: "Hooks Bakery", timeZone: "UTC" } }));
    const workspaceId = created.body.workspace.id as string;
    const editor = await signUp(`wh-editor-${Math.random().toString(36).slice(2, 8)}@example.com`);
    await db().membership.create({ data: { workspaceId, userId: editor.user.id, role: "editor" } });
    expect((await callRoute(active.POST, browserReq("POST", "/api/workspaces/active", { jar: editor.jar, body: { workspaceId } }))).status).toBe(200);
    expect((await callRoute(endpoints.GET, browserReq("GET", "/api/webhook-endpoints", { jar: editor.jar }))).status).toBe(403);
    const ownerAdds = await callRoute(endpoints.POST, browserReq("POST", "/api/webhook-endpoints", { jar: owner.jar, body: { url: hookPath().url, events: ["post.failed"] } }));
    expect(ownerAdds.status).toBe(201);
    const post = await callRoute(endpoints.POST, browserReq("POST", "/api/webhook-endpoints", { jar: editor.jar, body: { url: hookPath().url, events: ["post.failed"] } }));
    expect(post.status).toBe(403);
  });
});

describe("the test button", () => {
  it("sends a signed webhook.test now and answers with the delivery, which the log then lists", async () => {
    const { workspace, key } = await workspaceWithKey();
    const h = hookPath(200);
    const ep = await addEndpoint(key, { url: h.url, events: ["post.published"] });
    const r = await callRoute(testRoute.POST, req("POST", `/api/webhook-endpoints/${ep.id}/test`, { key }), { id: ep.id });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.delivery).toMatchObject({ eventType: "webhook.test", status: "delivered", responseStatus: 200, attempts: 1 });
    expect(h.received()).toHaveLength(1);
    const got = h.received()[0];
    expect(got.headers["webhook-timestamp"]).toBe(String(T.getTime() / 1000));
    const payload = verified(ep.secret, got);
    expect(payload).toMatchObject({ type: "webhook.test", timestamp: T.toISOString(), data: { endpointId: ep.id, workspaceId: workspace.id } });
    // A wrong secret or a changed body does not verify.
    expect(() => verified("whsec_" + Buffer.alloc(24, 7).toString("base64"), got)).toThrow();
    expect(() => verified(ep.secret, { ...got, raw: Buffer.from(got.raw.toString().replace("webhook.test", "webhook.tesT")) })).toThrow();

    const log = await callRoute(deliveries.GET, req("GET", `/api/webhook-endpoints/${ep.id}/deliveries`, { key }), { id: ep.id });
    expect(log.status).toBe(200);
    expect(log.body.deliveries).toHaveLength(1);
    expect(log.body.deliveries[0]).toMatchObject({ id: r.body.delivery.id, status: "delivered", responseStatus: 200 });
    expect(JSON.stringify(log.body)).not.toContain(ep.secret.slice(6));
  });

  it("reports a failing endpoint's status in place", async () => {
    const { key } = await workspaceWithKey();
    const h = hookPath(500);
    const ep = await addEndpoint(key, { url: h.url, events: ["post.published"] });
    const r = await callRoute(testRoute.POST, req("POST", `/api/webhook-endpoints/${ep.id}/test`, { key }), { id: ep.id });
    expect(r.body.delivery).toMatchObject({ status: "failed", responseStatus: 500, error: "The endpoint answered HTTP 500." });
  });
});

describe("events from real causes reach the endpoint exactly once", () => {
  it("post.published: a simulated publish", async () => {
    const { workspace, key } = await workspaceWithKey();
    const h = hookPath();
    const ep = await addEndpoint(key, { url: h.url, events: ["post.published"] });
    const acct = await simulatedAccount(workspace.id, "bluesky");
    const { postId, tasks } = await scheduleAt(workspace.id, acct.id, "Sourdough at noon");
    await drain(workspace.id);
    expect(h.received()).toHaveLength(1);
    const body = verified(ep.secret, h.received()[0]);
    expect(body.type).toBe("post.published");
    expect(body.data).toMatchObject({ postId, taskId: tasks[0].id, accountId: acct.id, platform: "bluesky", handle: acct.handle });
    expect(String(body.data.link)).toMatch(/\/dashboard\/posts$/);
    expect(await db().webhookDelivery.findMany({ where: { endpointId: ep.id }, select: { status: true, attempts: true } })).toEqual([{ status: "delivered", attempts: 1 }]);
  });

  it("post.failed: a publish that fails for good (and an endpoint not subscribed to it gets nothing)", async () => {
    const { workspace, key } = await workspaceWithKey();
    const h = hookPath();
    const other = hookPath();
    const ep = await addEndpoint(key, { url: h.url, events: ["post.failed"] });
    await addEndpoint(key, { url: other.url, events: ["post.published"] });
    const acct = await simulatedAccount(workspace.id, "mastodon", { simulation: { failRate: 1, failureClass: "permanent" } });
    const { postId } = await scheduleAt(workspace.id, acct.id, "Rye loaves are back");
    await drain(workspace.id);
    expect(h.received()).toHaveLength(1);
    const body = verified(ep.secret, h.received()[0]);
    expect(body).toMatchObject({ type: "post.failed", data: { postId, status: "failed", accountId: acct.id } });
    expect((body.data.error as { code: string }).code).toBeTruthy();
    expect(other.received()).toHaveLength(0);
  });

  it("post.needs_review: a post held for approval, in the transaction that holds it", async () => {
    const owner = await signUp(`wh-ro-${Math.random().toString(36).slice(2, 8)}@example.com`);
    const created = await callRoute(workspaces.POST, browserReq("POST", "/api/workspaces", { jar: owner.jar, body: { name: "Review Bakery", timeZone: "UTC" } }));
    const workspaceId = created.body.workspace.id as string;
    expect((await callRoute(settings.PATCH, browserReq("PATCH", "/api/workspace/settings", { jar: owner.jar, body: { requireApproval: true } }))).status).toBe(200);
    const editor = await signUp(`wh-re-${Math.random().toString(36).slice(2, 8)}@example.com`);
    await db().membership.create({ data: { workspaceId, userId: editor.user.id, role: "editor" } });
    expect((await callRoute(active.POST, browserReq("POST", "/api/workspaces/active", { jar: editor.jar, body: { workspaceId } }))).status).toBe(200);
    const h = hookPath();
    const add = await callRoute(endpoints.POST, browserReq("POST", "/api/webhook-endpoints", { jar: owner.jar, body: { url: h.url, events: ["post.needs_review"] } }));
    expect(add.status).toBe(201);
    const acct = await simulatedAccount(workspaceId, "bluesky");
    const r = await callRoute(schedule.POST, browserReq("POST", "/api/agent/schedule", { jar: editor.jar, body: { accountIds: [acct.id], content: "Pretzels on Friday" } }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.approvalState).toBe("pending");
    await drain(workspaceId);
    expect(h.received()).toHaveLength(1);
    expect(verified(add.body.secret, h.received()[0])).toMatchObject({ type: "post.needs_review", data: { postId: r.body.postId, approvalState: "pending" } });
  });

  it("account.needs_reconnect: once per marking, however many tasks are refused", async () => {
    const { workspace, key } = await workspaceWithKey();
    const h = hookPath();
    const ep = await addEndpoint(key, { url: h.url, events: ["account.needs_reconnect"] });
    const acct = await simulatedAccount(workspace.id, "linkedin", { simulation: { failRate: 1, failureClass: "auth" } });
    await scheduleAt(workspace.id, acct.id, "one");
    await scheduleAt(workspace.id, acct.id, "two");
    await drain(workspace.id);
    expect((await db().socialAccount.findUniqueOrThrow({ where: { id: acct.id } })).status).toBe("needs_reconnect");
    expect(h.received()).toHaveLength(1);
    expect(verified(ep.secret, h.received()[0])).toMatchObject({ type: "account.needs_reconnect", data: { accountId: acct.id, platform: "linkedin", handle: acct.handle } });
  });

  it("inbox.item: one signed delivery per newly collected item, none for a re-sweep of the same items, none for an endpoint not subscribed", async () => {
    const { workspace, key } = await workspaceWithKey();
    const h = hookPath();
    const other = hookPath();
    const ep = await addEndpoint(key, { url: h.url, events: ["inbox.item"] });
    await addEndpoint(key, { url: other.url, events: ["post.published"] });
    const acct = await simulatedAccount(workspace.id, "mastodon");
    // A post published 5 hours ago: its simulated replies (at most 4, 20 minutes apart) are all there.
    const post = await db().post.create({ data: { workspaceId: workspace.id, text: "Rye loaves", status: "published" } });
    await db().postTarget.create({ data: { workspaceId: workspace.id, postId: post.id, accountId: acct.id, platform: "mastodon", status: "published", platformPostId: "sim-inbox-wh-1", publishedAt: plus(-300) } });
    const sweep = async (at: Date) => {
      await sweepInbox(db(), { now: at, workspaceId: workspace.id, idleThresholdMs: 5 * 60_000 });
      await runProcessor({ at, workspaceId: workspace.id });
    };
    await sweep(T);
    await drain(workspace.id);
    const items = await db().inboxItem.findMany({ where: { accountId: acct.id }, select: { id: true, kind: true } });
    expect(items.length).toBeGreaterThan(0);
    expect(h.received()).toHaveLength(items.length);
    const bodies = h.received().map((r) => verified(ep.secret, r));
    expect(bodies.map((b) => b.type)).toEqual(items.map(() => "inbox.item"));
    expect(bodies.map((b) => b.data.inboxItemId).sort()).toEqual(items.map((i) => i.id).sort());
    expect(bodies[0].data).toMatchObject({ accountId: acct.id, platform: "mastodon", kind: "reply" });
    expect(String(bodies[0].data.link)).toMatch(/\/dashboard\/inbox$/);
    // The next sweep reads the same replies again: nothing new, nothing sent.
    await sweep(plus(INBOX_IDLE_MS / 60_000 + 1));
    await drain(workspace.id, INBOX_IDLE_MS / 60_000 + 1);
    expect(await db().agentTask.count({ where: { accountId: acct.id, type: "inbox_sweep", status: "completed" } })).toBe(2);
    expect(await db().inboxItem.count({ where: { accountId: acct.id } })).toBe(items.length);
    expect(h.received()).toHaveLength(items.length);
    expect(other.received()).toHaveLength(0);
    expect(await db().webhookDelivery.count({ where: { workspaceId: workspace.id } })).toBe(items.length);
  });

  it("a cause rolled back emits nothing", async () => {
    const { workspace, key } = await workspaceWithKey();
    await addEndpoint(key, { url: hookPath().url, events: ["post.needs_review"] });
    const { notifyHeld } = await import("../../lib/notifications");
    await expect(
      db().$transaction(async (tx) => {
        await notifyHeld(tx, { workspaceId: workspace.id, postId: "rolled-back", text: "never", now: T });
        throw new Error("the hold failed");
      }),
    ).rejects.toThrow("the hold failed");
    expect(await db().webhookDelivery.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(await db().agentTask.count({ where: { workspaceId: workspace.id, type: "webhook" } })).toBe(0);
  });
});

describe("retries, 410 and the log", () => {
  it("retries on 500 on the scheduler's backoff, with the same webhook-id, then delivers", async () => {
    const { workspace, key } = await workspaceWithKey();
    let calls = 0;
    const h = hookPath(() => (++calls === 1 ? 500 : 200));
    const ep = await addEndpoint(key, { url: h.url, events: ["post.published"] });
    const acct = await simulatedAccount(workspace.id, "bluesky");
    await scheduleAt(workspace.id, acct.id, "Croissants");
    await drain(workspace.id);
    expect(h.received()).toHaveLength(1);
    const d1 = await db().webhookDelivery.findFirstOrThrow({ where: { endpointId: ep.id } });
    expect(d1).toMatchObject({ status: "pending", attempts: 1, responseStatus: 500, error: "The endpoint answered HTTP 500." });
    const task = await db().agentTask.findFirstOrThrow({ where: { workspaceId: workspace.id, type: "webhook" } });
    expect(task.status).toBe("pending");
    expect(task.scheduledAt.getTime()).toBe(plus(0.5).getTime() + 5 * 60_000);
    await drain(workspace.id, 7);
    expect(h.received()).toHaveLength(2);
    expect(h.received()[1].headers["webhook-id"]).toBe(h.received()[0].headers["webhook-id"]);
    expect(verified(ep.secret, h.received()[1]).type).toBe("post.published");
    expect(await db().webhookDelivery.findFirstOrThrow({ where: { endpointId: ep.id } })).toMatchObject({ status: "delivered", attempts: 2, responseStatus: 200, error: null });
  });

  it("fails for good after the last retry and shows so in the log", async () => {
    const { workspace, key } = await workspaceWithKey();
    const h = hookPath(503);
    const ep = await addEndpoint(key, { url: h.url, events: ["post.published"] });
    const acct = await simulatedAccount(workspace.id, "bluesky");
    await scheduleAt(workspace.id, acct.id, "Baguettes");
    for (let hour = 0; hour < 8; hour++) await drain(workspace.id, hour * 120);
    const task = await db().agentTask.findFirstOrThrow({ where: { workspaceId: workspace.id, type: "webhook" } });
    expect(task.status).toBe("failed");
    expect(h.received()).toHaveLength(task.maxRetries + 1);
    const log = await callRoute(deliveries.GET, req("GET", `/api/webhook-endpoints/${ep.id}/deliveries`, { key }), { id: ep.id });
    expect(log.body.deliveries[0]).toMatchObject({ eventType: "post.published", status: "failed", attempts: task.maxRetries + 1, responseStatus: 503 });
  });

  it("410 Gone switches the endpoint off; later events are not queued for it", async () => {
    const { workspace, key } = await workspaceWithKey();
    const h = hookPath(410);
    const ep = await addEndpoint(key, { url: h.url, events: ["post.published"] });
    const acct = await simulatedAccount(workspace.id, "bluesky");
    await scheduleAt(workspace.id, acct.id, "First");
    await drain(workspace.id);
    expect(h.received()).toHaveLength(1);
    expect(await db().webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } })).toMatchObject({ enabled: false, disabledReason: "gone" });
    expect(await db().agentTask.findFirstOrThrow({ where: { workspaceId: workspace.id, type: "webhook" } })).toMatchObject({ status: "failed", lastErrorCode: "endpoint_gone" });
    await scheduleAt(workspace.id, acct.id, "Second");
    await drain(workspace.id, 10);
    expect(h.received()).toHaveLength(1);
    expect(await db().webhookDelivery.count({ where: { endpointId: ep.id } })).toBe(1);
    // An admin switches it on again: Herald's reason goes.
    const on = await callRoute(endpoint.PATCH, req("PATCH", `/api/webhook-endpoints/${ep.id}`, { key, body: { enabled: true } }), { id: ep.id });
    expect(on.body.endpoint).toMatchObject({ enabled: true, disabledReason: null });
  });
});

describe("workspaces are apart", () => {
  it("an event of A never reaches B's endpoint, and B cannot see, change, test or delete A's", async () => {
    const a = await workspaceWithKey("Alder");
    const b = await workspaceWithKey("Birch");
    const ha = hookPath();
    const hb = hookPath();
    const epA = await addEndpoint(a.key, { url: ha.url, events: ["post.published"] });
    await addEndpoint(b.key, { url: hb.url, events: ["post.published"] });
    const acct = await simulatedAccount(a.workspace.id, "bluesky");
    await scheduleAt(a.workspace.id, acct.id, "Only for Alder");
    await drain(a.workspace.id);
    await drain(b.workspace.id);
    expect(ha.received()).toHaveLength(1);
    expect(hb.received()).toHaveLength(0);

    const list = await callRoute(endpoints.GET, req("GET", "/api/webhook-endpoints", { key: b.key }));
    expect(list.body.endpoints.map((e: { id: string }) => e.id)).not.toContain(epA.id);
    const id = { id: epA.id };
    expect((await callRoute(endpoint.PATCH, req("PATCH", `/api/webhook-endpoints/${epA.id}`, { key: b.key, body: { enabled: false } }), id)).status).toBe(404);
    expect((await callRoute(testRoute.POST, req("POST", `/api/webhook-endpoints/${epA.id}/test`, { key: b.key }), id)).status).toBe(404);
    expect((await callRoute(deliveries.GET, req("GET", `/api/webhook-endpoints/${epA.id}/deliveries`, { key: b.key }), id)).status).toBe(404);
    expect((await callRoute(endpoint.DELETE, req("DELETE", `/api/webhook-endpoints/${epA.id}`, { key: b.key }), id)).status).toBe(404);
    expect(await db().webhookEndpoint.findUniqueOrThrow({ where: { id: epA.id } })).toMatchObject({ enabled: true });
    expect(ha.received()).toHaveLength(1);
    // A deletes its own: the log goes with it.
    expect((await callRoute(endpoint.DELETE, req("DELETE", `/api/webhook-endpoints/${epA.id}`, { key: a.key }), id)).status).toBe(200);
    expect(await db().webhookDelivery.count({ where: { endpointId: epA.id } })).toBe(0);
  });
});
