// Thumbnails of a post's first media item (lib/posts.ts postThumbnails) in what the Posts page and
// the Calendar fetch: GET /api/posts, GET /api/posts/:id and the calendar's read. An image of the
// workspace's library is served as stored (with its size and alt text), a video by its poster
// frame, a URL from elsewhere is named but not loaded, and another workspace's library never
// lends its picture to a post.
import { describe, expect, it } from "vitest";
import * as schedule from "../../app/api/agent/schedule/route";
import * as posts from "../../app/api/posts/route";
import * as post from "../../app/api/posts/[id]/route";
import * as drafts from "../../app/api/posts/drafts/route";
import { calendarPosts } from "../../app/dashboard/calendar/data";
import { db } from "../../lib/db";
import { newMediaId } from "../../lib/media/assets";
import { callRoute as call, req, simulatedAccount, workspaceWithKey } from "../support/factories";

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

async function asset(workspaceId: string, kind: "image" | "video", extra: { altText?: string; posterUrl?: string; url?: string } = {}) {
  const id = newMediaId();
  return db().mediaAsset.create({
    data: {
      id,
      workspaceId,
      kind,
      mime: kind === "video" ? "video/mp4" : "image/jpeg",
      storageKey: `${workspaceId}/${id}.${kind === "video" ? "mp4" : "jpg"}`,
      url: extra.url ?? `https://herald.test/api/media/${id}/file`,
      sizeBytes: 2048,
      width: kind === "video" ? 1280 : 1200,
      height: kind === "video" ? 720 : 1500,
      altText: extra.altText ?? null,
      ...(extra.posterUrl && { posterStorageKey: `${workspaceId}/${id}-poster.jpg`, posterUrl: extra.posterUrl }),
    },
  });
}

async function setup(name: string) {
  const { workspace, key } = await workspaceWithKey(`${name} ${Math.random().toString(36).slice(2, 7)}`);
  const masto = await simulatedAccount(workspace.id, "mastodon");
  const scheduleWith = async (content: string, config: Record<string, unknown>, at = inMinutes(60)) => {
    const r = await call(schedule.POST, req("POST", "/api/agent/schedule", { key, body: { accountIds: [masto.id], content, scheduledAt: at, config } }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.postId as string;
  };
  return { workspace, key, masto, scheduleWith };
}

type Thumb = { kind: string; url: string | null; altText: string | null; width: number | null; height: number | null; count: number; source: string | null } | null;

describe("thumbnails in the posts and calendar reads", () => {
  it("gives the first image (as stored, with its size and alt text), a video's poster, a foreign URL unloaded, and null without media", async () => {
    const { workspace, key, masto, scheduleWith } = await setup("Thumbs");
    const photo = await asset(workspace.id, "image", { altText: "Rye loaves on a rack" });
    const second = await asset(workspace.id, "image");
    const clip = await asset(workspace.id, "video", { posterUrl: "https://herald.test/api/media/clip/poster" });

    const withPhoto = await scheduleWith("Rye today", { mediaIds: [photo.id, second.id] }, inMinutes(30));
    const withVideo = await scheduleWith("Watch the oven", { mediaIds: [clip.id] }, inMinutes(40));
    const foreign = await scheduleWith("From elsewhere", { media: [{ url: "https://cdn.elsewhere.example/pic.jpg", type: "image", altText: "A cake" }] }, inMinutes(50));
    const plain = await scheduleWith("Just words", {}, inMinutes(70));
    const draft = await call(
      drafts.POST,
      req("POST", "/api/posts/drafts", { key, body: { content: "Draft with a picture", accountIds: [masto.id], config: { mediaIds: [second.id] } } }),
    );
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);

    const list = await call(posts.GET, req("GET", "/api/posts", { key }));
    expect(list.status).toBe(200);
    const byId = new Map<string, Thumb>((list.body.posts as { id: string; thumbnail: Thumb }[]).map((p) => [p.id, p.thumbnail]));
    expect(byId.get(withPhoto)).toEqual({ kind: "image", url: photo.url, altText: "Rye loaves on a rack", width: 1200, height: 1500, count: 2, source: null });
    expect(byId.get(withVideo)).toEqual({ kind: "video", url: "https://herald.test/api/media/clip/poster", altText: null, width: 1280, height: 720, count: 1, source: null });
    expect(byId.get(foreign)).toEqual({ kind: "image", url: null, altText: "A cake", width: null, height: null, count: 1, source: "cdn.elsewhere.example" });
    expect(byId.get(plain)).toBeNull();
    // A draft keeps its media on the post itself (no tasks yet).
    expect(byId.get(draft.body.post.id as string)).toMatchObject({ kind: "image", url: second.url, count: 1 });
    // Nothing of the stored config leaks into the answer.
    expect(Object.keys(list.body.posts[0])).not.toContain("config");

    const one = await call(post.GET, req("GET", `/api/posts/${withPhoto}`, { key }), { id: withPhoto });
    expect(one.status).toBe(200);
    expect(one.body.post.thumbnail).toMatchObject({ kind: "image", url: photo.url });

    const cal = await calendarPosts(workspace.id, new Date(Date.now()), new Date(Date.now() + 3 * 3_600_000));
    const calById = new Map(cal.map((p) => [p.id, p.thumbnail]));
    expect(calById.get(withPhoto)).toMatchObject({ kind: "image", url: photo.url, altText: "Rye loaves on a rack", width: 1200, height: 1500 });
    expect(calById.get(withVideo)).toMatchObject({ kind: "video", url: "https://herald.test/api/media/clip/poster" });
    expect(calById.get(plain)).toBeNull();
  });

  it("takes the picture only from the caller's own library: another workspace's asset at the same URL is not lent", async () => {
    const a = await setup("Alpha");
    const b = await setup("Beta");
    const theirs = await asset(b.workspace.id, "image", { altText: "Beta's secret recipe" });
    // Alpha names Beta's public file URL directly as media.
    const id = await a.scheduleWith("Borrowed", { media: [{ url: theirs.url, type: "image" }] });
    const list = await call(posts.GET, req("GET", "/api/posts", { key: a.key }));
    const thumb = (list.body.posts as { id: string; thumbnail: Thumb }[]).find((p) => p.id === id)!.thumbnail;
    expect(thumb).toEqual({ kind: "image", url: null, altText: null, width: null, height: null, count: 1, source: "herald.test" });
    const cal = await calendarPosts(a.workspace.id, new Date(Date.now()), new Date(Date.now() + 3 * 3_600_000));
    expect(cal.find((p) => p.id === id)!.thumbnail).toMatchObject({ url: null, altText: null });
  });

  it("follows an edit: the tasks' newer media wins over what the post kept before", async () => {
    const { workspace, key, scheduleWith } = await setup("Edits");
    const first = await asset(workspace.id, "image");
    const later = await asset(workspace.id, "image", { altText: "The new picture" });
    const id = await scheduleWith("Changing picture", { mediaIds: [first.id] });
    const r = await call(post.PATCH, req("PATCH", `/api/posts/${id}`, { key, body: { config: { mediaIds: [later.id] } } }), { id });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const one = await call(post.GET, req("GET", `/api/posts/${id}`, { key }), { id });
    expect(one.body.post.thumbnail).toMatchObject({ url: later.url, altText: "The new picture" });
  });
});
