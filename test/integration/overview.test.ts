// The dashboard home's reads (lib/overview.ts): the onboarding checklist's four steps as the
// database has them, and the overview's lists (next posts, recent results, failures needing
// attention) with their limits, order and readable errors — always one workspace's own rows: a
// second workspace with sooner, newer and more of everything never shows. The clock is pinned:
// every instant is NOW plus or minus minutes, on whatever date the suite runs.
import { describe, expect, it } from "vitest";
import * as schedule from "../../app/api/agent/schedule/route";
import { runAfterResponseWork } from "../../lib/after-response";
import { db } from "../../lib/db";
import type { Platform, TargetStatus } from "../../lib/generated/prisma/enums";
import { OVERVIEW_LIMIT, workspaceOverview } from "../../lib/overview";
import { pinClock, req, simulatedAccount, workspaceWithKey } from "../support/factories";
import { json } from "../support/routes";

const NOW = new Date("2031-03-14T12:00:00.000Z");
const min = (n: number) => new Date(NOW.getTime() + n * 60_000);

pinClock(NOW);

let seq = 0;
const uniq = () => `${++seq}-${Math.random().toString(36).slice(2, 8)}`;

async function user(name: string) {
  return db().user.create({ data: { name, email: `${name.toLowerCase().replace(/\W+/g, ".")}.${uniq()}@example.com` } });
}

/** A workspace with its owner, as sign-up makes it: one membership, nothing else. */
async function newWorkspace(name: string) {
  const { workspace, key } = await workspaceWithKey(`${name} ${uniq()}`);
  const owner = await user(`${name} Owner`);
  await db().membership.create({ data: { workspaceId: workspace.id, userId: owner.id, role: "owner" } });
  return { workspace, key, owner };
}

/** A post with one target on `account`, written as the scheduler would have left it. */
async function postWith(
  account: { id: string; workspaceId: string; platform: Platform },
  text: string,
  post: { status?: "draft" | "scheduled" | "publishing" | "published" | "failed" | "cancelled"; scheduledAt?: Date | null; approvalState?: "pending" | "not_required" },
  target: { status?: TargetStatus; publishedAt?: Date; platformPostId?: string; url?: string; error?: string; updatedAt?: Date } = {},
) {
  return db().post.create({
    data: {
      workspaceId: account.workspaceId,
      text,
      status: post.status ?? "scheduled",
      scheduledAt: post.scheduledAt === undefined ? min(60) : post.scheduledAt,
      approvalState: post.approvalState ?? "not_required",
      targets: { create: [{ workspaceId: account.workspaceId, accountId: account.id, platform: account.platform, ...target }] },
    },
    include: { targets: true },
  });
}

describe("the onboarding checklist", () => {
  it("has nothing done for a new workspace, and no overview", async () => {
    const { workspace } = await newWorkspace("Fresh Florist");
    const o = await workspaceOverview(workspace.id);
    expect(o.checklist).toEqual({ account: false, post: false, slots: false, teammate: false });
    expect(o.complete).toBe(false);
    expect(o.hasPosts).toBe(false);
    expect(o).toMatchObject({ next: [], recent: [], failures: [], failureCount: 0 });
  });

  it("marks each step done from the database: an account, a post, saved slots, a teammate or a live invitation", async () => {
    const { workspace, owner } = await newWorkspace("Step Bakery");
    const ws = workspace.id;
    // Another workspace with everything done lends this one nothing.
    const other = await newWorkspace("Busy Bakery");
    const otherAccount = await simulatedAccount(other.workspace.id, "mastodon");
    await postWith(otherAccount, "Not ours", {});
    await db().workspace.update({ where: { id: other.workspace.id }, data: { postingSlots: [{ weekday: 1, time: "09:00" }] } });
    await db().membership.create({ data: { workspaceId: other.workspace.id, userId: owner.id, role: "editor" } });
    expect((await workspaceOverview(other.workspace.id)).complete).toBe(true);
    expect((await workspaceOverview(ws)).checklist).toEqual({ account: false, post: false, slots: false, teammate: false });

    const account = await simulatedAccount(ws, "bluesky");
    expect((await workspaceOverview(ws)).checklist).toMatchObject({ account: true, post: false });

    // Slots: saved but empty is not done; one slot is.
    await db().workspace.update({ where: { id: ws }, data: { postingSlots: [] } });
    expect((await workspaceOverview(ws)).checklist.slots).toBe(false);
    await db().workspace.update({ where: { id: ws }, data: { postingSlots: [{ weekday: 3, time: "08:30" }] } });
    expect((await workspaceOverview(ws)).checklist.slots).toBe(true);

    // Teammate: an invitation that expired a minute ago, or was cancelled or declined, does not count; a live one does.
    const invite = (status: "pending" | "canceled" | "rejected", expiresAt: Date) =>
      db().invitation.create({ data: { workspaceId: ws, email: `${status}.${uniq()}@example.com`, role: "editor", status, inviterId: owner.id, expiresAt } });
    await invite("pending", min(-1));
    await invite("canceled", min(60));
    await invite("rejected", min(60));
    expect((await workspaceOverview(ws)).checklist.teammate).toBe(false);
    await invite("pending", min(1));
    expect((await workspaceOverview(ws)).checklist.teammate).toBe(true);
    // The same invitation seen after it expired: not done any more.
    expect((await workspaceOverview(ws, min(2))).checklist.teammate).toBe(false);
    // A second member is done, with no invitation left at all.
    await db().invitation.deleteMany({ where: { workspaceId: ws } });
    const editor = await user("Eddie Editor");
    await db().membership.create({ data: { workspaceId: ws, userId: editor.id, role: "editor" } });
    expect((await workspaceOverview(ws)).checklist.teammate).toBe(true);

    // A draft is a post: the last step, and the overview appears.
    const before = await workspaceOverview(ws);
    expect(before).toMatchObject({ complete: false, hasPosts: false });
    await postWith(account, "A first draft", { status: "draft", scheduledAt: null });
    const after = await workspaceOverview(ws);
    expect(after.checklist).toEqual({ account: true, post: true, slots: true, teammate: true });
    expect(after).toMatchObject({ complete: true, hasPosts: true });
    // A draft has no time: it is not among the next posts.
    expect(after.next).toEqual([]);
  });
});

describe("the overview", () => {
  it("lists the next five posts, the five latest results and the latest failures, only the workspace's own", async () => {
    const { workspace } = await newWorkspace("Corner Cafe");
    const ws = workspace.id;
    const bsky = await simulatedAccount(ws, "bluesky", { handle: "cornercafe.bsky.social" });
    const x = await simulatedAccount(ws, "twitter", { handle: "@cornercafe" });
    const wa = await simulatedAccount(ws, "whatsapp", { handle: "+4915100000000" });

    // The other workspace's rows are sooner, newer and more numerous than ours in every list.
    const { workspace: otherWs } = await newWorkspace("Rival Cafe");
    const rival = await simulatedAccount(otherWs.id, "bluesky");
    for (let i = 0; i < 6; i++) {
      await postWith(rival, `Rival next ${i}`, { scheduledAt: min(1 + i) });
      await postWith(rival, `Rival result ${i}`, { status: "published", scheduledAt: min(-1 - i) }, { status: "published", publishedAt: min(-1 - i), url: "https://bsky.app/profile/rival/post/1" });
      await postWith(rival, `Rival failure ${i}`, { status: "failed", scheduledAt: min(-1 - i) }, { status: "failed", error: "Rival's error", updatedAt: min(-i) });
    }

    // Next: six scheduled at +10 … +60 min, one overdue (paused), one awaiting approval, one
    // publishing; a draft, a cancelled and a published post are not "next".
    const scheduled = [];
    for (let i = 6; i >= 1; i--) scheduled.unshift(await postWith(bsky, `Soup of the day ${i}`, { scheduledAt: min(10 * i + 5) }));
    const overdue = await postWith(x, "Waiting since the stop", { scheduledAt: min(-30) });
    const approval = await postWith(x, "Needs the owner's yes", { scheduledAt: min(12), approvalState: "pending" });
    const going = await postWith(bsky, "Going out now", { status: "publishing", scheduledAt: min(0) });
    await postWith(bsky, "Just an idea", { status: "draft", scheduledAt: min(1) });
    await postWith(bsky, "Called off", { status: "cancelled", scheduledAt: min(2) }, { status: "cancelled" });

    // Results: a simulated one, a real one with its permalink, a WhatsApp broadcast (no page), and
    // older ones beyond the five.
    const sim = await postWith(bsky, "Muffins are in", { status: "published", scheduledAt: min(-5) }, {
      status: "published",
      publishedAt: min(-5),
      platformPostId: "sim_bluesky_0123456789abcdef0123",
      url: "https://bsky.app/profile/cornercafe.bsky.social/post/sim",
    });
    const real = await postWith(x, "New opening hours", { status: "published", scheduledAt: min(-15) }, {
      status: "published",
      publishedAt: min(-15),
      platformPostId: "1790000000000000001",
      url: "https://x.com/cornercafe/status/1790000000000000001",
    });
    const broadcast = await postWith(wa, "Lunch deal for our list", { status: "published", scheduledAt: min(-25) }, {
      status: "published",
      publishedAt: min(-25),
      platformPostId: "wamid.HBgL",
      url: "whatsapp:message/wamid.HBgL",
    });
    const older = [];
    for (let i = 0; i < 3; i++) {
      older.push(await postWith(bsky, `Older result ${i}`, { status: "published", scheduledAt: min(-100 - i) }, { status: "published", publishedAt: min(-100 - i), platformPostId: `at://did:plc:abc/app.bsky.feed.post/${i}`, url: `https://bsky.app/profile/cornercafe.bsky.social/post/${i}` }));
    }

    // Failures: one with the target's own error, one in review whose words are on its task, and
    // five older ones (seven in all).
    const failed = await postWith(x, "Too long for X, apparently", { status: "failed", scheduledAt: min(-40) }, { status: "failed", error: "X refused the post: it is longer than 280 characters.", updatedAt: min(-2) });
    // A post whose only target is in review keeps the status it had (the roll-up leaves it): not "next".
    const review = await postWith(bsky, "Did this go out?", { status: "scheduled", scheduledAt: min(-50) }, { status: "needs_review", updatedAt: min(-3) });
    await db().agentTask.create({
      data: {
        workspaceId: ws,
        type: "social_post",
        platform: "bluesky",
        accountId: bsky.id,
        postTargetId: review.targets[0].id,
        scheduledAt: min(-50),
        status: "needs_review",
        content: review.text,
        idempotencyKey: `review-${uniq()}`,
        lastError: "The request timed out after it was sent; Bluesky could not be asked whether the post exists.",
      },
    });
    for (let i = 0; i < 5; i++) {
      await postWith(bsky, `Old failure ${i}`, { status: "failed", scheduledAt: min(-200 - i) }, { status: "failed", error: `Old error ${i}`, updatedAt: min(-200 - i) });
    }

    const o = await workspaceOverview(ws);

    expect(o.next).toHaveLength(OVERVIEW_LIMIT);
    expect(o.next.map((p) => p.text)).toEqual(["Waiting since the stop", "Going out now", "Needs the owner's yes", "Soup of the day 1", "Soup of the day 2"]);
    expect(o.next.map((p) => p.id)).toEqual([overdue.id, going.id, approval.id, scheduled[0].id, scheduled[1].id]);
    expect(o.next[0]).toEqual({
      id: overdue.id,
      text: "Waiting since the stop",
      scheduledAt: min(-30),
      status: "scheduled",
      awaitingApproval: false,
      targets: [{ platform: "twitter", handle: "@cornercafe" }],
    });
    expect(o.next[1]).toMatchObject({ status: "publishing", awaitingApproval: false });
    expect(o.next[2]).toMatchObject({ status: "scheduled", awaitingApproval: true });

    expect(o.recent.map((r) => r.text)).toEqual(["Muffins are in", "New opening hours", "Lunch deal for our list", "Older result 0", "Older result 1"]);
    expect(o.recent[0]).toEqual({
      id: sim.targets[0].id,
      postId: sim.id,
      text: "Muffins are in",
      platform: "bluesky",
      handle: "cornercafe.bsky.social",
      publishedAt: min(-5),
      simulated: true,
      url: null,
    });
    expect(o.recent[1]).toMatchObject({ postId: real.id, platform: "twitter", simulated: false, url: "https://x.com/cornercafe/status/1790000000000000001" });
    expect(o.recent[2]).toMatchObject({ postId: broadcast.id, platform: "whatsapp", simulated: false, url: null });
    expect(o.recent[3]).toMatchObject({ postId: older[0].id, simulated: false, url: "https://bsky.app/profile/cornercafe.bsky.social/post/0" });

    expect(o.failureCount).toBe(7);
    expect(o.failures).toHaveLength(OVERVIEW_LIMIT);
    expect(o.failures.slice(0, 2)).toEqual([
      {
        id: failed.targets[0].id,
        postId: failed.id,
        text: "Too long for X, apparently",
        platform: "twitter",
        handle: "@cornercafe",
        status: "failed",
        error: "X refused the post: it is longer than 280 characters.",
        updatedAt: min(-2),
      },
      {
        id: review.targets[0].id,
        postId: review.id,
        text: "Did this go out?",
        platform: "bluesky",
        handle: "cornercafe.bsky.social",
        status: "needs_review",
        error: "The request timed out after it was sent; Bluesky could not be asked whether the post exists.",
        updatedAt: min(-3),
      },
    ]);
    expect(o.failures.slice(2).map((f) => f.error)).toEqual(["Old error 0", "Old error 1", "Old error 2"]);

    // Nothing of the rival's in any list.
    const shown = [...o.next.map((p) => p.text), ...o.recent.map((r) => r.text), ...o.failures.map((f) => f.text)];
    expect(shown.filter((t) => t.startsWith("Rival"))).toEqual([]);
    // And the rival sees only its own.
    const theirs = await workspaceOverview(otherWs.id);
    expect(theirs.next.map((p) => p.text)).toEqual(["Rival next 0", "Rival next 1", "Rival next 2", "Rival next 3", "Rival next 4"]);
    expect(theirs.failureCount).toBe(6);
    expect([...theirs.recent, ...theirs.failures].every((t) => t.text.startsWith("Rival"))).toBe(true);
  });

  it("shows what the scheduler really did: a simulated publish as a result without a link, a rejection as a failure in words", async () => {
    const { workspace, key } = await newWorkspace("Real Path Deli");
    const ok = await simulatedAccount(workspace.id, "bluesky", { handle: "deli.bsky.social" });
    const refusing = await simulatedAccount(workspace.id, "mastodon", { handle: "deli", simulation: { failRate: 1, failureClass: "permanent" } });
    const res = await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { accountIds: [ok.id, refusing.id], content: "Pastrami on rye today", scheduledAt: NOW.toISOString() } }));
    const body = await json(res);
    expect(res.status, JSON.stringify(body)).toBe(201);
    const later = await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { accountIds: [ok.id], content: "Bagels tomorrow", scheduledAt: min(24 * 60).toISOString() } }));
    expect(later.status).toBe(201);

    const before = await workspaceOverview(workspace.id);
    expect(before.next.map((p) => p.text)).toEqual(["Pastrami on rye today", "Bagels tomorrow"]);
    expect(before).toMatchObject({ recent: [], failures: [], failureCount: 0 });

    // Published the way a post due now is: by its own request's work after the response.
    expect(await runAfterResponseWork()).toBe(1);

    const o = await workspaceOverview(workspace.id);
    expect(o.next.map((p) => p.text)).toEqual(["Bagels tomorrow"]);
    expect(o.next[0].scheduledAt).toEqual(min(24 * 60));
    expect(o.recent).toEqual([expect.objectContaining({ postId: body.postId, platform: "bluesky", handle: "deli.bsky.social", simulated: true, url: null })]);
    expect(o.failureCount).toBe(1);
    expect(o.failures).toEqual([
      expect.objectContaining({ postId: body.postId, platform: "mastodon", status: "failed", error: "Simulated rejection of the post (HTTP 400)." }),
    ]);
  });
});
