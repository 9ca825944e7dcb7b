// Workspace settings, API keys and the "add to queue" slot through the real route handlers:
// field errors, roles (viewer/editor read-only, admin writes), keys shown once, revocation,
// workspace scoping (another workspace's ids are 404) and taken slots skipped.
import { describe, expect, it } from "vitest";
import * as workspaces from "../../app/api/workspaces/route";
import * as active from "../../app/api/workspaces/active/route";
import * as settings from "../../app/api/workspace/settings/route";
import * as apiKeys from "../../app/api/workspace/api-keys/route";
import * as apiKey from "../../app/api/workspace/api-keys/[id]/route";
import * as nextSlot from "../../app/api/workspace/next-slot/route";
import type { Role } from "../../lib/auth/roles";
import { db } from "../../lib/db";
import { browserReq, type Jar, signUp } from "../support/auth";
import { params, req, simulatedAccount, workspaceWithKey } from "../support/factories";

type Handler = (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(handler: Handler, method: string, path: string, opts: { jar?: Jar; key?: string; body?: unknown; id?: string } = {}) {
  const request = opts.key ? req(method, path, { key: opts.key, body: opts.body }) : browserReq(method, path, opts);
  const res = await handler(request, opts.id ? params({ id: opts.id }) : undefined);
  opts.jar?.take(res);
  return { status: res.status, body: await res.json(), headers: res.headers };
}

async function ownerWithWorkspace(email: string, name = "Corner Bakery", timeZone = "Europe/Berlin") {
  const { jar, user } = await signUp(email);
  const created = await call(workspaces.POST, "POST", "/api/workspaces", { jar, body: { name, timeZone } });
  expect(created.status).toBe(201);
  return { jar, user, workspaceId: created.body.workspace.id as string };
}

async function memberAs(workspaceId: string, role: Role) {
  const { jar, user } = await signUp(`${role}-${Math.random().toString(36).slice(2, 8)}@example.com`);
  await db().membership.create({ data: { workspaceId, userId: user.id, role } });
  const sw = await call(active.POST, "POST", "/api/workspaces/active", { jar, body: { workspaceId } });
  expect(sw.status, JSON.stringify(sw.body)).toBe(200);
  return { jar, user };
}

describe("workspace settings", () => {
  it("reads defaults, updates every field and answers field errors for bad input", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-settings@example.com");
    const first = await call(settings.GET, "GET", "/api/workspace/settings", { jar });
    expect(first.status).toBe(200);
    expect(first.body.settings).toMatchObject({
      id: workspaceId,
      name: "Corner Bakery",
      timeZone: "Europe/Berlin",
      postingSlots: [],
      brandVoice: { tone: "", language: "", emoji: "few", maxHashtags: 3, avoidWords: [], guidelines: "" },
    });

    const body = {
      name: "Corner Bakery & Café",
      timeZone: "America/New_York",
      postingSlots: [{ weekday: 5, time: "17:00" }, { weekday: 1, time: "09:30" }],
      brandVoice: { tone: "warm", language: "en-US", emoji: "none", maxHashtags: 2, avoidWords: ["cheap"], guidelines: "Say hello." },
    };
    const updated = await call(settings.PATCH, "PATCH", "/api/workspace/settings", { jar, body });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    // Slots come back sorted by weekday and time.
    expect(updated.body.settings).toMatchObject({ ...body, postingSlots: [{ weekday: 1, time: "09:30" }, { weekday: 5, time: "17:00" }] });
    const ws = await db().workspace.findUniqueOrThrow({ where: { id: workspaceId } });
    expect([ws.name, ws.timeZone]).toEqual(["Corner Bakery & Café", "America/New_York"]);

    // A partial update leaves the rest alone.
    const partial = await call(settings.PATCH, "PATCH", "/api/workspace/settings", { jar, body: { name: "Bakery" } });
    expect(partial.body.settings).toMatchObject({ name: "Bakery", timeZone: "America/New_York", brandVoice: { tone: "warm" } });

    const bad = await call(settings.PATCH, "PATCH", "/api/workspace/settings", {
      jar,
      body: {
        name: "",
        timeZone: "Mars/Olympus",
        postingSlots: [{ weekday: 8, time: "25:00" }],
        brandVoice: { emoji: "loads", maxHashtags: 99, language: "not a tag!" },
      },
    });
    expect(bad.status).toBe(400);
    const paths = Object.fromEntries(bad.body.error.fields.map((f: { path: string; message: string }) => [f.path, f.message]));
    expect(paths).toMatchObject({
      name: "Give the workspace a name.",
      timeZone: expect.stringContaining("IANA"),
      "postingSlots.0.weekday": expect.stringContaining("Weekdays"),
      "postingSlots.0.time": expect.stringContaining("24-hour"),
      "brandVoice.emoji": "Choose none, few or many.",
      "brandVoice.maxHashtags": "Use 0 to 30.",
      "brandVoice.language": expect.stringContaining("language tag"),
    });
    const dup = await call(settings.PATCH, "PATCH", "/api/workspace/settings", {
      jar,
      body: { postingSlots: [{ weekday: 1, time: "09:00" }, { weekday: 1, time: "09:00" }] },
    });
    expect([dup.status, dup.body.error.fields[0]]).toEqual([400, { path: "postingSlots", message: "Each slot may appear only once." }]);
    const unknown = await call(settings.PATCH, "PATCH", "/api/workspace/settings", { jar, body: { slug: "x" } });
    expect(unknown.status).toBe(400);
    // Nothing of the rejected bodies was written.
    expect((await db().workspace.findUniqueOrThrow({ where: { id: workspaceId } })).name).toBe("Bakery");
  });

  it("lets viewers and editors read but not change settings (403); admins and API keys may", async () => {
    const { workspaceId } = await ownerWithWorkspace("owner-roles@example.com");
    for (const role of ["viewer", "editor"] as const) {
      const { jar } = await memberAs(workspaceId, role);
      expect((await call(settings.GET, "GET", "/api/workspace/settings", { jar })).status).toBe(200);
      const r = await call(settings.PATCH, "PATCH", "/api/workspace/settings", { jar, body: { name: `By ${role}` } });
      expect([r.status, r.body.error.details.requiredRole]).toEqual([403, "admin"]);
      expect((await call(apiKeys.GET, "GET", "/api/workspace/api-keys", { jar })).status).toBe(403);
      expect((await call(apiKeys.POST, "POST", "/api/workspace/api-keys", { jar, body: { name: "x" } })).status).toBe(403);
    }
    const { jar: admin } = await memberAs(workspaceId, "admin");
    expect((await call(settings.PATCH, "PATCH", "/api/workspace/settings", { jar: admin, body: { name: "By admin" } })).status).toBe(200);
    expect((await db().workspace.findUniqueOrThrow({ where: { id: workspaceId } })).name).toBe("By admin");
  });
});

describe("API keys", () => {
  it("refuses an API key minting or revoking keys (403): a leaked key cannot outlive its revocation", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-key-mint@example.com");
    const created = await call(apiKeys.POST, "POST", "/api/workspace/api-keys", { jar, body: { name: "Leaky" } });
    expect(created.status).toBe(201);
    const { key, id } = created.body.apiKey;

    const minted = await call(apiKeys.POST, "POST", "/api/workspace/api-keys", { key, body: { name: "Successor" } });
    expect([minted.status, minted.body.error.code, minted.body.error.details.reason]).toEqual([403, "forbidden", "api_key"]);
    expect(minted.body.error.message).toMatch(/needs a signed-in admin/);
    const other = await call(apiKeys.POST, "POST", "/api/workspace/api-keys", { jar, body: { name: "Other" } });
    const revokeOther = await call(apiKey.DELETE, "DELETE", `/api/workspace/api-keys/${other.body.apiKey.id}`, { key, id: other.body.apiKey.id });
    expect(revokeOther.status).toBe(403);
    expect(await db().apiKey.count({ where: { workspaceId, revokedAt: null } })).toBe(2);
    expect(await db().apiKey.count({ where: { workspaceId, name: "Successor" } })).toBe(0);

    // Revoked by a person, the key is gone for good: it left no successor behind.
    expect((await call(apiKey.DELETE, "DELETE", `/api/workspace/api-keys/${id}`, { jar, id })).status).toBe(200);
    expect((await call(settings.GET, "GET", "/api/workspace/settings", { key })).status).toBe(401);
  });

  it("shows a new key once; it authenticates, appears in the list by prefix, and stops when revoked", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-keys@example.com");
    const noName = await call(apiKeys.POST, "POST", "/api/workspace/api-keys", { jar, body: { name: "  " } });
    expect([noName.status, noName.body.error.fields[0].path]).toEqual([400, "name"]);

    const created = await call(apiKeys.POST, "POST", "/api/workspace/api-keys", { jar, body: { name: "Zapier" } });
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const { key, id, prefix } = created.body.apiKey;
    expect(key).toMatch(/^hk_/);
    expect(key.startsWith(prefix)).toBe(true);

    // The list never contains the key or its hash again.
    const list = await call(apiKeys.GET, "GET", "/api/workspace/api-keys", { jar });
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(key);
    expect(JSON.stringify(list.body)).not.toContain("hash");
    expect(list.body.apiKeys).toEqual([expect.objectContaining({ id, name: "Zapier", prefix, lastUsedAt: null, revokedAt: null })]);

    // The key authenticates as the workspace, and its use is recorded.
    const viaKey = await call(settings.GET, "GET", "/api/workspace/settings", { key });
    expect([viaKey.status, viaKey.body.settings.id]).toEqual([200, workspaceId]);
    const used = await call(apiKeys.GET, "GET", "/api/workspace/api-keys", { jar });
    expect(used.body.apiKeys[0].lastUsedAt).not.toBeNull();

    const revoked = await call(apiKey.DELETE, "DELETE", `/api/workspace/api-keys/${id}`, { jar, id });
    expect(revoked.status).toBe(200);
    expect(revoked.body.apiKey.revokedAt).not.toBeNull();
    const after = await call(settings.GET, "GET", "/api/workspace/settings", { key });
    expect(after.status).toBe(401);
    // Revoking again is harmless and keeps the first time.
    const again = await call(apiKey.DELETE, "DELETE", `/api/workspace/api-keys/${id}`, { jar, id });
    expect([again.status, again.body.apiKey.revokedAt]).toEqual([200, revoked.body.apiKey.revokedAt]);
  });

  it("answers 404 for another workspace's key and leaves it working", async () => {
    const { jar } = await ownerWithWorkspace("owner-a@example.com");
    const other = await workspaceWithKey("Other Shop");
    const otherKey = await db().apiKey.findFirstOrThrow({ where: { workspaceId: other.workspace.id } });
    const r = await call(apiKey.DELETE, "DELETE", `/api/workspace/api-keys/${otherKey.id}`, { jar, id: otherKey.id });
    expect(r.status).toBe(404);
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: otherKey.id } })).revokedAt).toBeNull();
    expect((await call(settings.GET, "GET", "/api/workspace/settings", { key: other.key })).status).toBe(200);
    // Lists are scoped: the other workspace's key is not in ours.
    const mine = await call(apiKeys.GET, "GET", "/api/workspace/api-keys", { jar });
    expect(mine.body.apiKeys.map((k: { id: string }) => k.id)).not.toContain(otherKey.id);
    // And a key of theirs reads their settings, never ours.
    const theirs = await call(settings.GET, "GET", "/api/workspace/settings", { key: other.key });
    expect(theirs.body.settings.id).toBe(other.workspace.id);
  });
});

describe("next free posting slot", () => {
  it("skips slots taken by scheduled posts of the chosen accounts; other accounts are 404", async () => {
    const { workspace, key } = await workspaceWithKey("Queue Bakery", "Europe/Berlin");
    const a = await simulatedAccount(workspace.id, "bluesky");
    const b = await simulatedAccount(workspace.id, "mastodon");
    const other = await workspaceWithKey("Other");
    const foreign = await simulatedAccount(other.workspace.id, "bluesky");

    const none = await call(nextSlot.GET, "GET", "/api/workspace/next-slot", { key });
    expect(none.body).toMatchObject({ success: true, scheduledAt: null, slotCount: 0, timeZone: "Europe/Berlin" });

    const slots = [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [{ weekday, time: "09:00" }, { weekday, time: "18:00" }]);
    expect((await call(settings.PATCH, "PATCH", "/api/workspace/settings", { key, body: { postingSlots: slots } })).status).toBe(200);

    const first = await call(nextSlot.GET, "GET", `/api/workspace/next-slot?accountIds=${a.id}`, { key });
    expect(first.status).toBe(200);
    const slotA = new Date(first.body.scheduledAt);
    expect(slotA.getTime()).toBeGreaterThan(Date.now());
    // 09:00 or 18:00 in Berlin.
    const berlinHour = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(slotA);
    expect(["09:00", "18:00"]).toContain(berlinHour);

    // A scheduled post on account a takes that slot.
    const post = await db().post.create({ data: { workspaceId: workspace.id, text: "Queued", scheduledAt: slotA } });
    await db().postTarget.create({ data: { workspaceId: workspace.id, postId: post.id, accountId: a.id, platform: "bluesky" } });

    const second = await call(nextSlot.GET, "GET", `/api/workspace/next-slot?accountIds=${a.id}`, { key });
    expect(new Date(second.body.scheduledAt).getTime()).toBeGreaterThan(slotA.getTime());
    // For a and b together it is taken too; for b alone, and for a cancelled post, it is free.
    const both = await call(nextSlot.GET, "GET", `/api/workspace/next-slot?accountIds=${a.id},${b.id}`, { key });
    expect(both.body.scheduledAt).toBe(second.body.scheduledAt);
    const onlyB = await call(nextSlot.GET, "GET", `/api/workspace/next-slot?accountIds=${b.id}`, { key });
    expect(onlyB.body.scheduledAt).toBe(slotA.toISOString());
    const workspaceWide = await call(nextSlot.GET, "GET", "/api/workspace/next-slot", { key });
    expect(workspaceWide.body.scheduledAt).toBe(second.body.scheduledAt);
    await db().post.update({ where: { id: post.id }, data: { status: "cancelled" } });
    const freed = await call(nextSlot.GET, "GET", `/api/workspace/next-slot?accountIds=${a.id}`, { key });
    expect(freed.body.scheduledAt).toBe(slotA.toISOString());

    // Another workspace's account is not found, alone or mixed with ours.
    for (const ids of [foreign.id, `${a.id},${foreign.id}`]) {
      const r = await call(nextSlot.GET, "GET", `/api/workspace/next-slot?accountIds=${ids}`, { key });
      expect(r.status).toBe(404);
    }
    const junk = await call(nextSlot.GET, "GET", "/api/workspace/next-slot?other=1", { key });
    expect(junk.status).toBe(400);
  });

  it("is readable by a viewer", async () => {
    const { workspaceId } = await ownerWithWorkspace("owner-slot@example.com");
    const { jar } = await memberAs(workspaceId, "viewer");
    expect((await call(nextSlot.GET, "GET", "/api/workspace/next-slot", { jar })).status).toBe(200);
  });
});
