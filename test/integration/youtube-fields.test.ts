// YouTube's own fields (config.youtube) through the schedule API: refused field by field before
// anything is written, stored on the task with their defaults, and handed to the real adapter when
// the task runs (a local server answering like the YouTube Data API's resumable upload).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schedule from "../../app/api/agent/schedule/route";
import { createAccount } from "../../lib/accounts";
import { autopilotSkipReason } from "../../lib/ai/autopilot";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";
import { req, runProcessor, workspaceWithKey } from "../support/factories";

let yt: FixtureServer;
const CLIP = Buffer.from("not really an mp4, but YouTube's double does not mind");

beforeAll(async () => {
  yt = await startFixtureServer();
  process.env.YOUTUBE_API_URL = yt.url;
  resetEnvCache();
  yt.on("GET", "/media/clip.mp4", () => ({ headers: { "content-type": "video/mp4" }, text: CLIP.toString() }));
  yt.on("POST", "/upload/youtube/v3/videos", () => ({ headers: { location: `${yt.url}/upload/youtube/v3/videos?uploadType=resumable&upload_id=sess-1` }, json: {} }));
  yt.on("PUT", "/upload/youtube/v3/videos", () => ({ json: { kind: "youtube#video", id: "vid00000001", status: { uploadStatus: "uploaded" } } }));
});

afterAll(async () => {
  await yt.close();
  delete process.env.YOUTUBE_API_URL;
  resetEnvCache();
});

async function post(key: string, body: unknown) {
  const res = await schedule.POST(req("POST", "/api/agent/schedule", { key, body }));
  return { status: res.status, body: await res.json() };
}

const media = () => [{ url: `${yt.url}/media/clip.mp4`, type: "video" }];

describe("config.youtube", () => {
  it("refuses a video without its title, or without a video, naming the field and writing nothing", async () => {
    const { workspace, key } = await workspaceWithKey();
    const cases: [unknown, string[]][] = [
      [{ platform: "youtube", content: "How we bake", config: { media: media() } }, ["config.youtube.title"]],
      [{ platform: "youtube", content: "How we bake", config: { youtube: { title: "Sourdough" } } }, ["config.media"]],
      [{ platforms: ["bluesky", "youtube"], content: "How we bake" }, ["config.media", "config.youtube.title"]],
      [{ platform: "youtube", content: "x", config: { media: media(), youtube: { title: "t".repeat(101) } } }, ["config.youtube.title"]],
      [{ platform: "youtube", content: "x", config: { media: media(), youtube: { title: "Bread <3" } } }, ["config.youtube.title"]],
      [{ platform: "youtube", content: "x", config: { media: media(), youtube: { title: "Bread", privacy: "friends" } } }, ["config.youtube.privacy"]],
      [{ platform: "youtube", content: "x", config: { media: media(), youtube: { title: "Bread", categoryId: "Food" } } }, ["config.youtube.categoryId"]],
      [{ platform: "youtube", content: "x", config: { media: media(), youtube: { title: "Bread", tags: ["t".repeat(300), "u".repeat(300)] } } }, ["config.youtube.tags"]],
      [{ platform: "youtube", content: "x", config: { media: media(), youtube: { title: "Bread", views: 1000 } } }, ["config.youtube"]],
    ];
    for (const [body, paths] of cases) {
      const r = await post(key, body);
      expect([r.status, r.body.error?.code], JSON.stringify(body)).toEqual([400, "validation_failed"]);
      expect(r.body.error.fields.map((f: { path: string }) => f.path), JSON.stringify(body)).toEqual(paths);
    }
    const missing = await post(key, cases[0][0]);
    expect(missing.body.error.fields[0].message).toBe("youtube: A YouTube video needs a title.");
    expect(await db().agentTask.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(await db().post.count({ where: { workspaceId: workspace.id } })).toBe(0);
    // Autopilot writes text only, so it leaves YouTube out rather than have every post refused.
    expect(autopilotSkipReason("youtube")).toMatch(/^YouTube skipped: it needs a video and a title/);
  });

  it("stores the fields, defaults included, on the task", async () => {
    const { key } = await workspaceWithKey();
    const fields = { title: "Sourdough, start to finish", categoryId: "26", tags: ["baking"], shorts: true };
    const r = await post(key, { platform: "youtube", content: "How we bake", scheduledAt: new Date(Date.now() + 3_600_000).toISOString(), config: { media: media(), youtube: fields } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const task = await db().agentTask.findUniqueOrThrow({ where: { id: r.body.task.id } });
    expect((task.config as { youtube?: unknown }).youtube).toEqual({ ...fields, privacy: "public", madeForKids: false });
  });

  it("reaches the YouTube adapter when the task runs: the metadata in the session start, the bytes in the PUT", async () => {
    const { workspace, key } = await workspaceWithKey();
    const account = await createAccount(db(), workspace.id, { platform: "youtube", handle: "Herald Café", credentials: { accessToken: "yt-token" } });
    const r = await post(key, {
      accountId: account.id,
      content: "How we bake our sourdough.",
      config: { media: media(), youtube: { title: "Sourdough", privacy: "unlisted", madeForKids: false } },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);

    await runProcessor({ workspaceId: workspace.id });

    const task = await db().agentTask.findUniqueOrThrow({ where: { id: r.body.task.id } });
    expect(task.status, task.lastError ?? "").toBe("completed");
    expect(task.result).toMatchObject({ platformPostId: "vid00000001", url: "https://www.youtube.com/watch?v=vid00000001", simulated: false });
    const start = yt.requests.find((q) => q.method === "POST" && q.path === "/upload/youtube/v3/videos")!;
    expect(start.headers.authorization).toBe("Bearer yt-token");
    expect(start.body).toEqual({
      snippet: { title: "Sourdough", description: "How we bake our sourdough." },
      status: { privacyStatus: "unlisted", selfDeclaredMadeForKids: false },
    });
    const put = yt.requests.find((q) => q.method === "PUT")!;
    expect(put.headers["content-range"]).toBe(`bytes 0-${CLIP.length - 1}/${CLIP.length}`);
    expect(put.raw.equals(CLIP)).toBe(true);
  });

  it("a retry resumes the upload session the first attempt kept, and a refused thumbnail is a note on the published target", async () => {
    const { workspace, key } = await workspaceWithKey();
    const account = await createAccount(db(), workspace.id, { platform: "youtube", handle: "Herald Resume", credentials: { accessToken: "yt-resume" } });
    const POSTER = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
    const session = `${yt.url}/upload/youtube/v3/resume?upload_id=sess-2`;
    yt.on("GET", "/media/poster.jpg", () => ({ headers: { "content-type": "image/jpeg" }, text: POSTER.toString("latin1") }));
    yt.on("POST", "/upload/youtube/v3/thumbnails/set", () => ({ status: 403, json: { error: { code: 403, message: "The authenticated user doesnt have permissions to upload and set custom video thumbnails.", errors: [{ reason: "forbidden" }] } } }));
    // The session: first YouTube keeps only 10 bytes and asks again and again (the attempt gives up,
    // nothing posted); on the retry it says so to the status query and takes the rest.
    let attempt = 1;
    // Only one session is ever opened here (beforeAll's route answers any other).
    yt.once("POST", "/upload/youtube/v3/videos", { headers: { location: session }, json: {} });
    yt.on("PUT", "/upload/youtube/v3/resume", (q) => {
      const range = String(q.headers["content-range"]);
      if (attempt === 1 || range.startsWith("bytes */")) return { status: 308, headers: { range: "bytes=0-9" } };
      return { json: { kind: "youtube#video", id: "vid00000002" } };
    });
    const r = await post(key, {
      accountId: account.id,
      content: "How we bake our sourdough.",
      config: { media: [{ url: `${yt.url}/media/clip.mp4`, type: "video", posterUrl: `${yt.url}/media/poster.jpg` }], youtube: { title: "Sourdough resumed" } },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const mark = yt.requests.length;

    await runProcessor({ workspaceId: workspace.id });
    let task = await db().agentTask.findUniqueOrThrow({ where: { id: r.body.task.id } });
    expect([task.status, task.lastErrorCode]).toEqual(["pending", "upload_incomplete"]);
    expect(task.platformRef).toMatch(/^youtube-upload:/);
    const first = yt.requests.slice(mark);
    expect(first.filter((q) => q.method === "POST" && q.path === "/upload/youtube/v3/videos")).toHaveLength(1);

    attempt = 2;
    const second = yt.requests.length;
    await runProcessor({ workspaceId: workspace.id, at: new Date(task.scheduledAt.getTime() + 1000) });
    task = await db().agentTask.findUniqueOrThrow({ where: { id: r.body.task.id } });
    expect(task.status, task.lastError ?? "").toBe("completed");
    const sent = yt.requests.slice(second);
    // No new session: the status query, then only the bytes YouTube did not hold.
    expect(sent.filter((q) => q.method === "POST" && q.path === "/upload/youtube/v3/videos")).toHaveLength(0);
    expect(sent.filter((q) => q.method === "PUT").map((q) => q.headers["content-range"])).toEqual([`bytes */${CLIP.length}`, `bytes 10-${CLIP.length - 1}/${CLIP.length}`]);
    expect(sent.find((q) => q.method === "PUT" && q.raw.length > 0)!.raw.equals(CLIP.subarray(10))).toBe(true);
    // The thumbnail was tried with the poster's bytes; its 403 is a note on the target, not a failure.
    const thumb = sent.find((q) => q.path === "/upload/youtube/v3/thumbnails/set")!;
    expect(thumb.query.get("videoId")).toBe("vid00000002");
    expect(task.lastError).toBeNull();
    const target = await db().postTarget.findUniqueOrThrow({ where: { id: task.postTargetId! } });
    expect(target.status).toBe("published");
    expect(target.error).toMatch(/the channel must be verified to use custom thumbnails/);
  });
});
