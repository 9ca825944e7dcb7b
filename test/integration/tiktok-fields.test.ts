// TikTok's own fields (config.tiktok) through the schedule API: a post without a chosen privacy is
// refused before anything is written, the fields are stored on the task, and they reach the real
// adapter when the task runs (a local server answering like TikTok's Content Posting API).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schedule from "../../app/api/agent/schedule/route";
import { createAccount } from "../../lib/accounts";
import { autopilotSkipReason } from "../../lib/ai/autopilot";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";
import { req, runProcessor, workspaceWithKey } from "../support/factories";

let tiktok: FixtureServer;
const VIDEO = "https://media.herald.example/v/rolls.mp4";
const ok = (data: unknown) => ({ json: { data, error: { code: "ok", message: "", log_id: "L" } } });

beforeAll(async () => {
  tiktok = await startFixtureServer();
  process.env.TIKTOK_API_URL = tiktok.url;
  process.env.TIKTOK_VERIFIED_DOMAINS = "herald.example";
  resetEnvCache();
  tiktok.on("POST", "/v2/post/publish/creator_info/query/", () =>
    ok({ creator_username: "herald_bakery", privacy_level_options: ["PUBLIC_TO_EVERYONE", "SELF_ONLY"], comment_disabled: false, duet_disabled: false, stitch_disabled: false, max_video_post_duration_sec: 600 }),
  );
  tiktok.on("POST", "/v2/post/publish/video/init/", () => ok({ publish_id: "v_pub_url~v2-1.99" }));
  tiktok.on("POST", "/v2/post/publish/status/fetch/", () => ({
    headers: { "content-type": "application/json" },
    text: '{"data":{"status":"PUBLISH_COMPLETE","publicaly_available_post_id":[7441234567890123456]},"error":{"code":"ok","message":"","log_id":"L"}}',
  }));
});

afterAll(async () => {
  await tiktok.close();
  delete process.env.TIKTOK_API_URL;
  delete process.env.TIKTOK_VERIFIED_DOMAINS;
  resetEnvCache();
});

async function post(key: string, body: unknown) {
  const res = await schedule.POST(req("POST", "/api/agent/schedule", { key, body }));
  return { status: res.status, body: await res.json() };
}

const media = [{ url: VIDEO, type: "video" }];
const fields = { privacy: "PUBLIC_TO_EVERYONE", allowComments: true, allowDuet: false, allowStitch: true, brandOrganic: true };

describe("config.tiktok", () => {
  it("refuses a post to TikTok without a chosen privacy, or with a bad one, naming the field and writing nothing", async () => {
    const { workspace, key } = await workspaceWithKey();
    const cases: [unknown, string[]][] = [
      [{ platform: "tiktok", content: "Fresh rolls", config: { media } }, ["config.tiktok.privacy"]],
      [{ platform: "tiktok", content: "Fresh rolls", config: { media, tiktok: { allowComments: true } } }, ["config.tiktok.privacy"]],
      [{ platform: "tiktok", content: "x", config: { media, tiktok: { ...fields, privacy: "FRIENDS" } } }, ["config.tiktok.privacy"]],
      [{ platform: "tiktok", content: "x", config: { media, tiktok: { ...fields, brandContent: true, privacy: "SELF_ONLY" } } }, ["config.tiktok.privacy"]],
      [{ platform: "tiktok", content: "x", config: { media, tiktok: { ...fields, duet: true } } }, ["config.tiktok"]],
    ];
    for (const [body, paths] of cases) {
      const r = await post(key, body);
      expect([r.status, r.body.error.code], JSON.stringify(body)).toEqual([400, "validation_failed"]);
      expect(r.body.error.fields.map((f: { path: string }) => f.path), JSON.stringify(body)).toEqual(paths);
    }
    const missing = await post(key, cases[0][0]);
    expect(missing.body.error.fields[0].message).toMatch(/^tiktok: A TikTok post needs who may see it, chosen by you \(TikTok allows no default\)/);
    expect(await db().agentTask.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(await db().post.count({ where: { workspaceId: workspace.id } })).toBe(0);
    // Autopilot writes text only, so it leaves TikTok out rather than have every post refused.
    expect(autopilotSkipReason("tiktok")).toBe(
      "TikTok skipped: it needs a video or photos and who may see it (config.tiktok.privacy), and autopilot writes text only. Schedule posts for TikTok yourself.",
    );
  });

  it("stores the fields on the task", async () => {
    const { key } = await workspaceWithKey();
    const r = await post(key, { platform: "tiktok", content: "Fresh rolls from 7am!", scheduledAt: new Date(Date.now() + 3_600_000).toISOString(), config: { media, tiktok: fields } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const task = await db().agentTask.findUniqueOrThrow({ where: { id: r.body.task.id } });
    expect((task.config as { tiktok?: unknown }).tiktok).toEqual(fields);
  });

  it("reaches the TikTok adapter when the task runs: privacy and flags in the video init, the post's URL as result", async () => {
    const { workspace, key } = await workspaceWithKey();
    const account = await createAccount(db(), workspace.id, { platform: "tiktok", handle: "herald_bakery", credentials: { accessToken: "tiktok-token" } });
    const r = await post(key, { accountId: account.id, content: "Rolls, loaves and the new chestnut bread.", config: { media, tiktok: fields } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);

    await runProcessor({ workspaceId: workspace.id });

    const task = await db().agentTask.findUniqueOrThrow({ where: { id: r.body.task.id } });
    expect(task.status, task.lastError ?? "").toBe("completed");
    expect(task.result).toMatchObject({
      platformPostId: "7441234567890123456",
      url: "https://www.tiktok.com/@herald_bakery/video/7441234567890123456",
      simulated: false,
    });
    const inits = tiktok.requests.filter((q) => q.path === "/v2/post/publish/video/init/");
    expect(inits).toHaveLength(1);
    expect(inits[0].headers.authorization).toBe("Bearer tiktok-token");
    expect(inits[0].body).toEqual({
      post_info: {
        title: "Rolls, loaves and the new chestnut bread.",
        privacy_level: "PUBLIC_TO_EVERYONE",
        disable_comment: false,
        disable_duet: true,
        disable_stitch: false,
        brand_organic_toggle: true,
      },
      source_info: { source: "PULL_FROM_URL", video_url: VIDEO },
    });
  });
});
