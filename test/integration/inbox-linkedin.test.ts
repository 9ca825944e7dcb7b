// LinkedIn comments in the community inbox (docs/decisions.md, "Inbox"): inbox_sweep reads the
// comments on the account's recently published posts from a local server playing the Comments API
// (one page per post, versioned headers), keeps only those newer than the cursor, links them to our
// PostTarget, marks a comment gone from a post's complete list as deleted, fails a refused token as
// auth, and an answer from POST /api/inbox/:id/reply is a comment with parentComment. Replies under
// comments (one level, counted in commentsSummary) are read only for comments whose count differs
// from what Herald holds, bounded per post and per sweep, kept under their comment; an answer to a
// reply goes under the same first-level comment; a 403 on reading is a notice, not a failed sweep.
import { describe, expect, it } from "vitest";
import * as itemRoute from "../../app/api/inbox/[id]/route";
import * as replyRoute from "../../app/api/inbox/[id]/reply/route";
import { encryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { storeCollected } from "../../lib/inbox/store";
import { LINKEDIN_INBOX_REPLY_READS, LINKEDIN_INBOX_REPLY_READS_PER_POST } from "../../lib/inbox/linkedin";
import { sweepInbox, INBOX_IDLE_MS } from "../../lib/inbox/sweep";
import { callRoute, req, runProcessor, workspaceWithKey } from "../support/factories";
import { liComment, LI_NO_READ_TOKEN, LI_ORG, LI_TOKEN, linkedinInboxForFile } from "../support/inbox-fixtures-linkedin";

const T0 = new Date("2031-03-02T10:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;
const POST_A = "urn:li:share:7001000000000000001";
const POST_B = "urn:li:ugcPost:7001000000000000002";

const li = linkedinInboxForFile();

const page = (id: number, min: number, text: string, on = POST_A) => liComment(on, String(6_900_000_000 + id), { time: at(min * MIN).getTime(), text });
// The page's mention notifications (one call a sweep) are tested in inbox-linkedin-mentions.test.ts.
const reads = () => li().requests.filter((r) => r.method === "GET" && r.path !== "/rest/organizationalEntityNotifications");

async function account(workspaceId: string, token = LI_TOKEN, authorUrn = LI_ORG) {
  return db().socialAccount.create({ data: { workspaceId, platform: "linkedin", handle: "Corner Bakery", credentials: encryptJson({ accessToken: token, authorUrn }) } });
}

/** A reply listed under a first-level comment: LinkedIn's nested comment, on the same post. */
const nested = (parent: { commentUrn: string; object: string }, id: number, min: number, text: string, actor?: string) =>
  liComment(parent.object, String(6_950_000_000 + id), { time: at(min * MIN).getTime(), text, parentComment: parent.commentUrn, ...(actor && { actor }) });
const replyReads = () => reads().filter((r) => decodeURIComponent(r.path).startsWith("/rest/socialActions/urn:li:comment:"));

async function published(workspaceId: string, accountId: string, urn: string) {
  const post = await db().post.create({ data: { workspaceId, text: "Fresh rolls", status: "published" } });
  return db().postTarget.create({ data: { workspaceId, postId: post.id, accountId, platform: "linkedin", status: "published", platformPostId: urn, publishedAt: T0 } });
}

async function sweepAndRun(workspaceId: string, now: Date) {
  await sweepInbox(db(), { now, workspaceId, idleThresholdMs: 5 * MIN });
  await runProcessor({ at: now, workspaceId });
}

describe("LinkedIn inbox", () => {
  it("reads one page per recent post, then keeps only newer comments, linked to our posts, and marks a vanished comment deleted", async () => {
    const { workspace } = await workspaceWithKey("LinkedIn Inbox Bakery");
    const acc = await account(workspace.id);
    const a = await published(workspace.id, acc.id, POST_A);
    const b = await published(workspace.id, acc.id, POST_B);
    li().comments.set(POST_A, [page(1, 1, "Congratulations on the new shop!"), page(2, 2, "Are you hiring bakers?"), liComment(POST_A, "6900000003", { time: at(3 * MIN).getTime(), text: "Thank you all", actor: LI_ORG })]);
    li().comments.set(POST_B, [page(4, 4, "Great team", POST_B)]);

    await sweepAndRun(workspace.id, at(10 * MIN));
    expect(reads()).toHaveLength(2);
    for (const r of reads()) {
      expect(r.headers).toMatchObject({ authorization: `Bearer ${LI_TOKEN}`, "x-restli-protocol-version": "2.0.0" });
      expect(r.headers["linkedin-version"]).toMatch(/^\d{6}$/);
      expect([r.query.get("start"), r.query.get("count")]).toEqual(["0", "100"]);
    }
    expect(reads().map((r) => decodeURIComponent(r.path)).sort()).toEqual([`/rest/socialActions/${POST_A}/comments`, `/rest/socialActions/${POST_B}/comments`].sort());
    const items = await db().inboxItem.findMany({ where: { accountId: acc.id }, orderBy: { remoteCreatedAt: "asc" } });
    // The organization's own comment is left out.
    expect(items.map((i) => [i.kind, i.text, i.postTargetId])).toEqual([
      ["comment", "Congratulations on the new shop!", a.id],
      ["comment", "Are you hiring bakers?", a.id],
      ["comment", "Great team", b.id],
    ]);
    expect(items[0]).toMatchObject({ remoteId: `urn:li:comment:(${POST_A},6900000001)`, remoteRootId: POST_A, authorHandle: "urn:li:person:fan6900000001", simulated: false });
    expect(items[0].url).toBe(`https://www.linkedin.com/feed/update/${POST_A}/?commentUrn=${encodeURIComponent(items[0].remoteId)}`);
    expect((await db().inboxCursor.findUniqueOrThrow({ where: { accountId: acc.id } })).cursor).toBe(String(at(4 * MIN).getTime()));

    // One new comment on A, and B's comment removed on LinkedIn.
    li().comments.get(POST_A)!.push(page(5, 20, "Open on Sundays?"));
    li().comments.set(POST_B, []);
    li().requests.length = 0;
    await sweepAndRun(workspace.id, at(30 * MIN + INBOX_IDLE_MS));
    expect(reads()).toHaveLength(2);
    // Only the new comment is handed over; the older ones are behind the cursor.
    const sweeps = await db().agentTask.findMany({ where: { accountId: acc.id, type: "inbox_sweep" }, orderBy: { createdAt: "asc" } });
    expect(sweeps.map((t) => (t.result as { collected?: number } | null)?.collected)).toEqual([3, 1]);
    expect(await db().inboxItem.count({ where: { accountId: acc.id } })).toBe(4);
    expect(await db().inboxItem.findFirstOrThrow({ where: { accountId: acc.id, text: "Open on Sundays?" } })).toMatchObject({ postTargetId: a.id, intent: "question" });
    expect((await db().inboxItem.findFirstOrThrow({ where: { accountId: acc.id, text: "Great team" } })).deletedAt).not.toBeNull();
    expect((await db().inboxItem.findFirstOrThrow({ where: { accountId: acc.id, text: "Are you hiring bakers?" } })).deletedAt).toBeNull();
    expect((await db().inboxCursor.findUniqueOrThrow({ where: { accountId: acc.id } })).cursor).toBe(String(at(20 * MIN).getTime()));
  });

  it("fails a sweep whose token LinkedIn refuses as an auth problem", async () => {
    const { workspace } = await workspaceWithKey("LinkedIn Revoked Bakery");
    const acc = await account(workspace.id, "li-revoked");
    await published(workspace.id, acc.id, POST_A);
    await sweepAndRun(workspace.id, at(10 * MIN));
    const [task] = await db().agentTask.findMany({ where: { accountId: acc.id, type: "inbox_sweep" } });
    expect(task).toMatchObject({ lastFailureClass: "auth" });
  });

  it("answers a comment with a reply carrying parentComment, and shows it in the thread", async () => {
    const { workspace, key } = await workspaceWithKey("LinkedIn Reply Bakery");
    const acc = await account(workspace.id);
    const asked = page(9, 1, "Do you cater events?");
    const stored = await storeCollected(db(), acc, [{ remoteId: asked.commentUrn, kind: "comment", remoteParentId: POST_A, remoteRootId: POST_A, authorHandle: asked.actor, text: asked.message.text, remoteCreatedAt: T0, simulated: false }], [], T0);
    const res = await callRoute(replyRoute.POST, req("POST", `/api/inbox/${stored.inserted[0]}/reply`, { key, body: { text: "We do! Send us a message." } }), { id: stored.inserted[0] });
    expect(res.status).toBe(202);
    await runProcessor({ workspaceId: workspace.id });
    const posts = li().requests.filter((r) => r.method === "POST");
    expect(posts).toHaveLength(1);
    expect(decodeURIComponent(posts[0].path)).toBe(`/rest/socialActions/${asked.commentUrn}/comments`);
    expect(posts[0].body).toEqual({ actor: LI_ORG, object: POST_A, parentComment: asked.commentUrn, message: { text: "We do! Send us a message." } });
    const ours = await db().inboxItem.findFirstOrThrow({ where: { accountId: acc.id, outgoing: true } });
    expect(ours).toMatchObject({ remoteParentId: asked.commentUrn, text: "We do! Send us a message.", url: expect.stringContaining(`/feed/update/${POST_A}/?commentUrn=`) });
    expect(ours.remoteId).toMatch(/^urn:li:comment:\(urn:li:share:7001000000000000001,71\d+\)$/);
  });
});

describe("LinkedIn inbox: replies under comments", () => {
  it("reads the replies of comments that count some, keeps them under their comment, and later sweeps read only changed comments (and one in turn)", async () => {
    const { workspace, key } = await workspaceWithKey("LinkedIn Replies Bakery");
    const acc = await account(workspace.id);
    const a = await published(workspace.id, acc.id, POST_A);
    const asked = page(1, 1, "Do you deliver?");
    const quiet = page(2, 2, "Lovely bread");
    const ours = liComment(POST_A, "6900000003", { time: at(3 * MIN).getTime(), text: "Thanks for coming!", actor: LI_ORG });
    li().comments.set(POST_A, [asked, quiet, ours]);
    li().comments.set(asked.commentUrn, [nested(asked, 1, 4, "Me too, to Leeds?"), nested(asked, 2, 5, "We deliver in town", LI_ORG)]);
    li().comments.set(ours.commentUrn, [nested(ours, 3, 6, "It was great")]);

    await sweepAndRun(workspace.id, at(10 * MIN));
    // The post's page, then the two comments that count replies (not the quiet one).
    expect(reads()).toHaveLength(3);
    expect(replyReads().map((r) => decodeURIComponent(r.path)).sort()).toEqual([`/rest/socialActions/${asked.commentUrn}/comments`, `/rest/socialActions/${ours.commentUrn}/comments`].sort());
    const replies = await db().inboxItem.findMany({ where: { accountId: acc.id, kind: "reply" }, orderBy: { remoteCreatedAt: "asc" } });
    // The organization's own reply is left out; a fan's reply to the organization's comment is kept.
    expect(replies.map((r) => [r.text, r.remoteParentId, r.remoteRootId, r.postTargetId])).toEqual([
      ["Me too, to Leeds?", asked.commentUrn, POST_A, a.id],
      ["It was great", ours.commentUrn, POST_A, a.id],
    ]);
    expect(replies[0]).toMatchObject({ remoteId: `urn:li:comment:(${POST_A},6950000001)`, authorHandle: "urn:li:person:fan6950000001", outgoing: false, simulated: false });
    // Replies do not move the cursor (the newest first-level comment's time); the counts at each read ride after it.
    expect((await db().inboxCursor.findUniqueOrThrow({ where: { accountId: acc.id } })).cursor).toBe(`${at(2 * MIN).getTime()}|${JSON.stringify({ [asked.commentUrn]: 2, [ours.commentUrn]: 1 })}`);

    // The inbox's thread view of the reply holds the comment it answers.
    const thread = await callRoute(itemRoute.GET, req("GET", `/api/inbox/${replies[0].id}`, { key }), { id: replies[0].id });
    expect(thread.status).toBe(200);
    const shown = (thread.body.thread as { remoteId: string; remoteParentId: string | null }[]).map((t) => [t.remoteId, t.remoteParentId]);
    expect(shown).toContainEqual([asked.commentUrn, POST_A]);
    expect(shown).toContainEqual([replies[0].remoteId, asked.commentUrn]);

    // Nothing changed: the post's page, and (the hourly deletion check being due) the one comment
    // with replies whose turn it is; nothing collected.
    li().requests.length = 0;
    await sweepAndRun(workspace.id, at(20 * MIN + INBOX_IDLE_MS));
    expect(reads()).toHaveLength(2);
    expect(replyReads()).toHaveLength(1);

    // A new reply (older than the cursor, as replies may be): its comment's count changed, so it is read again.
    li().comments.get(asked.commentUrn)!.push(nested(asked, 4, 1.5, "And Sundays?"));
    li().requests.length = 0;
    await sweepAndRun(workspace.id, at(30 * MIN + 2 * INBOX_IDLE_MS));
    expect(replyReads().map((r) => decodeURIComponent(r.path))).toContain(`/rest/socialActions/${asked.commentUrn}/comments`);
    expect(await db().inboxItem.findFirstOrThrow({ where: { accountId: acc.id, text: "And Sundays?" } })).toMatchObject({ kind: "reply", remoteParentId: asked.commentUrn, intent: "question" });
    const sweeps = await db().agentTask.findMany({ where: { accountId: acc.id, type: "inbox_sweep" }, orderBy: { createdAt: "asc" } });
    expect(sweeps.map((t) => (t.result as { collected?: number } | null)?.collected)).toEqual([4, 0, 1]);

    // One reply removed and another added between two sweeps: the count is unchanged, and the
    // comments with replies are read in turn on the hourly check, so within two sweeps both are seen.
    li().comments.set(asked.commentUrn, [...li().comments.get(asked.commentUrn)!.filter((c) => c.message.text !== "Me too, to Leeds?"), nested(asked, 5, 1.7, "Also Fridays?")]);
    for (let i = 0; i < 2; i++) await sweepAndRun(workspace.id, at(40 * MIN + (3 + i) * INBOX_IDLE_MS));
    expect(await db().inboxItem.findFirstOrThrow({ where: { accountId: acc.id, text: "Also Fridays?" } })).toMatchObject({ kind: "reply", remoteParentId: asked.commentUrn, deletedAt: null });
    expect((await db().inboxItem.findFirstOrThrow({ where: { accountId: acc.id, text: "Me too, to Leeds?" } })).deletedAt).not.toBeNull();
    expect((await db().inboxItem.findFirstOrThrow({ where: { accountId: acc.id, text: "And Sundays?" } })).deletedAt).toBeNull();
    expect((await db().inboxItem.findFirstOrThrow({ where: { accountId: acc.id, text: "It was great" } })).deletedAt).toBeNull();
  });

  it("reads at most a bounded number of comments' replies per post and per sweep, and the rest on later sweeps", async () => {
    const { workspace } = await workspaceWithKey("LinkedIn Busy Bakery");
    const acc = await account(workspace.id);
    // Six posts, each with six comments carrying one reply: 36 reply lists to read.
    const posts = Array.from({ length: 6 }, (_, p) => `urn:li:share:70020000000000000${10 + p}`);
    for (const [p, urn] of posts.entries()) {
      await published(workspace.id, acc.id, urn);
      const top = Array.from({ length: 6 }, (_, c) => page(p * 10 + c, p * 10 + c, `Comment ${p}.${c}`, urn));
      li().comments.set(urn, top);
      for (const [c, t] of top.entries()) li().comments.set(t.commentUrn, [nested(t, p * 10 + c, 100 + p * 10 + c, `Reply ${p}.${c}`)]);
    }
    // One comment is deleted between its post's page and its replies' read (404): skipped, the sweep
    // goes on, and the next sweep's page no longer lists it.
    const vanishing = li().comments.get(posts[0])![5];
    li().gone.add(vanishing.commentUrn);
    const perSweep: number[] = [];
    for (let i = 0; i < 4; i++) {
      li().requests.length = 0;
      await sweepAndRun(workspace.id, at(200 * MIN + i * INBOX_IDLE_MS));
      perSweep.push(replyReads().length);
      if (i === 0) li().comments.set(posts[0], li().comments.get(posts[0])!.filter((c) => c !== vanishing));
      // No post's comments take more than their share of a sweep.
      const byPost = new Map<string, number>();
      for (const r of replyReads()) {
        const on = /urn:li:comment:\((urn:li:share:\d+),/.exec(decodeURIComponent(r.path))![1];
        byPost.set(on, (byPost.get(on) ?? 0) + 1);
      }
      expect(Math.max(0, ...byPost.values())).toBeLessThanOrEqual(LINKEDIN_INBOX_REPLY_READS_PER_POST);
    }
    expect(LINKEDIN_INBOX_REPLY_READS).toBe(20);
    expect(LINKEDIN_INBOX_REPLY_READS_PER_POST).toBe(5);
    // 20 (the account's bound: 5 from each of the four newest posts); then the 14 left (1 from each
    // of those, 5 from each of the two others) and one already read in turn (the hourly check); then
    // the last 2 and one in turn; then only the one in turn. Every reply arrives, none twice.
    expect(perSweep).toEqual([20, 15, 3, 1]);
    expect(await db().inboxItem.count({ where: { accountId: acc.id, kind: "reply" } })).toBe(35);
    expect(await db().inboxItem.count({ where: { accountId: acc.id, kind: "comment" } })).toBe(36);
    expect((await db().inboxItem.findFirstOrThrow({ where: { accountId: acc.id, remoteId: vanishing.commentUrn } })).deletedAt).not.toBeNull();
    const sweeps = await db().agentTask.findMany({ where: { accountId: acc.id, type: "inbox_sweep" } });
    expect(sweeps.map((t) => t.status)).toEqual(["completed", "completed", "completed", "completed"]);
  });

  it("answers a reply under the same first-level comment (parentComment = that comment), and the answer counts under it", async () => {
    const { workspace, key } = await workspaceWithKey("LinkedIn Nested Reply Bakery");
    const acc = await account(workspace.id);
    await published(workspace.id, acc.id, POST_A);
    const top = page(1, 1, "Do you bake rye?");
    const fan = nested(top, 1, 2, "Seconding this, and spelt?");
    li().comments.set(POST_A, [top]);
    li().comments.set(top.commentUrn, [fan]);
    await sweepAndRun(workspace.id, at(10 * MIN));
    const reply = await db().inboxItem.findFirstOrThrow({ where: { accountId: acc.id, kind: "reply" } });
    expect(reply).toMatchObject({ remoteId: fan.commentUrn, remoteParentId: top.commentUrn });

    const res = await callRoute(replyRoute.POST, req("POST", `/api/inbox/${reply.id}/reply`, { key, body: { text: "Rye daily, spelt on Fridays." } }), { id: reply.id });
    expect(res.status).toBe(202);
    await runProcessor({ at: at(11 * MIN), workspaceId: workspace.id });
    const posts = li().requests.filter((r) => r.method === "POST");
    expect(posts).toHaveLength(1);
    expect(decodeURIComponent(posts[0].path)).toBe(`/rest/socialActions/${top.commentUrn}/comments`);
    expect(posts[0].body).toEqual({ actor: LI_ORG, object: POST_A, parentComment: top.commentUrn, message: { text: "Rye daily, spelt on Fridays." } });
    // Shown in the thread as the answer to the reply.
    const ours = await db().inboxItem.findFirstOrThrow({ where: { accountId: acc.id, outgoing: true } });
    expect(ours).toMatchObject({ remoteParentId: fan.commentUrn, remoteRootId: POST_A, text: "Rye daily, spelt on Fridays." });
    expect(li().comments.get(top.commentUrn)!.map((c) => c.commentUrn)).toContain(ours.remoteId);

    // LinkedIn now counts two replies under the comment: read once more, and the answer is not taken for a fan's reply.
    li().requests.length = 0;
    await sweepAndRun(workspace.id, at(20 * MIN + INBOX_IDLE_MS));
    expect(replyReads()).toHaveLength(1);
    li().requests.length = 0;
    await sweepAndRun(workspace.id, at(30 * MIN + 2 * INBOX_IDLE_MS));
    // Only the hourly turn's read now.
    expect(replyReads().length).toBeLessThanOrEqual(1);
    const sweeps = await db().agentTask.findMany({ where: { accountId: acc.id, type: "inbox_sweep" }, orderBy: { createdAt: "asc" } });
    expect(sweeps.map((t) => (t.result as { inserted?: number } | null)?.inserted)).toEqual([2, 0, 0]);
    expect(await db().inboxItem.count({ where: { accountId: acc.id } })).toBe(3);
  });

  it("turns LinkedIn's 403 on reading into a notice naming the permission, not a failed sweep, and keeps the cursor", async () => {
    const { workspace } = await workspaceWithKey("LinkedIn No Read Bakery");
    const org = await account(workspace.id, LI_NO_READ_TOKEN);
    await published(workspace.id, org.id, POST_A);
    await published(workspace.id, org.id, POST_B);
    li().comments.set(POST_A, [page(1, 1, "Hello")]);
    await sweepAndRun(workspace.id, at(10 * MIN));
    const [task] = await db().agentTask.findMany({ where: { accountId: org.id, type: "inbox_sweep" } });
    expect(task.status).toBe("completed");
    const notices = (task.result as { notices?: string[] }).notices ?? [];
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/LinkedIn refused reading the comments on Corner Bakery's posts \(HTTP 403.*r_organization_social/);
    const cur = await db().inboxCursor.findUniqueOrThrow({ where: { accountId: org.id } });
    expect(cur).toMatchObject({ cursor: null, notices });
    // One refusal stands for every post: the second is not asked.
    expect(reads()).toHaveLength(1);
    expect(await db().socialAccount.findUniqueOrThrow({ where: { id: org.id } })).toMatchObject({ status: "active" });

    // A member's account names the restricted member permission.
    const { workspace: w2 } = await workspaceWithKey("LinkedIn Member No Read");
    const member = await account(w2.id, LI_NO_READ_TOKEN, "urn:li:person:abc123");
    await published(w2.id, member.id, POST_A);
    await sweepAndRun(w2.id, at(10 * MIN));
    const cur2 = await db().inboxCursor.findUniqueOrThrow({ where: { accountId: member.id } });
    expect(cur2.notices).toHaveLength(1);
    expect(cur2.notices[0]).toMatch(/r_member_social.*approved apps/);
  });
});
