// Answering from the community inbox (docs/decisions.md, "Inbox"): POST /api/inbox/:id/reply queues
// a `reply` task that sends a real threaded reply through the account's adapter (Bluesky: a record
// whose reply refs name the answered post and its thread's root, under a record key derived from
// the task's key; Mastodon: in_reply_to_id with an Idempotency-Key; simulation), exactly once, and
// the answer then shows in the item's thread.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as replyRoute from "../../app/api/inbox/[id]/reply/route";
import * as itemRoute from "../../app/api/inbox/[id]/route";
import { encryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { storeCollected } from "../../lib/inbox/store";
import { clearBlueskySessions } from "../../lib/social/bluesky/session";
import { rkeyFor } from "../../lib/social/bluesky/rkey";
import { callRoute, req, runProcessor, simulatedAccount, workspaceWithKey } from "../support/factories";
import { BSKY_HANDLE, BSKY_PASSWORD, bskyReply, startBlueskyInbox, startMastodonInbox } from "../support/inbox-fixtures";

// Collected well before the answers, which are stamped with the real clock.
const T0 = new Date("2020-03-02T10:00:00Z");

let bsky: Awaited<ReturnType<typeof startBlueskyInbox>>;
let masto: Awaited<ReturnType<typeof startMastodonInbox>>;
beforeAll(async () => {
  bsky = await startBlueskyInbox();
  masto = await startMastodonInbox();
});
afterAll(async () => {
  await Promise.all([bsky.close(), masto.close()]);
});
beforeEach(() => clearBlueskySessions());

const answer = (id: string, key: string, body: unknown) => callRoute(replyRoute.POST, req("POST", `/api/inbox/${id}/reply`, { key, body }), { id });
const thread = (id: string, key: string) => callRoute(itemRoute.GET, req("GET", `/api/inbox/${id}`, { key }), { id });

describe("answering an inbox item", () => {
  it("replies on Bluesky under the answered post and its root, once, and shows the answer in the thread", async () => {
    const { workspace, key } = await workspaceWithKey("Bluesky Reply Bakery");
    const account = await db().socialAccount.create({
      data: { workspaceId: workspace.id, platform: "bluesky", handle: BSKY_HANDLE, credentials: encryptJson({ service: bsky.url, identifier: BSKY_HANDLE, appPassword: BSKY_PASSWORD }) },
    });
    const root = "at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/3kroot0000001";
    const n = bskyReply(7, { at: T0.toISOString(), parent: root, text: "Do you bake on Sundays?" });
    bsky.notifications.push(n);
    const stored = await storeCollected(db(), account, [{ remoteId: n.uri, kind: "reply", remoteParentId: root, remoteRootId: root, authorHandle: "fan7.bsky.social", text: "Do you bake on Sundays?", remoteCreatedAt: T0, simulated: false }], [], T0);
    const itemId = stored.inserted[0];

    const first = await answer(itemId, key, { text: "Yes, from 8 until noon." });
    expect(first.status).toBe(202);
    // The same answer again (a double click): the same task, nothing new.
    const again = await answer(itemId, key, { text: "Yes, from 8 until noon." });
    expect(again.status).toBe(200);
    expect(again.body.task.id).toBe(first.body.task.id);

    await runProcessor({ workspaceId: workspace.id });
    const task = await db().agentTask.findUniqueOrThrow({ where: { id: first.body.task.id } });
    expect(task).toMatchObject({ type: "reply", status: "completed" });
    const creates = bsky.requests.filter((r) => r.path.endsWith("com.atproto.repo.createRecord"));
    expect(creates).toHaveLength(1);
    const body = creates[0].body as { rkey: string; record: { text: string; reply: { root: { uri: string }; parent: { uri: string; cid: string } } } };
    expect(body.rkey).toBe(rkeyFor(task.idempotencyKey));
    expect(body.record.text).toBe("Yes, from 8 until noon.");
    expect(body.record.reply.parent).toEqual({ uri: n.uri, cid: n.cid });
    expect(body.record.reply.root.uri).toBe(root);

    // A second process call (cron firing twice) sends nothing more.
    await runProcessor({ workspaceId: workspace.id });
    expect(bsky.requests.filter((r) => r.path.endsWith("com.atproto.repo.createRecord"))).toHaveLength(1);

    const t = await thread(itemId, key);
    const ours = t.body.thread.filter((x: { outgoing: boolean }) => x.outgoing);
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({ text: "Yes, from 8 until noon.", remoteParentId: n.uri, authorHandle: BSKY_HANDLE, simulated: false });
    expect(t.body.item.answeredAt).not.toBeNull();
    expect(t.body.history.map((h: { action: string }) => h.action)).toEqual(["collected", "reply_queued", "replied"]);
    // The answer is not itself something to handle.
    expect(await db().inboxItem.count({ where: { workspaceId: workspace.id, status: "open" } })).toBe(1);
  });

  it("replies on Mastodon with in_reply_to_id and the task's Idempotency-Key", async () => {
    const { workspace, key } = await workspaceWithKey("Mastodon Reply Bakery");
    const account = await db().socialAccount.create({
      data: { workspaceId: workspace.id, platform: "mastodon", handle: "bakery", credentials: encryptJson({ instanceUrl: masto.url, accessToken: "mastodon-token" }) },
    });
    const stored = await storeCollected(db(), account, [{ remoteId: "110000101", kind: "mention", authorHandle: "fan@example.social", text: "Open today?", remoteCreatedAt: T0, simulated: false }], [], T0);
    const r = await answer(stored.inserted[0], key, { text: "@fan@example.social Yes, until 6pm!", idempotencyKey: "client-key-0001" });
    expect(r.status).toBe(202);
    await runProcessor({ workspaceId: workspace.id });
    const posts = masto.requests.filter((q) => q.method === "POST" && q.path === "/api/v1/statuses");
    expect(posts).toHaveLength(1);
    expect(posts[0].body).toMatchObject({ status: "@fan@example.social Yes, until 6pm!", in_reply_to_id: "110000101" });
    expect(posts[0].headers["idempotency-key"]).toBe("inbox-reply:" + stored.inserted[0] + ":client-key-0001");
    const ours = await db().inboxItem.findFirstOrThrow({ where: { accountId: account.id, outgoing: true } });
    expect(ours).toMatchObject({ remoteParentId: "110000101", url: expect.stringMatching(/^https:\/\/example\.social\/@bakery\//) });
  });

  it("adopts a simulated reply whose answer was lost (in doubt), never sending it twice", async () => {
    const { workspace, key } = await workspaceWithKey("Simulated Reply Bakery");
    const account = await simulatedAccount(workspace.id, "bluesky", { simulation: { failRate: 1, failureClass: "in_doubt" } });
    const stored = await storeCollected(db(), account, [{ remoteId: "sim_inbox_x_1", kind: "reply", authorHandle: "simulated-fan-12", text: "Nice!", remoteCreatedAt: T0, simulated: true }], [], T0);
    const r = await answer(stored.inserted[0], key, { text: "Thank you!" });
    await runProcessor({ workspaceId: workspace.id });
    const task = await db().agentTask.findUniqueOrThrow({ where: { id: r.body.task.id } });
    expect(task.status).toBe("completed");
    const sim = await db().simulatedPost.findMany({ where: { accountId: account.id } });
    expect(sim).toHaveLength(1);
    expect(sim[0].deliveries).toBe(1);
    const ours = await db().inboxItem.findFirstOrThrow({ where: { accountId: account.id, outgoing: true } });
    expect(ours).toMatchObject({ simulated: true, text: "Thank you!", url: null });
  });

  it("refuses an empty answer, a deleted item and an answer to an answer", async () => {
    const { workspace, key } = await workspaceWithKey("Refusing Reply Bakery");
    const account = await simulatedAccount(workspace.id, "mastodon");
    const stored = await storeCollected(db(), account, [{ remoteId: "gone", kind: "reply", authorHandle: "x", text: "bye", remoteCreatedAt: T0, simulated: true }], ["gone"], T0);
    expect((await answer(stored.inserted[0], key, { text: "   " })).status).toBe(400);
    await db().inboxItem.update({ where: { id: stored.inserted[0] }, data: { deletedAt: T0 } });
    const deleted = await answer(stored.inserted[0], key, { text: "Hello?" });
    expect(deleted.status).toBe(400);
    expect(deleted.body.error.message).toMatch(/deleted/);
    expect(await db().agentTask.count({ where: { workspaceId: workspace.id, type: "reply" } })).toBe(0);
  });
});
