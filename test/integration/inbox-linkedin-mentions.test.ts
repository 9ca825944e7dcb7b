// LinkedIn @mentions of an organization page in the community inbox (docs/decisions.md, "Inbox",
// LinkedIn mentions; lib/inbox/linkedin-mentions.ts): inbox_sweep pulls the page's SHARE_MENTION and
// COMMENT_MENTION notifications from a local server playing the criteria finder, reads each mentioning
// post or comment once (bounded per sweep), keeps it as a mention item with text, author and link, and
// keeps its time in the cursor beside the comments' part; member accounts are not asked; a 403 is a
// notice; an answer is a comment on the mentioning post, or a nested comment under the mentioning
// comment, sent once.
import { describe, expect, it } from "vitest";
import * as replyRoute from "../../app/api/inbox/[id]/reply/route";
import { encryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { MENTIONS_KEY } from "../../lib/inbox/linkedin";
import { LINKEDIN_MENTION_FIRST_DAYS, LINKEDIN_MENTION_READS } from "../../lib/inbox/linkedin-mentions";
import { sweepInbox, INBOX_IDLE_MS } from "../../lib/inbox/sweep";
import { callRoute, req, runProcessor, workspaceWithKey } from "../support/factories";
import { liComment, liMention, LI_NO_ADMIN_TOKEN, LI_ORG, LI_TOKEN, linkedinInboxForFile, type LiPost } from "../support/inbox-fixtures-linkedin";

const T0 = new Date("2031-03-02T10:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;
const NOTIFICATIONS = "/rest/organizationalEntityNotifications";
const THEIR_POST = "urn:li:share:7005000000000000001";
const OTHER_POST = "urn:li:ugcPost:7005000000000000002";

const li = linkedinInboxForFile();

async function account(workspaceId: string, token = LI_TOKEN, authorUrn = LI_ORG) {
  return db().socialAccount.create({ data: { workspaceId, platform: "linkedin", handle: "Corner Bakery", credentials: encryptJson({ accessToken: token, authorUrn }) } });
}

function theirPost(urn: string, min: number, text: string, author = "urn:li:person:ann"): LiPost {
  const t = at(min * MIN).getTime();
  const p: LiPost = { id: urn, author, commentary: text, createdAt: t, publishedAt: t, lifecycleState: "PUBLISHED", visibility: "PUBLIC" };
  li().posts.set(urn, p);
  return p;
}

async function sweepAndRun(workspaceId: string, now: Date) {
  await sweepInbox(db(), { now, workspaceId, idleThresholdMs: 5 * MIN });
  await runProcessor({ at: now, workspaceId });
}

const gets = (prefix: string) => li().requests.filter((r) => r.method === "GET" && decodeURIComponent(r.path).startsWith(prefix));
const answer = (id: string, key: string, text: string) => callRoute(replyRoute.POST, req("POST", `/api/inbox/${id}/reply`, { key, body: { text } }), { id });

describe("LinkedIn inbox: @mentions of the page", () => {
  it("keeps mentions in posts and comments with text, author and link; a second sweep reads from the cursor and adds nothing", async () => {
    const { workspace } = await workspaceWithKey("LinkedIn Mention Bakery");
    const acc = await account(workspace.id);
    // The post's commentary is little text: the mention a template, parentheses escaped.
    theirPost(THEIR_POST, 1, `Best croissants in town at @[Corner Bakery](${LI_ORG}) \\(really\\)`);
    li().notifications.push(liMention("SHARE_MENTION", { post: THEIR_POST, time: at(1 * MIN).getTime() }));
    const said = liComment(OTHER_POST, "6990000001", { time: at(2 * MIN).getTime(), text: "Ask Corner Bakery, they cater", actor: "urn:li:person:bob" });
    li().comments.set(OTHER_POST, [said]);
    li().notifications.push(liMention("COMMENT_MENTION", { post: OTHER_POST, comment: said.commentUrn, time: at(2 * MIN).getTime() }));
    // Another page's notification is not ours.
    li().notifications.push(liMention("SHARE_MENTION", { post: "urn:li:share:7005000000000000099", time: at(3 * MIN).getTime(), org: "urn:li:organization:999" }));

    const now = at(10 * MIN);
    await sweepAndRun(workspace.id, now);
    const [call] = gets(NOTIFICATIONS);
    expect(gets(NOTIFICATIONS)).toHaveLength(1);
    expect(call.headers).toMatchObject({ authorization: `Bearer ${LI_TOKEN}`, "x-restli-protocol-version": "2.0.0" });
    expect(call.query.get("q")).toBe("criteria");
    expect(call.query.get("organizationalEntity")).toBe(LI_ORG);
    expect(call.query.get("actions")).toBe("List(SHARE_MENTION,COMMENT_MENTION)");
    expect(call.query.get("timeRange")).toBe(`(start:${now.getTime() - LINKEDIN_MENTION_FIRST_DAYS * 24 * 3_600_000},end:${now.getTime()})`);
    expect(gets(`/rest/posts/${THEIR_POST}`)).toHaveLength(1);
    expect(gets(`/rest/socialActions/${OTHER_POST}/comments/6990000001`)).toHaveLength(1);

    const items = await db().inboxItem.findMany({ where: { accountId: acc.id }, orderBy: { remoteCreatedAt: "asc" } });
    expect(items.map((i) => [i.kind, i.text, i.authorHandle])).toEqual([
      ["mention", "Best croissants in town at @Corner Bakery (really)", "urn:li:person:ann"],
      ["mention", "Ask Corner Bakery, they cater", "urn:li:person:bob"],
    ]);
    expect(items[0]).toMatchObject({ remoteId: THEIR_POST, remoteRootId: THEIR_POST, url: `https://www.linkedin.com/feed/update/${THEIR_POST}/`, remoteCreatedAt: at(1 * MIN), outgoing: false });
    expect(items[1]).toMatchObject({ remoteId: said.commentUrn, remoteParentId: OTHER_POST, remoteRootId: OTHER_POST, remoteCreatedAt: at(2 * MIN) });
    expect(items[1].url).toBe(`https://www.linkedin.com/feed/update/${OTHER_POST}/?commentUrn=${encodeURIComponent(said.commentUrn)}`);
    // The mentions' time rides in the cursor's map (no comments were read: no time before the bar).
    expect((await db().inboxCursor.findUniqueOrThrow({ where: { accountId: acc.id } })).cursor).toBe(`|${JSON.stringify({ [MENTIONS_KEY]: at(2 * MIN).getTime() })}`);

    // Nothing new: the next sweep asks from the cursor's time, reads no post or comment, keeps nothing.
    li().requests.length = 0;
    const later = at(20 * MIN + INBOX_IDLE_MS);
    await sweepAndRun(workspace.id, later);
    expect(gets(NOTIFICATIONS).map((r) => r.query.get("timeRange"))).toEqual([`(start:${at(2 * MIN).getTime()},end:${later.getTime()})`]);
    expect(gets("/rest/posts/")).toHaveLength(0);
    expect(gets(`/rest/socialActions/${OTHER_POST}/comments/`)).toHaveLength(0);
    expect(await db().inboxItem.count({ where: { accountId: acc.id } })).toBe(2);
    const sweeps = await db().agentTask.findMany({ where: { accountId: acc.id, type: "inbox_sweep" }, orderBy: { createdAt: "asc" } });
    expect(sweeps.map((t) => [t.status, (t.result as { inserted?: number } | null)?.inserted])).toEqual([["completed", 2], ["completed", 0]]);
  });

  it("keeps the mentions' time beside the comments' time and reply counts in one cursor, each part moving on its own", async () => {
    const { workspace } = await workspaceWithKey("LinkedIn Cursor Bakery");
    const acc = await account(workspace.id);
    const ours = "urn:li:share:7005000000000000060";
    const post = await db().post.create({ data: { workspaceId: workspace.id, text: "Fresh rolls", status: "published" } });
    await db().postTarget.create({ data: { workspaceId: workspace.id, postId: post.id, accountId: acc.id, platform: "linkedin", status: "published", platformPostId: ours, publishedAt: T0 } });
    const top = liComment(ours, "6990000300", { time: at(1 * MIN).getTime(), text: "Do you deliver?" });
    li().comments.set(ours, [top]);
    li().comments.set(top.commentUrn, [liComment(ours, "6990000301", { time: at(2 * MIN).getTime(), text: "Me too", parentComment: top.commentUrn })]);
    theirPost(THEIR_POST, 3, "Lunch at Corner Bakery");
    li().notifications.push(liMention("SHARE_MENTION", { post: THEIR_POST, time: at(3 * MIN).getTime() }));
    await sweepAndRun(workspace.id, at(10 * MIN));
    const cursor = () => db().inboxCursor.findUniqueOrThrow({ where: { accountId: acc.id } }).then((c) => c.cursor);
    expect(await cursor()).toBe(`${at(1 * MIN).getTime()}|${JSON.stringify({ [MENTIONS_KEY]: at(3 * MIN).getTime(), [top.commentUrn]: 1 })}`);
    expect((await db().inboxItem.findMany({ where: { accountId: acc.id }, orderBy: { remoteCreatedAt: "asc" } })).map((i) => i.kind)).toEqual(["comment", "reply", "mention"]);

    // A new mention moves only the mentions' time; a new comment only the comments'.
    li().notifications.push(liMention("SHARE_MENTION", { post: OTHER_POST, time: at(15 * MIN).getTime() }));
    theirPost(OTHER_POST, 15, "Corner Bakery again");
    await sweepAndRun(workspace.id, at(20 * MIN + INBOX_IDLE_MS));
    expect(await cursor()).toBe(`${at(1 * MIN).getTime()}|${JSON.stringify({ [MENTIONS_KEY]: at(15 * MIN).getTime(), [top.commentUrn]: 1 })}`);
    li().comments.get(ours)!.push(liComment(ours, "6990000302", { time: at(25 * MIN).getTime(), text: "Open late?" }));
    await sweepAndRun(workspace.id, at(30 * MIN + 2 * INBOX_IDLE_MS));
    expect(await cursor()).toBe(`${at(25 * MIN).getTime()}|${JSON.stringify({ [MENTIONS_KEY]: at(15 * MIN).getTime(), [top.commentUrn]: 1 })}`);
    expect(await db().inboxItem.count({ where: { accountId: acc.id } })).toBe(5);
  });

  it("reads at most a bounded number of mentions a sweep, oldest first, and the rest on the next sweep", async () => {
    const { workspace } = await workspaceWithKey("LinkedIn Busy Mention Bakery");
    const acc = await account(workspace.id);
    const n = LINKEDIN_MENTION_READS + 5;
    for (let i = 0; i < n; i++) {
      const urn = `urn:li:share:70060000000000${String(1000 + i)}`;
      theirPost(urn, 1 + i, `Mention ${i}`);
      li().notifications.push(liMention("SHARE_MENTION", { post: urn, time: at((1 + i) * MIN).getTime() }));
    }
    await sweepAndRun(workspace.id, at(60 * MIN));
    expect(gets("/rest/posts/")).toHaveLength(LINKEDIN_MENTION_READS);
    expect(await db().inboxItem.count({ where: { accountId: acc.id } })).toBe(LINKEDIN_MENTION_READS);
    // The oldest were read; the cursor stops at the last one read.
    expect(await db().inboxItem.findFirst({ where: { accountId: acc.id, text: "Mention 0" } })).not.toBeNull();
    expect((await db().inboxCursor.findUniqueOrThrow({ where: { accountId: acc.id } })).cursor).toContain(`"${MENTIONS_KEY}":${at(LINKEDIN_MENTION_READS * MIN).getTime()}`);
    li().requests.length = 0;
    await sweepAndRun(workspace.id, at(70 * MIN + INBOX_IDLE_MS));
    expect(gets("/rest/posts/")).toHaveLength(5);
    expect(await db().inboxItem.count({ where: { accountId: acc.id, kind: "mention" } })).toBe(n);
  });

  it("does not ask for a member account's mentions", async () => {
    const { workspace } = await workspaceWithKey("LinkedIn Member Mentions");
    const member = await account(workspace.id, LI_TOKEN, "urn:li:person:abc123");
    li().notifications.push(liMention("SHARE_MENTION", { post: THEIR_POST, time: at(1 * MIN).getTime() }));
    theirPost(THEIR_POST, 1, "Hello");
    await sweepAndRun(workspace.id, at(10 * MIN));
    expect(gets(NOTIFICATIONS)).toHaveLength(0);
    expect(gets("/rest/posts/")).toHaveLength(0);
    const [task] = await db().agentTask.findMany({ where: { accountId: member.id, type: "inbox_sweep" } });
    expect(task.status).toBe("completed");
    expect(await db().inboxItem.count({ where: { accountId: member.id } })).toBe(0);
  });

  it("turns a 403 on the notifications into a notice naming rw_organization_admin; the comments are still collected", async () => {
    const { workspace } = await workspaceWithKey("LinkedIn No Admin Bakery");
    const org = await account(workspace.id, LI_NO_ADMIN_TOKEN);
    const ours = "urn:li:share:7005000000000000050";
    const post = await db().post.create({ data: { workspaceId: workspace.id, text: "Fresh rolls", status: "published" } });
    await db().postTarget.create({ data: { workspaceId: workspace.id, postId: post.id, accountId: org.id, platform: "linkedin", status: "published", platformPostId: ours, publishedAt: T0 } });
    li().comments.set(ours, [liComment(ours, "6990000100", { time: at(1 * MIN).getTime(), text: "Yum" })]);
    li().notifications.push(liMention("SHARE_MENTION", { post: THEIR_POST, time: at(1 * MIN).getTime() }));
    await sweepAndRun(workspace.id, at(10 * MIN));
    expect(gets(NOTIFICATIONS)).toHaveLength(1);
    const [task] = await db().agentTask.findMany({ where: { accountId: org.id, type: "inbox_sweep" } });
    expect(task.status).toBe("completed");
    const notices = (task.result as { notices?: string[] }).notices ?? [];
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/LinkedIn refused reading the mentions of Corner Bakery \(HTTP 403.*rw_organization_admin/);
    const cur = await db().inboxCursor.findUniqueOrThrow({ where: { accountId: org.id } });
    expect(cur).toMatchObject({ notices, cursor: String(at(1 * MIN).getTime()) });
    expect((await db().inboxItem.findMany({ where: { accountId: org.id } })).map((i) => [i.kind, i.text])).toEqual([["comment", "Yum"]]);
    expect(await db().socialAccount.findUniqueOrThrow({ where: { id: org.id } })).toMatchObject({ status: "active" });
  });

  it("answers a mention in a post with a comment on it, and one in a comment with a nested comment under it, each once", async () => {
    const { workspace, key } = await workspaceWithKey("LinkedIn Mention Answer Bakery");
    const acc = await account(workspace.id);
    theirPost(THEIR_POST, 1, "Lunch at Corner Bakery today");
    li().notifications.push(liMention("SHARE_MENTION", { post: THEIR_POST, time: at(1 * MIN).getTime() }));
    const top = liComment(OTHER_POST, "6990000200", { time: at(2 * MIN).getTime(), text: "Who bakes the best rye?" });
    const said = liComment(OTHER_POST, "6990000201", { time: at(3 * MIN).getTime(), text: "Corner Bakery, no question", parentComment: top.commentUrn });
    const direct = liComment(OTHER_POST, "6990000202", { time: at(4 * MIN).getTime(), text: "Corner Bakery does spelt too" });
    li().comments.set(OTHER_POST, [top, direct]);
    li().comments.set(top.commentUrn, [said]);
    li().notifications.push(liMention("COMMENT_MENTION", { post: OTHER_POST, comment: said.commentUrn, time: at(3 * MIN).getTime() }));
    li().notifications.push(liMention("COMMENT_MENTION", { post: OTHER_POST, comment: direct.commentUrn, time: at(4 * MIN).getTime() }));
    await sweepAndRun(workspace.id, at(10 * MIN));
    const inPost = await db().inboxItem.findFirstOrThrow({ where: { accountId: acc.id, remoteId: THEIR_POST } });
    const inReply = await db().inboxItem.findFirstOrThrow({ where: { accountId: acc.id, remoteId: said.commentUrn } });
    const inComment = await db().inboxItem.findFirstOrThrow({ where: { accountId: acc.id, remoteId: direct.commentUrn } });
    expect(inReply).toMatchObject({ kind: "mention", remoteParentId: top.commentUrn, remoteRootId: OTHER_POST });

    li().requests.length = 0;
    // The same answer sent twice (a double click) is one task and one comment.
    const first = await answer(inPost.id, key, "Thanks for coming, Ann!");
    const again = await answer(inPost.id, key, "Thanks for coming, Ann!");
    expect([first.status, again.status]).toEqual([202, 200]);
    expect(JSON.stringify(again.body)).toContain(String((await db().agentTask.findFirstOrThrow({ where: { workspaceId: workspace.id, type: "reply" } })).id));
    expect((await answer(inReply.id, key, "Thank you, Bob!")).status).toBe(202);
    expect((await answer(inComment.id, key, "Fridays, yes.")).status).toBe(202);
    await runProcessor({ at: at(11 * MIN), workspaceId: workspace.id });
    await runProcessor({ at: at(12 * MIN), workspaceId: workspace.id });
    const posts = li().requests.filter((r) => r.method === "POST");
    expect(posts.map((p) => [decodeURIComponent(p.path), p.body]).sort()).toEqual(
      [
        [`/rest/socialActions/${THEIR_POST}/comments`, { actor: LI_ORG, object: THEIR_POST, message: { text: "Thanks for coming, Ann!" } }],
        [`/rest/socialActions/${top.commentUrn}/comments`, { actor: LI_ORG, object: OTHER_POST, parentComment: top.commentUrn, message: { text: "Thank you, Bob!" } }],
        [`/rest/socialActions/${direct.commentUrn}/comments`, { actor: LI_ORG, object: OTHER_POST, parentComment: direct.commentUrn, message: { text: "Fridays, yes." } }],
      ].sort(),
    );
    const ours = await db().inboxItem.findMany({ where: { accountId: acc.id, outgoing: true } });
    expect(ours.map((o) => [o.remoteParentId, o.text]).sort()).toEqual([[THEIR_POST, "Thanks for coming, Ann!"], [said.commentUrn, "Thank you, Bob!"], [direct.commentUrn, "Fridays, yes."]].sort());
    expect(ours.find((o) => o.remoteParentId === THEIR_POST)!.remoteId).toMatch(/^urn:li:comment:\(urn:li:share:7005000000000000001,71\d+\)$/);
    expect((await db().inboxItem.findUniqueOrThrow({ where: { id: inPost.id } })).answeredAt).not.toBeNull();
  });

  it("an answer to a post mention whose result was lost is found among the post's comments, not sent again", async () => {
    const { workspace, key } = await workspaceWithKey("LinkedIn Mention Doubt Bakery");
    const acc = await account(workspace.id);
    theirPost(THEIR_POST, 1, "Lunch at Corner Bakery today");
    li().notifications.push(liMention("SHARE_MENTION", { post: THEIR_POST, time: at(1 * MIN).getTime() }));
    await sweepAndRun(workspace.id, at(10 * MIN));
    const inPost = await db().inboxItem.findFirstOrThrow({ where: { accountId: acc.id, remoteId: THEIR_POST } });
    li().requests.length = 0;
    // The comment lands on LinkedIn, the response is lost (connection reset).
    li().comments.set(THEIR_POST, [liComment(THEIR_POST, "7199999999", { time: at(11 * MIN).getTime() + 1000, text: "Thanks for coming, Ann!", actor: LI_ORG })]);
    li().once("POST", `/rest/socialActions/${encodeURIComponent(THEIR_POST)}/comments`, { reset: true });
    expect((await answer(inPost.id, key, "Thanks for coming, Ann!")).status).toBe(202);
    await runProcessor({ at: at(11 * MIN), workspaceId: workspace.id });
    await runProcessor({ at: at(11 * MIN + 2 * 3_600_000), workspaceId: workspace.id });
    expect(li().requests.filter((r) => r.method === "POST")).toHaveLength(1);
    const task = await db().agentTask.findFirstOrThrow({ where: { workspaceId: workspace.id, type: "reply" } });
    expect(task.status).toBe("completed");
    expect(await db().inboxItem.findFirstOrThrow({ where: { accountId: acc.id, outgoing: true } })).toMatchObject({ remoteId: `urn:li:comment:(${THEIR_POST},7199999999)`, remoteParentId: THEIR_POST });
  });
});
