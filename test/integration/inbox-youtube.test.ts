// YouTube comments in the community inbox (docs/decisions.md, "Inbox"): inbox_sweep reads
// commentThreads.list for the channel from a local server playing the Data API, one page on the
// first sweep and only newer comments after, links comments to our video's PostTarget, counts each
// call's quota unit, and an answer from POST /api/inbox/:id/reply is a comments.insert under the
// top-level comment (50 units). Replies a thread does not carry come from comments.list?parentId;
// deleted comments are told by one comments.list?id= an hour, and late replies on older threads by
// the hourly commentThreads.list?id= of their reply counts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as replyRoute from "../../app/api/inbox/[id]/reply/route";
import { encryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { storeCollected } from "../../lib/inbox/store";
import { youtubeInboxSource } from "../../lib/inbox/youtube";
import { sweepInbox, INBOX_IDLE_MS } from "../../lib/inbox/sweep";
import { projectKeyOf, spendQuota } from "../../lib/social/youtube/quota";
import { callRoute, req, runProcessor, workspaceWithKey } from "../support/factories";
import { startYoutubeInbox, YT_CHANNEL, YT_TOKEN, ytComment, ytThread } from "../support/inbox-fixtures-youtube";

const CLIENT_ID = "4321-inbox.apps.googleusercontent.com";
const KEY = projectKeyOf(CLIENT_ID);
const T0 = new Date("2031-03-02T10:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;
const VIDEO = "vidBakery01";

let yt: Awaited<ReturnType<typeof startYoutubeInbox>>;
beforeAll(async () => {
  yt = await startYoutubeInbox();
  process.env.YOUTUBE_API_URL = yt.url;
  process.env.GOOGLE_CLIENT_ID = CLIENT_ID;
  resetEnvCache();
});
afterAll(async () => {
  await yt.close();
  delete process.env.YOUTUBE_API_URL;
  delete process.env.GOOGLE_CLIENT_ID;
  resetEnvCache();
});
beforeEach(async () => {
  yt.threads.length = 0;
  yt.inserted.length = 0;
  yt.replies.clear();
  yt.requests.length = 0;
  await db().youtubeQuota.deleteMany({ where: { projectKey: KEY } });
});

const unitsCounted = async () => (await db().youtubeQuota.findMany({ where: { projectKey: KEY } })).reduce((n, r) => n + r.units, 0);
/** The cursor's time; reply counts by thread may follow it after "|". */
const cursorTime = (c: { cursor: string | null }) => c.cursor?.split("|")[0];
const threadReads = () => yt.requests.filter((r) => r.method === "GET" && r.path === "/youtube/v3/commentThreads" && !r.query.has("id"));
/** The late-reply re-check's commentThreads.list?id= calls. */
const threadChecks = () => yt.requests.filter((r) => r.method === "GET" && r.path === "/youtube/v3/commentThreads" && r.query.has("id"));
const parentReads = () => yt.requests.filter((r) => r.method === "GET" && r.path === "/youtube/v3/comments" && r.query.has("parentId"));

async function channel(workspaceId: string, token = YT_TOKEN) {
  return db().socialAccount.create({ data: { workspaceId, platform: "youtube", handle: "@bakery", credentials: encryptJson({ accessToken: token, refreshToken: "1//0g-inbox", channelId: YT_CHANNEL }) } });
}

async function sweepAndRun(workspaceId: string, now: Date) {
  await sweepInbox(db(), { now, workspaceId, idleThresholdMs: 5 * MIN });
  await runProcessor({ at: now, workspaceId });
}

describe("YouTube inbox", () => {
  it("reads one page first, then only newer comments, linked to our video, each read counted in the quota", async () => {
    const { workspace } = await workspaceWithKey("YouTube Inbox Bakery");
    const account = await channel(workspace.id);
    const post = await db().post.create({ data: { workspaceId: workspace.id, text: "How we bake", status: "published" } });
    const target = await db().postTarget.create({ data: { workspaceId: workspace.id, postId: post.id, accountId: account.id, platform: "youtube", status: "published", platformPostId: VIDEO, publishedAt: T0 } });
    // 120 threads (more than a page of 100); the newest carries a fan's reply and the channel's own.
    for (let i = 1; i <= 120; i++) {
      const top = ytComment(`UgzTop${String(i).padStart(4, "0")}`, { video: VIDEO, at: at(i * MIN).toISOString(), text: `Lovely crust ${i}` });
      const replies =
        i === 120
          ? [
              ytComment(`${top.id}.8fan0001`, { video: VIDEO, at: at(121 * MIN).toISOString(), text: "Same question here", parentId: top.id }),
              ytComment(`${top.id}.8own0001`, { video: VIDEO, at: at(122 * MIN).toISOString(), text: "Thanks!", parentId: top.id, channel: YT_CHANNEL }),
            ]
          : [];
      yt.threads.push(ytThread(top, replies));
    }

    await sweepAndRun(workspace.id, at(130 * MIN));
    const first = threadReads();
    expect(first).toHaveLength(1);
    expect(Object.fromEntries(first[0].query)).toMatchObject({ part: "snippet,replies", allThreadsRelatedToChannelId: YT_CHANNEL, order: "time", maxResults: "100" });
    expect(first[0].query.get("pageToken")).toBeNull();
    expect(first[0].headers.authorization).toBe(`Bearer ${YT_TOKEN}`);
    const items = await db().inboxItem.findMany({ where: { accountId: account.id }, orderBy: { remoteCreatedAt: "asc" } });
    // The newest 100 threads and the fan's reply; the channel's own reply is left out.
    expect(items).toHaveLength(101);
    expect(items[0]).toMatchObject({ kind: "comment", remoteId: "UgzTop0021", remoteParentId: VIDEO, remoteRootId: VIDEO, postTargetId: target.id, text: "Lovely crust 21", simulated: false });
    expect(items[0].url).toBe(`https://www.youtube.com/watch?v=${VIDEO}&lc=UgzTop0021`);
    expect(items[100]).toMatchObject({ kind: "reply", remoteId: "UgzTop0120.8fan0001", remoteParentId: "UgzTop0120", postTargetId: target.id });
    expect(cursorTime(await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } }))).toBe(at(121 * MIN).toISOString());
    expect(await unitsCounted()).toBe(1);

    // Two new comments: the next sweep reads one page, stops at the cursor, and stores only them.
    yt.threads.push(ytThread(ytComment("UgzNew0001", { video: VIDEO, at: at(140 * MIN).toISOString(), text: "Do you ship to Leeds?" })));
    yt.threads.push(ytThread(ytComment("UgzNew0002", { video: VIDEO, at: at(141 * MIN).toISOString(), text: "Best video yet" })));
    yt.requests.length = 0;
    await sweepAndRun(workspace.id, at(150 * MIN + INBOX_IDLE_MS));
    expect(threadReads()).toHaveLength(1);
    expect(await db().inboxItem.count({ where: { accountId: account.id } })).toBe(103);
    expect(await db().inboxItem.findFirstOrThrow({ where: { accountId: account.id, remoteId: "UgzNew0001" } })).toMatchObject({ kind: "comment", postTargetId: target.id, intent: "question" });
    expect(cursorTime(await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } }))).toBe(at(141 * MIN).toISOString());
    // The thread list, the hourly deletion check (one comments.list?id=), and the hourly late-reply
    // re-check of the two stored threads the page no longer lists (one commentThreads.list?id=).
    expect(threadChecks().map((r) => r.query.get("id"))).toEqual(["UgzTop0021,UgzTop0022"]);
    expect(await unitsCounted()).toBe(4);
  });

  it("pages the replies a thread does not carry with comments.list?parentId, a unit a page", async () => {
    const { workspace } = await workspaceWithKey("YouTube Replies Bakery");
    const account = await channel(workspace.id);
    // A thread with 130 replies (one the channel's own) that carries the first 5, and one that carries all of its 2.
    const big = ytComment("UgzBig00001", { video: VIDEO, at: at(MIN).toISOString(), text: "How long do you proof?" });
    const all = Array.from({ length: 130 }, (_, i) =>
      ytComment(`${big.id}.8r${String(i + 1).padStart(4, "0")}`, { video: VIDEO, at: at((2 + i) * MIN).toISOString(), text: `Reply ${i + 1}`, parentId: big.id, ...(i === 49 && { channel: YT_CHANNEL }) }),
    );
    yt.replies.set(big.id, all);
    yt.threads.push(ytThread(big, all.slice(0, 5), 130));
    const small = ytComment("UgzSmall0001", { video: VIDEO, at: at(200 * MIN).toISOString(), text: "Lovely" });
    yt.threads.push(ytThread(small, [1, 2].map((n) => ytComment(`${small.id}.8s${n}`, { video: VIDEO, at: at((200 + n) * MIN).toISOString(), text: `Small ${n}`, parentId: small.id }))));

    await sweepAndRun(workspace.id, at(300 * MIN));
    const lists = yt.requests.filter((r) => r.method === "GET" && r.path === "/youtube/v3/comments");
    expect(lists.map((r) => [r.query.get("parentId"), r.query.get("part"), r.query.get("maxResults"), r.query.get("pageToken")])).toEqual([
      [big.id, "snippet", "100", null],
      [big.id, "snippet", "100", "100"],
    ]);
    expect(lists[0].headers.authorization).toBe(`Bearer ${YT_TOKEN}`);
    const bigReplies = await db().inboxItem.findMany({ where: { accountId: account.id, remoteParentId: big.id }, orderBy: { remoteCreatedAt: "asc" } });
    // All 130 but the channel's own, each once, as replies under the top-level comment.
    expect(bigReplies).toHaveLength(129);
    expect(new Set(bigReplies.map((r) => r.kind))).toEqual(new Set(["reply"]));
    expect(bigReplies.map((r) => r.text)).not.toContain("Reply 50");
    expect(bigReplies[128]).toMatchObject({ remoteId: `${big.id}.8r0130`, remoteRootId: VIDEO, url: `https://www.youtube.com/watch?v=${VIDEO}&lc=${big.id}.8r0130` });
    expect(await db().inboxItem.count({ where: { accountId: account.id } })).toBe(2 + 2 + 129);
    // One thread list and two reply pages.
    expect(await unitsCounted()).toBe(3);

    // Nothing new in the threads: the next sweep pages no replies again (only the hourly check by id).
    yt.requests.length = 0;
    await sweepAndRun(workspace.id, at(300 * MIN + INBOX_IDLE_MS));
    expect(yt.requests.filter((r) => r.path === "/youtube/v3/comments" && r.query.has("parentId"))).toHaveLength(0);
    expect(await db().inboxItem.count({ where: { accountId: account.id } })).toBe(2 + 2 + 129);
  });

  it("marks deleted comments through one comments.list?id= of the items re-checked (hidden ones left out), a unit", async () => {
    const { workspace } = await workspaceWithKey("YouTube Deletions Bakery");
    const account = await channel(workspace.id);
    for (let i = 1; i <= 3; i++) yt.threads.push(ytThread(ytComment(`UgzDel000${i}`, { video: VIDEO, at: at(i * MIN).toISOString(), text: `Comment ${i}` })));
    await sweepAndRun(workspace.id, at(5 * MIN));
    expect(await db().inboxItem.count({ where: { accountId: account.id } })).toBe(3);
    // The third is deleted on YouTube; the first is hidden (held for review), which comments.list may leave out too.
    yt.threads.splice(yt.threads.findIndex((t) => t.id === "UgzDel0003"), 1);
    yt.threads.splice(yt.threads.findIndex((t) => t.id === "UgzDel0001"), 1);
    await db().inboxItem.updateMany({ where: { accountId: account.id, remoteId: "UgzDel0001" }, data: { status: "hidden" } });
    yt.requests.length = 0;
    await sweepAndRun(workspace.id, at(5 * MIN + INBOX_IDLE_MS));
    const checks = yt.requests.filter((r) => r.method === "GET" && r.path === "/youtube/v3/comments");
    expect(checks.map((r) => [r.query.get("id"), r.query.get("part"), r.query.get("maxResults")])).toEqual([["UgzDel0003,UgzDel0002", "id", null]]);
    const items = await db().inboxItem.findMany({ where: { accountId: account.id }, orderBy: { remoteCreatedAt: "asc" }, include: { events: true } });
    expect(items.map((i) => [i.remoteId, i.deletedAt?.toISOString() ?? null])).toEqual([
      ["UgzDel0001", null],
      ["UgzDel0002", null],
      ["UgzDel0003", at(5 * MIN + INBOX_IDLE_MS).toISOString()],
    ]);
    expect(items[2].events.map((e) => e.action)).toContain("deleted_remote");
    // First sweep 1 unit; then the thread list, the check, and the late-reply re-check of the two
    // threads the list left out.
    expect(await unitsCounted()).toBe(4);
  });

  it("finds a late reply on an older thread the thread list no longer brings up on the hourly re-check by id, stores it once, and reads no replies of unchanged threads", async () => {
    const { workspace } = await workspaceWithKey("YouTube Late Reply Bakery");
    const account = await channel(workspace.id);
    const old = ytComment("UgzOld00001", { video: VIDEO, at: at(MIN).toISOString(), text: "Is the rye a sourdough?" });
    yt.threads.push(ytThread(old));
    await sweepAndRun(workspace.id, at(10 * MIN));
    // 100 newer threads push it off the first page of the thread list (read once more, hourly, at 11:10).
    for (let i = 0; i < 100; i++) {
      yt.threads.push(ytThread(ytComment(`UgzNewer${String(i).padStart(4, "0")}`, { video: VIDEO, at: new Date(at(11 * MIN).getTime() + i * 10_000).toISOString(), text: `Newer ${i}` })));
    }
    await sweepAndRun(workspace.id, at(10 * MIN + INBOX_IDLE_MS));
    expect(await db().inboxItem.count({ where: { accountId: account.id } })).toBe(101);

    // 11:20 a fan answers the old comment; 11:30 a new comment. The 11:40 sweep (someone is watching,
    // not the hourly one) reads the list up to its cursor: the new comment, not the old thread.
    const late = ytComment(`${old.id}.8late0001`, { video: VIDEO, at: at(80 * MIN).toISOString(), text: "Yes, 3 days of proofing", parentId: old.id });
    yt.threads[yt.threads.findIndex((t) => t.id === old.id)] = ytThread(old, [late]);
    yt.replies.set(old.id, [late]);
    yt.threads.push(ytThread(ytComment("UgzLate00001", { video: VIDEO, at: at(90 * MIN).toISOString(), text: "Wow" })));
    await db().presence.create({ data: { workspaceId: workspace.id, userId: "watcher", lastSeenAt: at(100 * MIN) } });
    yt.requests.length = 0;
    const unitsBefore = await unitsCounted();
    await sweepAndRun(workspace.id, at(100 * MIN));
    expect(threadReads()).toHaveLength(1);
    expect(threadChecks()).toHaveLength(0);
    expect(await db().inboxItem.findFirst({ where: { accountId: account.id, remoteId: late.id } })).toBeNull();
    // The cursor is now past the late reply's time.
    expect(cursorTime(await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } }))).toBe(at(90 * MIN).toISOString());
    expect(await unitsCounted()).toBe(unitsBefore + 1);

    // 12:40, the hourly sweep: the stored threads the list no longer brings up are looked at by id (one
    // call); the old thread's count grew from 0 to 1, so its replies are paged, and the reply is kept.
    yt.requests.length = 0;
    await sweepAndRun(workspace.id, at(100 * MIN + INBOX_IDLE_MS));
    expect(threadChecks().map((r) => [r.query.get("part"), r.query.get("id"), r.query.get("maxResults")])).toEqual([["snippet", `UgzNewer0000,${old.id}`, null]]);
    expect(parentReads().map((r) => r.query.get("parentId"))).toEqual([old.id]);
    const stored = await db().inboxItem.findMany({ where: { accountId: account.id, remoteParentId: old.id } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ remoteId: late.id, kind: "reply", remoteRootId: VIDEO, text: "Yes, 3 days of proofing", remoteCreatedAt: at(80 * MIN) });
    // The thread list, the deletion check, the re-check by id and one page of replies.
    expect(await unitsCounted()).toBe(unitsBefore + 1 + 4);

    // 13:40, nothing changed: the re-check costs its one call and no read of any thread's replies.
    yt.requests.length = 0;
    await sweepAndRun(workspace.id, at(100 * MIN + 2 * INBOX_IDLE_MS));
    expect(threadChecks()).toHaveLength(1);
    expect(parentReads()).toHaveLength(0);
    expect(await unitsCounted()).toBe(unitsBefore + 1 + 4 + 3);

    // 14:40, a second late reply: only it is collected; the first is not collected (or stored) again.
    const later = ytComment(`${old.id}.8late0002`, { video: VIDEO, at: at(200 * MIN).toISOString(), text: "Recipe in the description", parentId: old.id });
    yt.threads[yt.threads.findIndex((t) => t.id === old.id)] = ytThread(old, [late, later]);
    yt.replies.set(old.id, [late, later]);
    yt.requests.length = 0;
    await sweepAndRun(workspace.id, at(100 * MIN + 3 * INBOX_IDLE_MS));
    expect(parentReads()).toHaveLength(1);
    const [task] = await db().agentTask.findMany({ where: { accountId: account.id, type: "inbox_sweep" }, orderBy: { scheduledAt: "desc" }, take: 1 });
    expect(task.result).toMatchObject({ collected: 1, inserted: 1 });
    expect((await db().inboxItem.findMany({ where: { accountId: account.id, remoteParentId: old.id }, orderBy: { remoteCreatedAt: "asc" } })).map((i) => i.remoteId)).toEqual([late.id, later.id]);
  });

  it("re-checks at most 2 calls of 50 thread ids an hour, rotating, and pages at most 5 grown threads, the rest on the next re-check", async () => {
    const { workspace } = await workspaceWithKey("YouTube Rotation Bakery");
    const account = await channel(workspace.id);
    const sec = (n: number) => new Date(T0.getTime() + n * 1000);
    const rot = (i: number) => `UgzRot${String(i).padStart(4, "0")}`;
    // 120 stored threads the thread list no longer brings up (100 newer ones fill its first page).
    const olds = Array.from({ length: 120 }, (_, i) => ytComment(rot(i), { video: VIDEO, at: sec(i).toISOString(), text: `Old ${i}` }));
    for (const c of olds) yt.threads.push(ytThread(c));
    for (let i = 0; i < 100; i++) yt.threads.push(ytThread(ytComment(`UgzFill${String(i).padStart(4, "0")}`, { video: VIDEO, at: sec(600 + i).toISOString(), text: `Fill ${i}` })));
    await storeCollected(db(), account, olds.map((c) => ({ remoteId: c.id, kind: "comment" as const, remoteParentId: VIDEO, remoteRootId: VIDEO, authorHandle: "@fan", text: c.snippet.textOriginal, remoteCreatedAt: new Date(c.snippet.publishedAt), simulated: false })), [], T0);
    await db().inboxCursor.create({ data: { accountId: account.id, workspaceId: workspace.id, cursor: sec(699).toISOString() } });
    const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => rot(from + k)).join(",");

    await sweepAndRun(workspace.id, at(60 * MIN));
    expect(threadChecks().map((r) => r.query.get("id"))).toEqual([ids(0, 50), ids(50, 100)]);
    expect(parentReads()).toHaveLength(0);

    // Seven threads get a reply; the next hour goes on from Rot0100 (and round to the start).
    for (let i = 110; i < 117; i++) {
      const reply = ytComment(`${rot(i)}.8late${i}`, { video: VIDEO, at: at(70 * MIN).toISOString(), text: `Late ${i}`, parentId: rot(i) });
      yt.threads[yt.threads.findIndex((t) => t.id === rot(i))] = ytThread(olds[i], [reply]);
      yt.replies.set(rot(i), [reply]);
    }
    yt.requests.length = 0;
    const unitsBefore = await unitsCounted();
    await sweepAndRun(workspace.id, at(60 * MIN + INBOX_IDLE_MS));
    expect(threadChecks().map((r) => r.query.get("id"))).toEqual([`${ids(100, 120)},${ids(0, 30)}`, ids(30, 80)]);
    expect(parentReads().map((r) => r.query.get("parentId"))).toEqual([110, 111, 112, 113, 114].map(rot));
    // The thread list, the deletion check, two re-check calls and five reply pages.
    expect(await unitsCounted()).toBe(unitsBefore + 1 + 1 + 2 + 5);

    // The two left over are looked at first in the hour after, and paged then: no reply is lost.
    yt.requests.length = 0;
    await sweepAndRun(workspace.id, at(60 * MIN + 2 * INBOX_IDLE_MS));
    expect(threadChecks()[0].query.get("id")?.startsWith(`${rot(115)},${rot(116)},`)).toBe(true);
    expect(parentReads().map((r) => r.query.get("parentId"))).toEqual([115, 116].map(rot));
    expect(await db().inboxItem.count({ where: { accountId: account.id, kind: "reply" } })).toBe(7);
  });

  it("skips the late-reply re-check while less than an upload's units are left for the day", async () => {
    const { workspace } = await workspaceWithKey("YouTube Quota Reserve Bakery");
    const account = await channel(workspace.id);
    const old = ytComment("UgzRes00001", { video: VIDEO, at: T0.toISOString(), text: "Gluten free?" });
    const reply = ytComment(`${old.id}.8res0001`, { video: VIDEO, at: at(30 * MIN).toISOString(), text: "Not yet", parentId: old.id });
    yt.threads.push(ytThread(old, [reply]));
    yt.replies.set(old.id, [reply]);
    for (let i = 0; i < 100; i++) yt.threads.push(ytThread(ytComment(`UgzFill${String(i).padStart(4, "0")}`, { video: VIDEO, at: at(MIN + i * 1000).toISOString(), text: `Fill ${i}` })));
    await storeCollected(db(), account, [{ remoteId: old.id, kind: "comment", remoteParentId: VIDEO, remoteRootId: VIDEO, authorHandle: "@fan", text: "Gluten free?", remoteCreatedAt: T0, simulated: false }], [], T0);
    await db().inboxCursor.create({ data: { accountId: account.id, workspaceId: workspace.id, cursor: at(MIN + 99_000).toISOString() } });
    // 1,599 units left of the 10,000 (an upload is 1,600).
    await spendQuota(db(), KEY, at(60 * MIN), 10_000 - 1_599);
    await sweepAndRun(workspace.id, at(60 * MIN));
    expect(threadReads()).toHaveLength(1);
    expect(threadChecks()).toHaveLength(0);
    expect(await db().inboxItem.findFirst({ where: { remoteId: reply.id } })).toBeNull();

    // With room again, the next hour's re-check finds the reply.
    await db().youtubeQuota.updateMany({ where: { projectKey: KEY }, data: { units: 0 } });
    yt.requests.length = 0;
    await sweepAndRun(workspace.id, at(60 * MIN + INBOX_IDLE_MS));
    expect(threadChecks().map((r) => r.query.get("id"))).toEqual([old.id]);
    expect(await db().inboxItem.findFirst({ where: { remoteId: reply.id } })).toMatchObject({ accountId: account.id, kind: "reply" });
  });

  it("fails a sweep whose token Google refuses as an auth problem (the refused read still costs its unit)", async () => {
    const { workspace } = await workspaceWithKey("YouTube Revoked Bakery");
    const account = await channel(workspace.id, "ya29.revoked");
    await sweepAndRun(workspace.id, T0);
    const [task] = await db().agentTask.findMany({ where: { accountId: account.id, type: "inbox_sweep" } });
    expect(task).toMatchObject({ lastFailureClass: "auth" });
    expect(await unitsCounted()).toBe(1);
  });

  it("answers a reply with comments.insert under its top-level comment, counted as 50 units, and shows it in the thread", async () => {
    const { workspace, key } = await workspaceWithKey("YouTube Reply Bakery");
    const account = await channel(workspace.id);
    const top = ytComment("UgzAsk00001", { video: VIDEO, at: T0.toISOString(), text: "Recipe please?" });
    const fan = ytComment("UgzAsk00001.8fan0002", { video: VIDEO, at: at(MIN).toISOString(), text: "Yes please!", parentId: top.id });
    yt.threads.push(ytThread(top, [fan]));
    const stored = await storeCollected(db(), account, [{ remoteId: fan.id, kind: "reply", remoteParentId: top.id, remoteRootId: VIDEO, authorHandle: "@fan", text: "Yes please!", remoteCreatedAt: T0, simulated: false }], [], T0);
    const res = await callRoute(replyRoute.POST, req("POST", `/api/inbox/${stored.inserted[0]}/reply`, { key, body: { text: "It's in the description!" } }), { id: stored.inserted[0] });
    expect(res.status).toBe(202);
    await runProcessor({ workspaceId: workspace.id });
    const inserts = yt.requests.filter((r) => r.method === "POST" && r.path === "/youtube/v3/comments");
    expect(inserts).toHaveLength(1);
    expect(inserts[0].query.get("part")).toBe("snippet");
    expect(inserts[0].body).toEqual({ snippet: { parentId: "UgzAsk00001", textOriginal: "It's in the description!" } });
    expect(await unitsCounted()).toBe(50);
    const ours = await db().inboxItem.findFirstOrThrow({ where: { accountId: account.id, outgoing: true } });
    expect(ours).toMatchObject({ remoteId: yt.inserted[0].id, remoteParentId: fan.id, text: "It's in the description!", url: `https://www.youtube.com/watch?v=${VIDEO}&lc=${yt.inserted[0].id}` });
  });

  it("hides a comment by holding it for review, and shows it again as published, 50 units each", async () => {
    yt.on("POST", "/youtube/v3/comments/setModerationStatus", (r) => (r.headers.authorization === `Bearer ${YT_TOKEN}` ? { status: 204 } : { status: 401, json: { error: { code: 401, message: "Invalid Credentials", errors: [{ reason: "authError" }] } } }));
    const account = { id: "a", workspaceId: "w", platform: "youtube" as const, handle: "@bakery", credentials: { accessToken: YT_TOKEN, channelId: YT_CHANNEL }, simulation: null };
    const source = youtubeInboxSource();
    await source.hide!({ account, remoteId: "UgzSpam0001", hidden: true, signal: AbortSignal.timeout(5000) });
    await source.hide!({ account, remoteId: "UgzSpam0001", hidden: false, signal: AbortSignal.timeout(5000) });
    const calls = yt.requests.filter((r) => r.path === "/youtube/v3/comments/setModerationStatus");
    expect(calls.map((r) => [r.method, r.query.get("id"), r.query.get("moderationStatus")])).toEqual([
      ["POST", "UgzSpam0001", "heldForReview"],
      ["POST", "UgzSpam0001", "published"],
    ]);
    expect(await unitsCounted()).toBe(100);
  });
});
