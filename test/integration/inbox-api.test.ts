// The community inbox's API (docs/decisions.md, "Inbox"): GET /api/inbox with its filters and
// cursor paging, GET /api/inbox/:id with the thread and history, PATCH for done / hidden /
// assignment, scoped to the caller's workspace and checked by role.
import { beforeAll, describe, expect, it } from "vitest";
import * as listRoute from "../../app/api/inbox/route";
import * as itemRoute from "../../app/api/inbox/[id]/route";
import { createApiKey } from "../../lib/auth/api-keys";
import { db } from "../../lib/db";
import { storeCollected } from "../../lib/inbox/store";
import { callRoute, pinClock, req, simulatedAccount, workspaceWithKey } from "../support/factories";
import { browserReq, signUp } from "../support/auth";

const T0 = new Date("2031-05-01T09:00:00Z");
const at = (min: number) => new Date(T0.getTime() + min * 60_000);

// Changes are stamped after the items were collected.
pinClock(at(60));

let ws: { id: string; key: string; accountId: string; otherAccountId: string; postId: string; targetId: string };
let other: { id: string; key: string; itemId: string };

beforeAll(async () => {
  const { workspace, key } = await workspaceWithKey("Inbox API Bakery");
  const blue = await simulatedAccount(workspace.id, "bluesky");
  const masto = await simulatedAccount(workspace.id, "mastodon");
  const post = await db().post.create({ data: { workspaceId: workspace.id, text: "Our sourdough is back", status: "published" } });
  const target = await db().postTarget.create({ data: { workspaceId: workspace.id, postId: post.id, accountId: blue.id, platform: "bluesky", status: "published", platformPostId: "sim_post_1", publishedAt: T0 } });
  await storeCollected(db(), blue, [
    { remoteId: "r1", kind: "reply", remoteParentId: "sim_post_1", remoteRootId: "sim_post_1", authorHandle: "ann", text: "Love the sourdough!", remoteCreatedAt: at(1), simulated: true },
    { remoteId: "r2", kind: "reply", remoteParentId: "r1", remoteRootId: "sim_post_1", authorHandle: "ben", text: "Is it vegan?", remoteCreatedAt: at(2), simulated: true },
    { remoteId: "r3", kind: "reply", remoteParentId: "sim_post_1", remoteRootId: "sim_post_1", authorHandle: "cat", text: "Terrible, it was stale", remoteCreatedAt: at(3), simulated: true },
  ], [], at(5));
  await storeCollected(db(), masto, [
    { remoteId: "m1", kind: "mention", authorHandle: "dan@social", text: "@bakery open today?", remoteCreatedAt: at(4), simulated: true },
  ], [], at(5));
  ws = { id: workspace.id, key, accountId: blue.id, otherAccountId: masto.id, postId: post.id, targetId: target.id };

  const o = await workspaceWithKey("Other Inbox Bakery");
  const oa = await simulatedAccount(o.workspace.id, "bluesky");
  const stored = await storeCollected(db(), oa, [{ remoteId: "x1", kind: "reply", authorHandle: "eve", text: "OTHER-SECRET reply", remoteCreatedAt: at(6), simulated: true }], [], at(6));
  other = { id: o.workspace.id, key: o.key, itemId: stored.inserted[0] };
});

const list = (query: string, key = ws.key) => callRoute(listRoute.GET, req("GET", `/api/inbox${query}`, { key }));
const texts = (b: { items: { text: string }[] }) => b.items.map((i) => i.text);

describe("GET /api/inbox", () => {
  it("lists the workspace's items newest first with the open count, and nothing of another workspace", async () => {
    const { status, body } = await list("");
    expect(status).toBe(200);
    expect(texts(body as never)).toEqual(["@bakery open today?", "Terrible, it was stale", "Is it vegan?", "Love the sourdough!"]);
    expect(body.unread).toBe(4);
    expect(body.items[1]).toMatchObject({ platform: "bluesky", simulated: true, sentiment: "negative", intent: "complaint", classifiedBy: "rules", account: { handle: expect.any(String) } });
    expect(JSON.stringify(body)).not.toContain("OTHER-SECRET");
  });

  it("filters by network, account, post, sentiment and unanswered", async () => {
    expect(texts((await list("?network=mastodon")).body as never)).toEqual(["@bakery open today?"]);
    expect(texts((await list(`?account=${ws.otherAccountId}`)).body as never)).toEqual(["@bakery open today?"]);
    expect(texts((await list(`?post=${ws.postId}`)).body as never)).toEqual(["Terrible, it was stale", "Is it vegan?", "Love the sourdough!"]);
    expect(texts((await list("?sentiment=negative")).body as never)).toEqual(["Terrible, it was stale"]);
    expect((await list("?unanswered=true")).body.items).toHaveLength(4);
  });

  it("pages with a cursor, and refuses another workspace's item as the cursor", async () => {
    const p1 = await list("?limit=3");
    expect(p1.body.items).toHaveLength(3);
    const p2 = await list(`?limit=3&cursor=${p1.body.nextCursor}`);
    expect(texts(p2.body as never)).toEqual(["Love the sourdough!"]);
    expect(p2.body.nextCursor).toBeNull();
    const foreign = await list(`?cursor=${other.itemId}`);
    expect(foreign.status).toBe(400);
    expect(JSON.stringify(foreign.body)).not.toContain("OTHER-SECRET");
  });

  it("answers bad filters with a 400 that names them", async () => {
    const r = await list("?sentiment=furious&limit=0");
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(/sentiment/);
    // assigned=me needs a person: an API key is nobody.
    expect((await list("?assigned=me")).status).toBe(400);
  });
});

describe("GET and PATCH /api/inbox/:id", () => {
  it("shows the thread around an item with our post, oldest first", async () => {
    const item = await db().inboxItem.findFirstOrThrow({ where: { workspaceId: ws.id, remoteId: "r2" } });
    const { status, body } = await callRoute(itemRoute.GET, req("GET", `/api/inbox/${item.id}`, { key: ws.key }), { id: item.id });
    expect(status).toBe(200);
    expect(body.post).toMatchObject({ postTargetId: ws.targetId, text: "Our sourdough is back" });
    expect(body.thread.map((t: { remoteId: string }) => t.remoteId)).toEqual(["r1", "r2", "r3"]);
    expect(body.history.map((h: { action: string }) => h.action)).toEqual(["collected"]);
  });

  it("marks done, hides, assigns to a member, and keeps who did what", async () => {
    const owner = await signUp(`inbox-owner-${Math.random().toString(36).slice(2)}@example.com`);
    await db().membership.create({ data: { workspaceId: ws.id, userId: owner.user.id, role: "owner" } });
    await db().session.updateMany({ where: { userId: owner.user.id }, data: { activeWorkspaceId: ws.id } });
    const item = await db().inboxItem.findFirstOrThrow({ where: { workspaceId: ws.id, remoteId: "r3" } });
    const patch = (body: unknown) => callRoute(itemRoute.PATCH, browserReq("PATCH", `/api/inbox/${item.id}`, { jar: owner.jar, body }), { id: item.id });

    expect((await patch({ assignedToUserId: owner.user.id })).body.item).toMatchObject({ assignedToUserId: owner.user.id });
    const mine = await callRoute(listRoute.GET, browserReq("GET", "/api/inbox?assigned=me", { jar: owner.jar }));
    expect(texts(mine.body as never)).toEqual(["Terrible, it was stale"]);
    expect((await patch({ status: "done" })).body.item).toMatchObject({ status: "done" });
    expect(texts((await list("")).body as never)).not.toContain("Terrible, it was stale");
    expect(texts((await list("?status=done")).body as never)).toEqual(["Terrible, it was stale"]);
    expect((await patch({ status: "hidden" })).status).toBe(200);
    // Not a member: refused, nothing changes.
    const stranger = await patch({ assignedToUserId: "not-a-member" });
    expect(stranger.status).toBe(400);
    expect((await patch({})).status).toBe(400);

    const hist = await db().inboxEvent.findMany({ where: { itemId: item.id }, orderBy: { createdAt: "asc" } });
    expect(hist.map((h) => [h.action, h.actorUserId])).toEqual([
      ["collected", null],
      ["assigned", owner.user.id],
      ["done", owner.user.id],
      ["hidden", owner.user.id],
    ]);
    expect(await db().event.count({ where: { workspaceId: ws.id, type: "inbox:updated", payload: { path: ["itemId"], equals: item.id } } })).toBe(3);
  });

  it("refuses viewers' changes and another workspace's item", async () => {
    const viewer = await signUp(`inbox-viewer-${Math.random().toString(36).slice(2)}@example.com`);
    await db().membership.create({ data: { workspaceId: ws.id, userId: viewer.user.id, role: "viewer" } });
    await db().session.updateMany({ where: { userId: viewer.user.id }, data: { activeWorkspaceId: ws.id } });
    const item = await db().inboxItem.findFirstOrThrow({ where: { workspaceId: ws.id, remoteId: "r1" } });
    const r = await callRoute(itemRoute.PATCH, browserReq("PATCH", `/api/inbox/${item.id}`, { jar: viewer.jar, body: { status: "done" } }), { id: item.id });
    expect(r.status).toBe(403);
    expect((await db().inboxItem.findUniqueOrThrow({ where: { id: item.id } })).status).toBe("open");

    const key = (await createApiKey(ws.id, "second")).key;
    expect((await callRoute(itemRoute.GET, req("GET", `/api/inbox/${other.itemId}`, { key }), { id: other.itemId })).status).toBe(404);
    expect((await callRoute(itemRoute.PATCH, req("PATCH", `/api/inbox/${other.itemId}`, { key, body: { status: "done" } }), { id: other.itemId })).status).toBe(404);
    expect((await db().inboxItem.findUniqueOrThrow({ where: { id: other.itemId } })).status).toBe("open");
  });
});
