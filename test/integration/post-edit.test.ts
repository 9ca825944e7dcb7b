// Editing planned posts through the real route handlers (docs/decisions.md, "Editing a scheduled
// post"): text, overrides, link and accounts in one edit (kept tasks keep their ids, dropped ones
// go, added ones are new), a version per edit, refusals that change nothing, drafts, delete,
// cancel and bulk actions with an answer per post.
import { describe, expect, it } from "vitest";
import * as schedule from "../../app/api/agent/schedule/route";
import * as drafts from "../../app/api/posts/drafts/route";
import * as post from "../../app/api/posts/[id]/route";
import * as versions from "../../app/api/posts/[id]/versions/route";
import * as bulk from "../../app/api/posts/bulk/route";
import { db } from "../../lib/db";
import { composerSeed } from "../../lib/posting/edit";
import { callRoute as call, req, simulatedAccount, workspaceWithKey } from "../support/factories";


const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

async function setup() {
  const { workspace, key } = await workspaceWithKey(`Bakery ${Math.random().toString(36).slice(2, 7)}`);
  const bsky = await simulatedAccount(workspace.id, "bluesky");
  const masto = await simulatedAccount(workspace.id, "mastodon");
  const x = await simulatedAccount(workspace.id, "twitter");
  const scheduleFor = async (content: string, accountIds = [bsky.id, masto.id]) => {
    const r = await call(schedule.POST, req("POST", "/api/agent/schedule", { key, body: { accountIds, content, scheduledAt: inMinutes(60) } }));
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    return r.body.postId as string;
  };
  const patch = (id: string, body: unknown) => call(post.PATCH, req("PATCH", `/api/posts/${id}`, { key, body }), { id });
  const tasksOf = (id: string) => db().agentTask.findMany({ where: { postTarget: { postId: id } }, include: { postTarget: true }, orderBy: { platform: "asc" } });
  return { workspace, key, bsky, masto, x, scheduleFor, patch, tasksOf };
}

describe("PATCH /api/posts/:id (edit)", () => {
  it("changes text, an override, the link and the accounts at once, and keeps a version", async () => {
    const { key, bsky, masto, x, scheduleFor, patch, tasksOf } = await setup();
    const id = await scheduleFor("Fresh rolls at 7");
    const before = await tasksOf(id);
    const bskyTask = before.find((t) => t.platform === "bluesky")!;

    const r = await patch(id, {
      content: "Fresh rolls at 8",
      accountIds: [bsky.id, x.id],
      config: { link: "https://bakery.example/rolls", overrides: { twitter: "Rolls at 8 on X" } },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.post.text).toBe("Fresh rolls at 8");

    const after = await tasksOf(id);
    expect(after.map((t) => t.platform).sort()).toEqual(["bluesky", "twitter"]);
    const b = after.find((t) => t.platform === "bluesky")!;
    // Kept account: same task, updated in place.
    expect(b.id).toBe(bskyTask.id);
    expect(b.content).toBe("Fresh rolls at 8");
    expect((b.config as { link?: string }).link).toBe("https://bakery.example/rolls");
    const t = after.find((t) => t.platform === "twitter")!;
    expect(t.content).toBe("Rolls at 8 on X");
    expect(t.status).toBe("pending");
    expect(t.postTarget!.textOverride).toBe("Rolls at 8 on X");
    expect(t.scheduledAt.getTime()).toBe(b.scheduledAt.getTime());
    // Dropped account: its task and target are gone.
    expect(await db().postTarget.count({ where: { postId: id, accountId: masto.id } })).toBe(0);

    const v = await call(versions.GET, req("GET", `/api/posts/${id}/versions`, { key }), { id });
    expect(v.status).toBe(200);
    expect(v.body.versions).toHaveLength(1);
    const [first] = v.body.versions;
    expect(first.version).toBe(1);
    expect(first.by).toBe("API key");
    expect(first.changes.content).toEqual({ from: "Fresh rolls at 7", to: "Fresh rolls at 8" });
    expect(first.changes.link).toEqual({ from: null, to: "https://bakery.example/rolls" });
    expect(first.changes.accountIds.to).toEqual([bsky.id, x.id].sort());
    expect(Object.keys(first.changes).sort()).toEqual(["accountIds", "content", "link", "overrides"]);

    // The same edit again changes nothing and leaves no version.
    expect((await patch(id, { content: "Fresh rolls at 8" })).status).toBe(200);
    expect(await db().postVersion.count({ where: { postId: id } })).toBe(1);
  });

  it("refuses text a network cannot take with a field error, and writes nothing", async () => {
    const { scheduleFor, patch, tasksOf } = await setup();
    const id = await scheduleFor("Short and sweet");
    const before = await tasksOf(id);
    const r = await patch(id, { content: "x".repeat(600) });
    expect(r.status).toBe(400);
    expect(r.body.error.fields.map((f: { path: string }) => f.path)).toContain("content");
    expect((await tasksOf(id)).map((t) => t.content)).toEqual(before.map((t) => t.content));
    expect(await db().postVersion.count({ where: { postId: id } })).toBe(0);
  });

  it("400s for an empty body, an unknown field and a past local time; 404 for an unknown account", async () => {
    const { scheduleFor, patch } = await setup();
    const id = await scheduleFor("Check me");
    expect((await patch(id, {})).status).toBe(400);
    expect((await patch(id, { text: "wrong name" })).status).toBe(400);
    const past = await patch(id, { scheduledAt: "2020-01-01T09:00" });
    expect(past.status).toBe(400);
    expect(past.body.error.fields[0].path).toBe("scheduledAt");
    expect((await patch(id, { accountIds: ["nope"] })).status).toBe(404);
  });

  it("edits a draft's text and accounts without creating tasks", async () => {
    const { key, bsky, masto, patch } = await setup();
    const d = await call(drafts.POST, req("POST", "/api/posts/drafts", { key, body: { content: "Idea: cinnamon", accountIds: [bsky.id] } }));
    expect(d.status, JSON.stringify(d.body)).toBeLessThan(300);
    const id = d.body.post.id as string;
    const r = await patch(id, { content: "Idea: cinnamon buns", accountIds: [bsky.id, masto.id] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.post.status).toBe("draft");
    expect(r.body.post.targets).toHaveLength(2);
    expect(await db().agentTask.count({ where: { postTarget: { postId: id } } })).toBe(0);
    expect(await db().postVersion.count({ where: { postId: id } })).toBe(1);
  });

  it("reopens a draft's uploads in the composer as its media, in order, leaving out one deleted since", async () => {
    const { workspace, key, bsky } = await setup();
    const asset = (n: number) =>
      db().mediaAsset.create({
        data: { workspaceId: workspace.id, kind: "image", mime: "image/png", storageKey: `edit-test/${workspace.id}/${n}.png`, url: `https://cdn.example/${workspace.id}/${n}.png`, sizeBytes: 100 + n, altText: `Photo ${n}` },
      });
    const [one, two, gone] = [await asset(1), await asset(2), await asset(3)];
    const d = await call(drafts.POST, req("POST", "/api/posts/drafts", { key, body: { content: "Buns", accountIds: [bsky.id], config: { mediaIds: [two.id, gone.id, one.id] } } }));
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    await db().mediaAsset.delete({ where: { id: gone.id } });
    const seed = await composerSeed(workspace.id, d.body.post.id as string, "edit");
    expect(seed?.mode).toBe("draft");
    expect(seed?.config).not.toHaveProperty("mediaIds");
    expect((seed?.config.media as { url: string; altText?: string }[]).map((m) => [m.url, m.altText])).toEqual([
      [two.url, "Photo 2"],
      [one.url, "Photo 1"],
    ]);
  });

  it("409s once a platform started publishing, and changes nothing", async () => {
    const { scheduleFor, patch, tasksOf } = await setup();
    const id = await scheduleFor("Too late");
    const [first] = await tasksOf(id);
    await db().agentTask.update({ where: { id: first.id }, data: { status: "running" } });
    const r = await patch(id, { content: "Changed my mind" });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/already started/);
    expect((await db().post.findUniqueOrThrow({ where: { id } })).text).toBe("Too late");
  });
});

describe("DELETE /api/posts/:id and POST /api/posts/bulk", () => {
  it("deletes a scheduled post with its tasks; 409 while it is being published; 404 for another workspace", async () => {
    const { key, scheduleFor, tasksOf } = await setup();
    const id = await scheduleFor("Delete me");
    const del = await call(post.DELETE, req("DELETE", `/api/posts/${id}`, { key }), { id });
    expect(del.status).toBe(200);
    expect(await db().post.count({ where: { id } })).toBe(0);
    expect(await db().agentTask.count({ where: { idempotencyKey: { contains: id } } })).toBe(0);

    const busy = await scheduleFor("Publishing now");
    const [t] = await tasksOf(busy);
    await db().agentTask.update({ where: { id: t.id }, data: { status: "running" } });
    const r = await call(post.DELETE, req("DELETE", `/api/posts/${busy}`, { key }), { id: busy });
    expect(r.status).toBe(409);
    expect(await db().post.count({ where: { id: busy } })).toBe(1);

    const other = await setup();
    expect((await call(post.DELETE, req("DELETE", `/api/posts/${busy}`, { key: other.key }), { id: busy })).status).toBe(404);
  });

  it("cancels and reschedules many posts, answering for each", async () => {
    const { key, scheduleFor, tasksOf } = await setup();
    const a = await scheduleFor("A");
    const b = await scheduleFor("B");
    const c = await scheduleFor("C");
    const [started] = await tasksOf(c);
    await db().agentTask.update({ where: { id: started.id }, data: { status: "running" } });

    const at = new Date(Date.now() + 5 * 3_600_000);
    at.setMilliseconds(0);
    const moved = await call(bulk.POST, req("POST", "/api/posts/bulk", { key, body: { ids: [a, c], action: "reschedule", scheduledAt: at.toISOString() } }));
    expect(moved.status).toBe(200);
    expect(moved.body.results).toEqual([
      { id: a, ok: true },
      { id: c, ok: false, error: { code: "invalid_state", message: expect.stringMatching(/already started/) } },
    ]);
    for (const t of await tasksOf(a)) expect(t.scheduledAt.getTime()).toBe(at.getTime());

    const cancelled = await call(bulk.POST, req("POST", "/api/posts/bulk", { key, body: { ids: [b], action: "cancel" } }));
    expect(cancelled.body.results).toEqual([{ id: b, ok: true }]);
    expect((await db().post.findUniqueOrThrow({ where: { id: b } })).status).toBe("cancelled");
    expect((await tasksOf(b)).map((t) => t.status)).toEqual(["cancelled", "cancelled"]);

    const bad = await call(bulk.POST, req("POST", "/api/posts/bulk", { key, body: { ids: [a], action: "reschedule" } }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe("scheduledAt");
  });
});
