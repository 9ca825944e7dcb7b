// A publish whose process died after the platform accepted it: TikTok cannot look posts up by
// text, so the publish_id kept with the task (AgentTask.platformRef, written by the adapter through
// PublishInput.remember as soon as TikTok returned it) is what the next process call asks about.
// Through the real processor, the lease sweeper and the TikTok adapter against a local double.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { runProcessor, workspaceWithKey } from "../support/factories";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";

const POST_ID = "7441234567890123456";
const PUBLISH_ID = "v_pub_url~v2-1.7441234567890000001";
const NOW = new Date("2031-07-08T09:00:00.000Z");

let tiktok: FixtureServer;
beforeAll(async () => {
  tiktok = await startFixtureServer();
  tiktok.on("POST", "/v2/post/publish/status/fetch/", (req) =>
    (req.body as { publish_id?: string }).publish_id === PUBLISH_ID
      ? { text: `{"data":{"status":"PUBLISH_COMPLETE","publicaly_available_post_id":[${POST_ID}]},"error":{"code":"ok","message":"","log_id":"L"}}`, headers: { "content-type": "application/json" } }
      : { status: 400, json: { error: { code: "invalid_params", message: "unknown publish_id", log_id: "L" } } },
  );
  process.env.TIKTOK_API_URL = tiktok.url;
  resetEnvCache();
});
afterAll(async () => {
  delete process.env.TIKTOK_API_URL;
  resetEnvCache();
  await tiktok.close();
});

async function deadPublish(platformRef: string | null) {
  const { workspace } = await workspaceWithKey();
  const account = await db().socialAccount.create({
    data: { workspaceId: workspace.id, platform: "tiktok", handle: "herald_bakery", credentials: encryptJson({ accessToken: "act.tiktok-token", openId: "open-1" }) },
  });
  // A process claimed it, TikTok accepted the video (its publish_id kept), and the process died.
  return db().agentTask.create({
    data: {
      workspaceId: workspace.id,
      type: "social_post",
      platform: "tiktok",
      accountId: account.id,
      scheduledAt: new Date(NOW.getTime() - 600_000),
      status: "running",
      content: "New sourdough",
      config: { tiktok: { privacy: "SELF_ONLY" }, media: [{ url: "https://cdn.example.com/loaf.mp4", type: "video" }] },
      idempotencyKey: `k-${Math.random()}`,
      lockedBy: "died",
      leaseExpiresAt: new Date(NOW.getTime() - 60_000),
      processingStartedAt: new Date(NOW.getTime() - 400_000),
      platformRef,
    },
  });
}

describe("a publish in doubt after its process died", () => {
  it("is adopted by the next run by the publish_id kept with the task", async () => {
    const task = await deadPublish(PUBLISH_ID);
    await runProcessor({ at: NOW, workspaceId: task.workspaceId });
    const after = await db().agentTask.findUniqueOrThrow({ where: { id: task.id } });
    expect([after.status, after.lastError]).toEqual(["completed", null]);
    expect(after.result).toMatchObject({ platformPostId: POST_ID, url: `https://www.tiktok.com/@herald_bakery/video/${POST_ID}` });
    expect(tiktok.requests.map((r) => r.body)).toContainEqual({ publish_id: PUBLISH_ID });
  });

  it("goes to a person when nothing was kept (TikTok cannot be searched)", async () => {
    const task = await deadPublish(null);
    await runProcessor({ at: NOW, workspaceId: task.workspaceId });
    const after = await db().agentTask.findUniqueOrThrow({ where: { id: task.id } });
    expect([after.status, after.lastErrorCode]).toEqual(["needs_review", "in_doubt_unverifiable"]);
  });
});
