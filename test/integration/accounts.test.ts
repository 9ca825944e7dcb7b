// Social accounts through the API: credentials validated, encrypted at rest and never returned;
// reconnecting re-queues what failed on auth; the seeds' env variables as a one-workspace fallback.
import { describe, expect, it } from "vitest";
import * as accounts from "../../app/api/accounts/route";
import * as account from "../../app/api/accounts/[id]/route";
import * as schedule from "../../app/api/agent/schedule/route";
import { decryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { params, req, runProcessor, workspaceWithKey } from "../support/factories";

async function json(res: Response) {
  return { status: res.status, body: await res.json() };
}

const mastodonCreds = { instanceUrl: "https://social.example", accessToken: "secret-token-value-123" };

describe("accounts", () => {
  it("stores credentials encrypted and never returns them", async () => {
    const { key } = await workspaceWithKey();
    const created = await json(
      await accounts.POST(req("POST", "/api/accounts", { key, body: { platform: "mastodon", handle: "bakery@social.example", credentials: mastodonCreds } })),
    );
    expect(created.status).toBe(201);
    expect(created.body.account).toMatchObject({ platform: "mastodon", simulated: false, status: "active" });
    const everything = JSON.stringify([created.body, (await json(await accounts.GET(req("GET", "/api/accounts", { key })))).body]);
    expect(everything).not.toContain("secret-token-value-123");
    expect(everything).not.toContain("credentials");

    const row = await db().socialAccount.findUniqueOrThrow({ where: { id: created.body.account.id }, omit: { credentials: false } });
    expect(row.credentials).not.toContain("secret-token-value-123");
    expect(decryptJson(row.credentials!)).toEqual(mastodonCreds);
  });

  it("rejects malformed credentials field by field", async () => {
    const { workspace, key } = await workspaceWithKey();
    const bad = await json(
      await accounts.POST(req("POST", "/api/accounts", { key, body: { platform: "mastodon", handle: "x", credentials: { instanceUrl: "not a url" } } })),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(["credentials.accessToken", "credentials.instanceUrl"]);
    const whatsapp = await json(await accounts.POST(req("POST", "/api/accounts", { key, body: { platform: "whatsapp", handle: "x", credentials: { token: "t" } } })));
    expect(whatsapp.status).toBe(400);
    expect(whatsapp.body.error.message).toMatch(/not valid WhatsApp credentials/);
    expect(whatsapp.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(["credentials.accessToken", "credentials.phoneNumberId"]);
    expect(await db().socialAccount.count({ where: { workspaceId: workspace.id } })).toBe(0);
    const dup = { platform: "bluesky", handle: "same.bsky.social" };
    expect((await accounts.POST(req("POST", "/api/accounts", { key, body: dup }))).status).toBe(201);
    expect((await accounts.POST(req("POST", "/api/accounts", { key, body: dup }))).status).toBe(409);
  });

  it("re-queues tasks that failed on auth when the account is reconnected", async () => {
    const { workspace, key } = await workspaceWithKey();
    const created = await json(
      await accounts.POST(req("POST", "/api/accounts", { key, body: { platform: "bluesky", handle: "shop.bsky.social", simulation: { failRate: 1, failureClass: "auth" } } })),
    );
    const id = created.body.account.id;
    const s = await json(await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { accountId: id, content: "hello" } })));
    await runProcessor({ workspaceId: workspace.id });
    expect((await json(await account.GET(req("GET", `/api/accounts/${id}`, { key }), params({ id })))).body.account.status).toBe("needs_reconnect");

    const fixed = await json(
      await account.PATCH(req("PATCH", `/api/accounts/${id}`, { key, body: { credentials: null, simulation: { failRate: 0 } } }), params({ id })),
    );
    expect(fixed.body).toMatchObject({ requeuedTasks: 1, account: { status: "active", simulated: true } });
    await runProcessor({ workspaceId: workspace.id });
    const task = await db().agentTask.findUniqueOrThrow({ where: { id: s.body.task.id } });
    expect(task.status).toBe("completed");
    expect((await db().post.findUniqueOrThrow({ where: { id: s.body.postId } })).status).toBe("published");
  });

  it("disconnecting cancels the account's pending tasks; another workspace gets 404", async () => {
    const { key } = await workspaceWithKey();
    const other = await workspaceWithKey("Other");
    const created = await json(await accounts.POST(req("POST", "/api/accounts", { key, body: { platform: "bluesky", handle: "a.bsky.social" } })));
    const id = created.body.account.id;
    const s = await json(await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { accountId: id, content: "later", scheduledAt: new Date(Date.now() + 3600_000).toISOString() } })));
    expect((await account.DELETE(req("DELETE", `/api/accounts/${id}`, { key: other.key }), params({ id }))).status).toBe(404);
    expect((await account.PATCH(req("PATCH", `/api/accounts/${id}`, { key: other.key, body: { displayName: "x" } }), params({ id }))).status).toBe(404);
    const del = await json(await account.DELETE(req("DELETE", `/api/accounts/${id}`, { key }), params({ id })));
    expect(del.body).toEqual({ success: true, cancelledTasks: 1 });
    expect((await db().agentTask.findUniqueOrThrow({ where: { id: s.body.task.id } })).status).toBe("cancelled");
  });

  it("validates a post at schedule time with the account's own adapter", async () => {
    const { key } = await workspaceWithKey();
    const x = await json(
      await accounts.POST(req("POST", "/api/accounts", { key, body: { platform: "twitter", handle: "bakery", credentials: { apiKey: "k", apiSecret: "s", accessToken: "t", accessTokenSecret: "ts" } } })),
    );
    // X counts the appended link (23) and its separator: 270 + 25 > 280.
    const body = { accountId: x.body.account.id, content: "x".repeat(270), config: { link: "https://bakery.example/menu" } };
    const r = await json(await schedule.POST(req("POST", "/api/agent/schedule", { key, body })));
    expect(r.status).toBe(400);
    expect(r.body.error.fields[0]).toMatchObject({ path: "content", message: expect.stringMatching(/^twitter: .*280/) });
  });

  it("uses the seeds' environment variables for the only workspace, and never for a second one", async () => {
    process.env.MASTODON_API_URL = "https://env.example";
    process.env.MASTODON_ACCESS_TOKEN = "env-token";
    resetEnvCache();
    try {
      await db().workspace.deleteMany({});
      const solo = await workspaceWithKey("Solo");
      const r = await json(await schedule.POST(req("POST", "/api/agent/schedule", { key: solo.key, body: { platform: "mastodon", content: "from env", scheduledAt: new Date(Date.now() + 3600_000).toISOString() } })));
      const acct = await db().socialAccount.findUniqueOrThrow({ where: { id: r.body.task.accountId }, omit: { credentials: false } });
      expect(acct.handle).toBe("env@env.example");
      expect(decryptJson(acct.credentials!)).toEqual({ instanceUrl: "https://env.example", accessToken: "env-token" });

      const second = await workspaceWithKey("Second");
      const r2 = await json(await schedule.POST(req("POST", "/api/agent/schedule", { key: second.key, body: { platform: "mastodon", content: "no env for me", scheduledAt: new Date(Date.now() + 3600_000).toISOString() } })));
      const acct2 = await db().socialAccount.findUniqueOrThrow({ where: { id: r2.body.task.accountId }, omit: { credentials: false } });
      expect([acct2.handle, acct2.credentials]).toEqual(["simulated-mastodon", null]);
    } finally {
      delete process.env.MASTODON_API_URL;
      delete process.env.MASTODON_ACCESS_TOKEN;
      resetEnvCache();
    }
  });
});
