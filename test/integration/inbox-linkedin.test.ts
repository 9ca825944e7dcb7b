// LinkedIn comments in the community inbox (docs/decisions.md, "Inbox"): inbox_sweep reads the
// comments on the account's recently published posts from a local server playing the Comments API
// (one page per post, versioned headers), keeps only those newer than the cursor, links them to our
// PostTarget, marks a comment gone from a post's complete list as deleted, fails a refused token as
// auth, and an answer from POST /api/inbox/:id/reply is a comment with parentComment.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as replyRoute from "../../app/api/inbox/[id]/reply/route";
import { encryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { storeCollected } from "../../lib/inbox/store";
import { sweepInbox, INBOX_IDLE_MS } from "../../lib/inbox/sweep";
import { callRoute, req, runProcessor, workspaceWithKey } from "../support/factories";
import { liComment, LI_ORG, LI_TOKEN, startLinkedinInbox } from "../support/inbox-fixtures-linkedin";

const T0 = new Date("2031-03-02T10:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;
const POST_A = "urn:li:share:7001000000000000001";
const POST_B = "urn:li:ugcPost:7001000000000000002";

let li: Awaited<ReturnType<typeof startLinkedinInbox>>;
beforeAll(async () => {
  li = await startLinkedinInbox();
  process.env.LINKEDIN_API_URL = li.url;
  resetEnvCache();
});
afterAll(async () => {
  await li.close();
  delete process.env.LINKEDIN_API_URL;
  resetEnvCache();
});
beforeEach(() => {
  li.comments.clear();
  li.requests.length = 0;
});

const page = (id: number, min: number, text: string, on = POST_A) => liComment(on, String(6_900_000_000 + id), { time: at(min * MIN).getTime(), text });
const reads = () => li.requests.filter((r) => r.method === "GET");

async function account(workspaceId: string, token = LI_TOKEN) {
  return db().socialAccount.create({ data: { workspaceId, platform: "linkedin", handle: "Corner Bakery", credentials: encryptJson({ accessToken: token, authorUrn: LI_ORG }) } });
}

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
    li.comments.set(POST_A, [page(1, 1, "Congratulations on the new shop!"), page(2, 2, "Are you hiring bakers?"), liComment(POST_A, "6900000003", { time: at(3 * MIN).getTime(), text: "Thank you all", actor: LI_ORG })]);
    li.comments.set(POST_B, [page(4, 4, "Great team", POST_B)]);

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
    li.comments.get(POST_A)!.push(page(5, 20, "Open on Sundays?"));
    li.comments.set(POST_B, []);
    li.requests.length = 0;
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
    const posts = li.requests.filter((r) => r.method === "POST");
    expect(posts).toHaveLength(1);
    expect(decodeURIComponent(posts[0].path)).toBe(`/rest/socialActions/${asked.commentUrn}/comments`);
    expect(posts[0].body).toEqual({ actor: LI_ORG, object: POST_A, parentComment: asked.commentUrn, message: { text: "We do! Send us a message." } });
    const ours = await db().inboxItem.findFirstOrThrow({ where: { accountId: acc.id, outgoing: true } });
    expect(ours).toMatchObject({ remoteParentId: asked.commentUrn, text: "We do! Send us a message.", url: expect.stringContaining(`/feed/update/${POST_A}/?commentUrn=`) });
    expect(ours.remoteId).toMatch(/^urn:li:comment:\(urn:li:share:7001000000000000001,71\d+\)$/);
  });
});
