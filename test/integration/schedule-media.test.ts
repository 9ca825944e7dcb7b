// Scheduling a post with uploaded media by id: resolved to the workspace's own assets only.
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import * as schedule from "../../app/api/agent/schedule/route";
import { db } from "../../lib/db";
import { createMediaAsset } from "../../lib/media/assets";
import { PlatformTaskConfig } from "../../lib/tasks/platform";
import { req, workspaceWithKey } from "../support/factories";
import { mp4 } from "../support/mp4";

const jpeg = () => sharp({ create: { width: 64, height: 48, channels: 3, background: "#c05020" } }).jpeg().toBuffer();

describe("config.mediaIds", () => {
  it("attaches the workspace's uploaded media with its alt text, and refuses another workspace's", async () => {
    const mine = await workspaceWithKey();
    const other = await workspaceWithKey("Other");
    const asset = await createMediaAsset(mine.workspace.id, { data: await jpeg(), filename: "rolls.jpg", altText: "A tray of rolls" });
    const theirs = await createMediaAsset(other.workspace.id, { data: await jpeg(), filename: "x.jpg" });

    const ok = await schedule.POST(
      req("POST", "/api/agent/schedule", { key: mine.key, body: { platform: "bluesky", content: "Rolls!", config: { mediaIds: [asset.id] } } }),
    );
    expect(ok.status).toBe(201);
    const task = await db().agentTask.findUniqueOrThrow({ where: { id: (await ok.json()).task.id } });
    expect((task.config as { media: unknown[] }).media).toEqual([
      { url: asset.url, type: "image", altText: "A tray of rolls", sizeBytes: asset.sizeBytes },
    ]);

    const stolen = await schedule.POST(
      req("POST", "/api/agent/schedule", { key: mine.key, body: { platform: "bluesky", content: "x", config: { mediaIds: [theirs.id] } } }),
    );
    expect(stolen.status).toBe(404);
    expect(await db().agentTask.count({ where: { workspaceId: mine.workspace.id } })).toBe(1);
  });

  it("carries an uploaded video's length, size, codecs, frame rate and poster, and refuses it where a network's video rules do not allow it", async () => {
    const { workspace, key } = await workspaceWithKey();
    const short = await createMediaAsset(workspace.id, { data: mp4(640, 360, { seconds: 1 }), filename: "pour.mp4" });
    const post = (platform: string, config: Record<string, unknown>) =>
      schedule.POST(req("POST", "/api/agent/schedule", { key, body: { platform, content: "Fresh coffee", config } }));

    const x = await post("twitter", { mediaIds: [short.id] });
    expect(x.status).toBe(201);
    const task = await db().agentTask.findUniqueOrThrow({ where: { id: (await x.json()).task.id } });
    expect((task.config as { media: unknown[] }).media).toEqual([
      {
        url: short.url,
        type: "video",
        sizeBytes: short.sizeBytes,
        durationMs: short.durationMs,
        width: 640,
        height: 360,
        videoCodec: "h264",
        frameRate: 25,
        posterUrl: short.posterUrl,
      },
    ]);
    expect(short.posterUrl).toMatch(/^https?:\/\/.+\/poster$/);
    // What the adapter gets when the task runs keeps them (Instagram's cover_url comes from it).
    expect(PlatformTaskConfig.parse(task.config).media?.[0]).toMatchObject({ frameRate: 25, posterUrl: short.posterUrl });

    const ig = await post("instagram", { mediaIds: [short.id] });
    expect(ig.status).toBe(400);
    const body = await ig.json();
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.fields).toEqual([{ path: "config.media", message: "instagram: The video runs 1 s; Instagram takes videos of 3 s to 15 min." }]);

    // Landscape, marked as a YouTube Short.
    const yt = await post("youtube", { mediaIds: [short.id], youtube: { title: "Coffee", shorts: true } });
    expect(yt.status).toBe(400);
    expect((await yt.json()).error.fields).toEqual([
      { path: "config.media", message: "youtube: A YouTube Short is square or vertical; this video is 640×360. Untick “Short” or choose another video." },
    ]);
    expect(await db().agentTask.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });

  it("refuses an upload whose frame rate a network does not take, naming the network and the figure", async () => {
    const { workspace, key } = await workspaceWithKey();
    const clip = await createMediaAsset(workspace.id, { data: mp4(640, 360, { seconds: 4 }), filename: "pour.mp4" });
    // Uploads are converted to 24–60 fps; a row from before that (or another rate read) still is checked.
    await db().mediaAsset.update({ where: { id: clip.id }, data: { frameRate: 120 } });
    const post = (platform: string) =>
      schedule.POST(req("POST", "/api/agent/schedule", { key, body: { platform, content: "Slow motion", config: { mediaIds: [clip.id] } } }));

    const x = await post("twitter");
    expect(x.status).toBe(400);
    expect((await x.json()).error.fields).toEqual([{ path: "config.media", message: "twitter: The video is 120 fps; X takes videos of up to 60 fps." }]);
    const ig = await post("instagram");
    expect((await ig.json()).error.fields).toEqual([{ path: "config.media", message: "instagram: The video is 120 fps; Instagram takes videos of 23 to 60 fps." }]);
    expect((await post("bluesky")).status).toBe(201);
  });
});
