// The community inbox's collection (docs/decisions.md, "Inbox"): inbox_sweep tasks, queued by the
// presence-throttled sweep and run by the scheduler, read Bluesky and Mastodon notifications from
// local fixture servers incrementally (a cursor per account) and simulated replies for accounts
// without credentials; items are stored once, linked to our post, classified, and complaints
// notify the admins.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { sweepInbox, INBOX_ACTIVE_MS, INBOX_IDLE_MS } from "../../lib/inbox/sweep";
import { recordHeartbeat } from "../../lib/presence";
import { clearBlueskySessions } from "../../lib/social/bluesky/session";
import { scheduleTask } from "../../lib/posting/schedule";
import { ScheduleTaskInput } from "../../lib/validation/tasks";
import { runProcessor, simulatedAccount, workspaceWithKey } from "../support/factories";
import { BSKY_HANDLE, BSKY_PASSWORD, bskyReply, mastoMention, startBlueskyInbox, startMastodonInbox } from "../support/inbox-fixtures";

const T0 = new Date("2031-03-02T10:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;

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
  const credentials =
    platform === "bluesky" ? { service: bsky.url, identifier: BSKY_HANDLE, appPassword: BSKY_PASSWORD } : { instanceUrl: masto.url, accessToken: "mastodon-token" };
  return db().socialAccount.create({ data: { workspaceId, platform, handle: `${platform}-${Math.random().toString(36).slice(2, 8)}`, credentials: encryptJson(credentials) } });
}

/** A published target of ours with the network's id `platformPostId`. */
async function ourPost(workspaceId: string, accountId: string, platform: "bluesky" | "mastodon" | "facebook", platformPostId: string) {
  const post = await db().post.create({ data: { workspaceId, text: "Fresh rolls from 7am", status: "published" } });
  return db().postTarget.create({ data: { workspaceId, postId: post.id, accountId, platform, status: "published", platformPostId, publishedAt: T0 } });
}

const sweepTasks = (accountId: string) => db().agentTask.findMany({ where: { accountId, type: "inbox_sweep" }, orderBy: { createdAt: "asc" } });

describe("inbox sweep queueing", () => {
  it("queues one sweep per readable account, often while watched, rarely when not, never two at once", async () => {
    const { workspace } = await workspaceWithKey("Sweep Queue Bakery");
    const sim = await simulatedAccount(workspace.id, "facebook");
    // Simulated replies answer published posts: a simulated account gets sweeps once it has one.
    await ourPost(workspace.id, sim.id, "facebook", "sim-published-1");
    const unpublished = await simulatedAccount(workspace.id, "threads");
    const blue = await realAccount(workspace.id, "bluesky");
    // A real account on a network whose inbox Herald cannot read yet is left out.
    const x = await db().socialAccount.create({ data: { workspaceId: workspace.id, platform: "tiktok", handle: "bakery_tiktok", credentials: encryptJson({ accessToken: "t" }) } });
    const sweep = (now: Date) => sweepInbox(db(), { now, workspaceId: workspace.id, idleThresholdMs: 5 * MIN });

    expect(await sweep(T0)).toEqual({ queued: 2, busy: false });
    expect(await sweep(at(1000))).toEqual({ queued: 0, busy: false }); // still pending
    expect((await sweepTasks(sim.id)).map((t) => t.type)).toEqual(["inbox_sweep"]);
    expect(await sweepTasks(x.id)).toEqual([]);
    expect(await sweepTasks(unpublished.id)).toEqual([]);

    await runProcessor({ at: T0, workspaceId: workspace.id });
    expect((await sweepTasks(blue.id))[0].status).toBe("completed");
    // Nobody watching: not again before the idle interval.
    expect(await sweep(at(INBOX_ACTIVE_MS + MIN))).toMatchObject({ queued: 0 });
    // Someone opens the workspace: the active interval applies.
    await recordHeartbeat(db(), workspace.id, "user-a", at(INBOX_ACTIVE_MS + MIN));
    expect(await sweep(at(INBOX_ACTIVE_MS + MIN))).toMatchObject({ queued: 2 });
    await runProcessor({ at: at(INBOX_ACTIVE_MS + MIN), workspaceId: workspace.id });
    expect(await sweep(at(INBOX_IDLE_MS + INBOX_ACTIVE_MS + 2 * MIN))).toMatchObject({ queued: 2 });
  });
});

describe("Bluesky inbox", () => {
  it("collects replies and mentions once, linked to our post, and reads only what is new on the next sweep", async () => {
    const { workspace } = await workspaceWithKey("Bluesky Inbox Bakery");
    const account = await realAccount(workspace.id, "bluesky");
    const ours = "at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/3kours0000001";
    const target = await ourPost(workspace.id, account.id, "bluesky", ours);
    for (let i = 1; i <= 60; i++) bsky.notifications.push(bskyReply(i, { at: at(i * MIN).toISOString(), parent: ours, text: `Looks great ${i}!` }));
    bsky.notifications.push(bskyReply(61, { at: at(61 * MIN).toISOString(), parent: "", text: "@herald.test is the bakery open on Sunday?", reason: "mention" }));
    // Likes are not inbox material.
    bsky.notifications.push({ ...bskyReply(62, { at: at(62 * MIN).toISOString(), parent: ours, text: "" }), reason: "like" });

    await sweepInbox(db(), { now: at(70 * MIN), workspaceId: workspace.id, idleThresholdMs: 5 * MIN });
    await runProcessor({ at: at(70 * MIN), workspaceId: workspace.id });
    const [task] = await sweepTasks(account.id);
    expect(task).toMatchObject({ status: "completed", result: expect.objectContaining({ inserted: 61 }) });
    // The cursor is kept once, on the account's InboxCursor, not copied into every sweep's task.
    expect(task.result).not.toHaveProperty("cursor");
    expect((await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } })).cursor).toBeTruthy();

    const items = await db().inboxItem.findMany({ where: { accountId: account.id }, orderBy: { remoteCreatedAt: "asc" } });
    expect(items).toHaveLength(61);
    expect(items[0]).toMatchObject({ kind: "reply", postTargetId: target.id, authorHandle: "fan1.bsky.social", text: "Looks great 1!", simulated: false, status: "open", remoteParentId: ours });
    expect(items[0].url).toMatch(/^https:\/\/bsky\.app\/profile\/fan1\.bsky\.social\/post\/3kfan/);
    expect(items[60]).toMatchObject({ kind: "mention", postTargetId: null, intent: "question", classifiedBy: "rules" });
    expect(await db().inboxEvent.count({ where: { workspaceId: workspace.id, action: "collected" } })).toBe(61);
    expect(await db().event.count({ where: { workspaceId: workspace.id, type: "inbox:updated" } })).toBe(1);
    const cursor = await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } });
    expect(cursor.cursor).toBe(at(61 * MIN).toISOString());

    // Two new replies; the next sweep stops at the cursor (one page) and stores only them.
    bsky.notifications.push(bskyReply(63, { at: at(80 * MIN).toISOString(), parent: ours, text: "This is broken, I want a refund" }));
    bsky.notifications.push(bskyReply(64, { at: at(81 * MIN).toISOString(), parent: items[0].remoteId, root: ours, text: "Agreed!" }));
    bsky.requests.length = 0;
    await sweepInbox(db(), { now: at(82 * MIN + INBOX_IDLE_MS), workspaceId: workspace.id, idleThresholdMs: 5 * MIN });
    await runProcessor({ at: at(82 * MIN + INBOX_IDLE_MS), workspaceId: workspace.id });
    expect(bsky.requests.filter((r) => r.path.endsWith("listNotifications"))).toHaveLength(1);
    expect(await db().inboxItem.count({ where: { accountId: account.id } })).toBe(63);
    const nested = await db().inboxItem.findFirstOrThrow({ where: { accountId: account.id, text: "Agreed!" } });
    expect(nested.postTargetId).toBe(target.id);
    const complaint = await db().inboxItem.findFirstOrThrow({ where: { accountId: account.id, text: { contains: "refund" } } });
    expect(complaint).toMatchObject({ sentiment: "negative", intent: "complaint" });
  });

  it("retries a sweep the PDS refuses for now, and keeps the cursor", async () => {
    const { workspace } = await workspaceWithKey("Bluesky Down Bakery");
    const account = await realAccount(workspace.id, "bluesky");
    bsky.once("GET", "/xrpc/app.bsky.notification.listNotifications", { status: 502, json: { error: "UpstreamFailure", message: "Upstream Failure" } });
    await sweepInbox(db(), { now: T0, workspaceId: workspace.id, idleThresholdMs: 5 * MIN });
    await runProcessor({ at: T0, workspaceId: workspace.id });
    const [task] = await sweepTasks(account.id);
    expect(task).toMatchObject({ status: "pending", retryCount: 1, lastFailureClass: "transient" });
    expect(await db().inboxCursor.findUnique({ where: { accountId: account.id } })).toMatchObject({ cursor: null });
  });
});

describe("Mastodon inbox", () => {
  it("reads mentions and replies with min_id from the kept cursor, with no gap after a burst", async () => {
    const { workspace } = await workspaceWithKey("Mastodon Inbox Bakery");
    const account = await realAccount(workspace.id, "mastodon");
    const target = await ourPost(workspace.id, account.id, "mastodon", "109000000000000001");
    masto.notifications.push(mastoMention(101, { at: at(MIN).toISOString(), text: "Lovely bread, thank you!", inReplyTo: "109000000000000001" }));
    masto.notifications.push(mastoMention(102, { at: at(2 * MIN).toISOString(), text: "@bakery do you deliver?" }));
    masto.notifications.push({ ...mastoMention(103, { at: at(3 * MIN).toISOString(), text: "" }), type: "favourite" });

    await sweepInbox(db(), { now: at(5 * MIN), workspaceId: workspace.id, idleThresholdMs: 5 * MIN });
    await runProcessor({ at: at(5 * MIN), workspaceId: workspace.id });
    const first = masto.requests.filter((r) => r.path === "/api/v1/notifications");
    expect(first).toHaveLength(1);
    expect(first[0].query.getAll("types[]")).toEqual(["mention"]);
    expect(first[0].query.get("min_id")).toBeNull();
    const items = await db().inboxItem.findMany({ where: { accountId: account.id }, orderBy: { remoteCreatedAt: "asc" } });
    expect(items.map((i) => [i.kind, i.text, i.postTargetId])).toEqual([
      ["reply", "Lovely bread, thank you!", target.id],
      ["mention", "@bakery do you deliver?", null],
    ]);
    expect(items[0]).toMatchObject({ sentiment: "positive", intent: "praise", url: "https://example.social/@fan101/110000101" });
    expect((await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } })).cursor).toBe("102");

    // A burst of 45 (more than one page of 40): two pages, nothing missed, nothing twice.
    for (let i = 0; i < 45; i++) masto.notifications.push(mastoMention(200 + i, { at: at((10 + i) * MIN).toISOString(), text: `Reply ${i}`, inReplyTo: "109000000000000001" }));
    masto.requests.length = 0;
    const later = at(60 * MIN + INBOX_IDLE_MS);
    await sweepInbox(db(), { now: later, workspaceId: workspace.id, idleThresholdMs: 5 * MIN });
    await runProcessor({ at: later, workspaceId: workspace.id });
    const reads = masto.requests.filter((r) => r.path === "/api/v1/notifications");
    expect(reads.map((r) => r.query.get("min_id"))).toEqual(["102", "239"]);
    expect(await db().inboxItem.count({ where: { accountId: account.id } })).toBe(47);
    expect((await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } })).cursor).toBe("244");
  });

  it("fails a sweep whose token the server refuses as an auth problem", async () => {
    const { workspace } = await workspaceWithKey("Mastodon Revoked Bakery");
    const account = await db().socialAccount.create({
      data: { workspaceId: workspace.id, platform: "mastodon", handle: "revoked", credentials: encryptJson({ instanceUrl: masto.url, accessToken: "revoked" }) },
    });
    await sweepInbox(db(), { now: T0, workspaceId: workspace.id, idleThresholdMs: 5 * MIN });
    await runProcessor({ at: T0, workspaceId: workspace.id });
    const [task] = await sweepTasks(account.id);
    expect(task).toMatchObject({ lastFailureClass: "auth" });
  });
});

describe("simulated inbox", () => {
  it("makes labelled simulated replies to a simulated account's published post, once, and escalates complaints to the admins", async () => {
    const { workspace } = await workspaceWithKey("Simulated Inbox Bakery");
    const account = await simulatedAccount(workspace.id, "mastodon");
    const { postId } = await scheduleTask(db(), workspace.id, ScheduleTaskInput.parse({ accountId: account.id, content: "Simulated hello", scheduledAt: T0.toISOString() }), T0);
    await runProcessor({ at: T0, workspaceId: workspace.id });
    const target = await db().postTarget.findFirstOrThrow({ where: { postId: postId! } });
    expect(target.status).toBe("published");

    const later = at(48 * 60 * MIN);
    await sweepInbox(db(), { now: later, workspaceId: workspace.id, idleThresholdMs: 5 * MIN });
    await runProcessor({ at: later, workspaceId: workspace.id });
    const items = await db().inboxItem.findMany({ where: { accountId: account.id } });
    expect(items.length).toBeGreaterThan(0);
    for (const it of items) {
      expect(it).toMatchObject({ simulated: true, postTargetId: target.id, kind: "reply", url: null });
      expect(it.authorHandle).toMatch(/^simulated-fan-/);
    }
    // The same sweep again adds nothing.
    const again = at(48 * 60 * MIN + INBOX_IDLE_MS);
    await sweepInbox(db(), { now: again, workspaceId: workspace.id, idleThresholdMs: 5 * MIN });
    await runProcessor({ at: again, workspaceId: workspace.id });
    expect(await db().inboxItem.count({ where: { accountId: account.id } })).toBe(items.length);
  });

  it("notifies the admins once per negative item", async () => {
    const { escalateNew } = await import("../../lib/inbox/escalate");
    const { workspace } = await workspaceWithKey("Escalation Bakery");
    const user = await db().user.create({ data: { email: `admin-${Math.random()}@bakery.test`, name: "Admin" } });
    await db().membership.create({ data: { workspaceId: workspace.id, userId: user.id, role: "admin" } });
    const account = await simulatedAccount(workspace.id, "bluesky");
    const { storeCollected } = await import("../../lib/inbox/store");
    const stored = await storeCollected(db(), account, [
      { remoteId: "a", kind: "reply", authorHandle: "angry", text: "Terrible service, still waiting", remoteCreatedAt: T0, simulated: true },
      { remoteId: "b", kind: "reply", authorHandle: "happy", text: "Love it", remoteCreatedAt: T0, simulated: true },
    ], [], T0);
    expect(await escalateNew(db(), workspace.id, stored.inserted, T0)).toBe(1);
    expect(await escalateNew(db(), workspace.id, stored.inserted, T0)).toBe(0);
    const notes = await db().notification.findMany({ where: { workspaceId: workspace.id } });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ kind: "inbox_escalation", userId: user.id, title: "Complaint from @angry on bluesky (simulated)" });
    expect(notes[0].link).toMatch(/^\/dashboard\/inbox\?item=/);
  });
});
