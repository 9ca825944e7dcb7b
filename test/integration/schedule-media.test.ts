// Scheduling a post with uploaded media by id: resolved to the workspace's own assets only.
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import * as schedule from "../../app/api/agent/schedule/route";
import { db } from "../../lib/db";
import { createMediaAsset } from "../../lib/media/assets";
import { req, workspaceWithKey } from "../support/factories";

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
});
