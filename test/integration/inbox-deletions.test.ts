// Remote deletions in the community inbox (docs/decisions.md, "Inbox"): once per clock hour per
// account, a sweep looks at its newest items of the last week again — Bluesky with one
// app.bsky.feed.getPosts (which answers only posts that still exist), Mastodon with
// GET /api/v1/statuses/:id (404 when deleted) — and an item gone on the network is marked deleted,
// never removed, with a "deleted_remote" history entry.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { INBOX_ACTIVE_MS, INBOX_IDLE_MS, sweepInbox } from "../../lib/inbox/sweep";
import { recordHeartbeat } from "../../lib/presence";
import { clearBlueskySessions } from "../../lib/social/bluesky/session";
import { runProcessor, workspaceWithKey } from "../support/factories";
import { BSKY_HANDLE, BSKY_PASSWORD, bskyReply, mastoMention, startBlueskyInbox, startMastodonInbox } from "../support/inbox-fixtures";

const T0 = new Date("2031-04-07T10:00:00Z");
const MIN = 60_000;
const at = (ms: number) => new Date(T0.getTime() + ms);

let bsky: Awaited<ReturnType<typeof startBlueskyInbox>>;
let masto: Awaited<ReturnType<typeof startMastodonInbox>>;
beforeAll(async () => {
  bsky = await startBlueskyInbox();
  masto = await startMastodonInbox();
});
afterAll(async () => {
  await Promise.all([bsky.close(), masto.close()]);
});
beforeEach(() => {
  clearBlueskySessions();
  bsky.notifications.length = 0;
  masto.notifications.length = 0;
  bsky.requests.length = 0;
  masto.requests.length = 0;
});

async function realAccount(workspaceId: string, platform: "bluesky" | "mastodon") {
  const credentials = platform === "bluesky" ? { service: bsky.url, identifier: BSKY_HANDLE, appPassword: BSKY_PASSWORD } : { instanceUrl: masto.url, accessToken: "mastodon-token" };
  return db().socialAccount.create({ data: { workspaceId, platform, handle: `${platform}-${Math.random().toString(36).slice(2, 8)}`, credentials: encryptJson(credentials) } });
}

async function sweepAt(workspaceId: string, when: Date) {
  await sweepInbox(db(), { now: when, workspaceId, idleThresholdMs: 5 * MIN });
  await runProcessor({ at: when, workspaceId });
}

const itemsOf = (accountId: string) => db().inboxItem.findMany({ where: { accountId }, orderBy: { remoteCreatedAt: "asc" }, select: { id: true, remoteId: true, deletedAt: true, text: true } });

describe("remote deletions", () => {
  it("Bluesky: a reply deleted on the network is marked deleted (kept, with its history) by the next hour's check, one getPosts call", async () => {
    const { workspace } = await workspaceWithKey("Bluesky Deletion Bakery");
    const account = await realAccount(workspace.id, "bluesky");
    const ours = "at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/3kdelete00001";
    for (let i = 1; i <= 3; i++) bsky.notifications.push(bskyReply(100 + i, { at: at(i * MIN).toISOString(), parent: ours, text: `Reply ${i}` }));
    await sweepAt(workspace.id, at(5 * MIN));
    const before = await itemsOf(account.id);
    expect(before.map((i) => [i.text, i.deletedAt])).toEqual([["Reply 1", null], ["Reply 2", null], ["Reply 3", null]]);
    // The first sweep had nothing to look at again.
    expect(bsky.requests.filter((r) => r.path.endsWith("getPosts"))).toHaveLength(0);

    // The author deletes reply 2: the network forgets the post (and its notification).
    bsky.notifications.splice(1, 1);
    const next = at(INBOX_IDLE_MS + 6 * MIN);
    await sweepAt(workspace.id, next);
    const checks = bsky.requests.filter((r) => r.path.endsWith("getPosts"));
    expect(checks).toHaveLength(1);
    expect(checks[0].query.getAll("uris").sort()).toEqual(before.map((i) => i.remoteId).sort());
    const after = await itemsOf(account.id);
    expect(after.map((i) => [i.text, i.deletedAt?.toISOString() ?? null])).toEqual([["Reply 1", null], ["Reply 2", next.toISOString()], ["Reply 3", null]]);
    expect(await db().inboxEvent.findMany({ where: { workspaceId: workspace.id, action: "deleted_remote" }, select: { itemId: true, actorType: true } })).toEqual([{ itemId: before[1].id, actorType: "system" }]);
    const task = await db().agentTask.findFirstOrThrow({ where: { accountId: account.id, type: "inbox_sweep", scheduledAt: { gte: next } } });
    expect(task).toMatchObject({ status: "completed", result: expect.objectContaining({ deleted: 1 }) });

    // Someone has the workspace open: sweeps every 2 minutes, but no second check in the same hour.
    await recordHeartbeat(db(), workspace.id, "user-a", at(INBOX_IDLE_MS + INBOX_ACTIVE_MS + 8 * MIN));
    await sweepAt(workspace.id, at(INBOX_IDLE_MS + INBOX_ACTIVE_MS + 8 * MIN));
    expect(await db().agentTask.count({ where: { accountId: account.id, type: "inbox_sweep", status: "completed" } })).toBe(3);
    expect(bsky.requests.filter((r) => r.path.endsWith("getPosts"))).toHaveLength(1);
  });

  it("Mastodon: a mention whose status answers 404 is marked deleted; the others are left as they are", async () => {
    const { workspace } = await workspaceWithKey("Mastodon Deletion Bakery");
    const account = await realAccount(workspace.id, "mastodon");
    for (let i = 1; i <= 3; i++) masto.notifications.push(mastoMention(500 + i, { at: at(i * MIN).toISOString(), text: `Mention ${i}` }));
    await sweepAt(workspace.id, at(5 * MIN));
    const before = await itemsOf(account.id);
    expect(before).toHaveLength(3);
    expect(masto.requests.filter((r) => r.path.startsWith("/api/v1/statuses/"))).toHaveLength(0);

    masto.notifications.splice(2, 1); // mention 3's status is deleted
    const next = at(INBOX_IDLE_MS + 6 * MIN);
    await sweepAt(workspace.id, next);
    const looked = masto.requests.filter((r) => r.method === "GET" && r.path.startsWith("/api/v1/statuses/")).map((r) => r.path.split("/").pop());
    expect(looked.sort()).toEqual(before.map((i) => i.remoteId).sort());
    const after = await itemsOf(account.id);
    expect(after.map((i) => [i.text, i.deletedAt?.toISOString() ?? null])).toEqual([["Mention 1", null], ["Mention 2", null], ["Mention 3", next.toISOString()]]);
    expect(await db().inboxEvent.count({ where: { itemId: before[2].id, action: "deleted_remote" } })).toBe(1);
  });
});
