// Reddit's own fields (config.reddit) through the schedule API: refused field by field before
// anything is written, stored on the task, and handed to the real adapter when the task runs
// (a local server answering like Reddit's OAuth API).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schedule from "../../app/api/agent/schedule/route";
import { createAccount } from "../../lib/accounts";
import { autopilotSkipReason } from "../../lib/ai/autopilot";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";
import { req, runProcessor, workspaceWithKey } from "../support/factories";

let reddit: FixtureServer;

beforeAll(async () => {
  reddit = await startFixtureServer();
  process.env.REDDIT_API_URL = reddit.url;
  resetEnvCache();
  reddit.on("POST", "/api/submit", () => ({
    json: { json: { errors: [], data: { id: "1abc2d", name: "t3_1abc2d", url: "https://www.reddit.com/r/Breadit/comments/1abc2d/fresh_rolls/" } } },
  }));
});

afterAll(async () => {
  await reddit.close();
  delete process.env.REDDIT_API_URL;
  resetEnvCache();
});

async function post(key: string, body: unknown) {
  const res = await schedule.POST(req("POST", "/api/agent/schedule", { key, body }));
  return { status: res.status, body: await res.json() };
}

const fields = { subreddit: "Breadit", title: "Fresh rolls from 7am", flairId: "f-1", nsfw: false };

describe("config.reddit", () => {
  it("refuses a post to Reddit without its subreddit and title, or with bad ones, naming the field and writing nothing", async () => {
    const { workspace, key } = await workspaceWithKey();
    const cases: [unknown, string[]][] = [
      [{ platform: "reddit", content: "Fresh rolls" }, ["config.reddit.subreddit", "config.reddit.title"]],
      [{ platforms: ["bluesky", "reddit"], content: "Fresh rolls", config: { reddit: { subreddit: "Breadit" } } }, ["config.reddit.title"]],
      [{ platform: "reddit", content: "x", config: { reddit: { ...fields, subreddit: "r/Breadit" } } }, ["config.reddit.subreddit"]],
      [{ platform: "reddit", content: "x", config: { reddit: { ...fields, title: "t".repeat(301) } } }, ["config.reddit.title"]],
      [{ platform: "reddit", content: "x", config: { reddit: { ...fields, flairId: undefined, flairText: "Homemade" } } }, ["config.reddit.flairText"]],
      [{ platform: "reddit", content: "x", config: { reddit: { ...fields, upvotes: 1000 } } }, ["config.reddit"]],
    ];
    for (const [body, paths] of cases) {
      const r = await post(key, body);
      // The API's validation answer (400 validation_failed), as for every other field.
      expect([r.status, r.body.error.code], JSON.stringify(body)).toEqual([400, "validation_failed"]);
      expect(r.body.error.fields.map((f: { path: string }) => f.path), JSON.stringify(body)).toEqual(paths);
    }
    const missing = await post(key, cases[0][0]);
    expect(missing.body.error.fields[1].message).toBe("reddit: A Reddit post needs a title.");
    expect(await db().agentTask.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(await db().post.count({ where: { workspaceId: workspace.id } })).toBe(0);
    // Autopilot writes text only, so it leaves Reddit out rather than have every post refused.
    expect(autopilotSkipReason("reddit")).toBe("Reddit skipped: it needs a subreddit and a title, and autopilot writes text only. Schedule posts for Reddit yourself.");
  });

  it("stores the fields on every task of the post; other networks ignore them", async () => {
    const { key } = await workspaceWithKey();
    const r = await post(key, { platforms: ["bluesky", "reddit"], content: "Fresh rolls from 7am!", scheduledAt: new Date(Date.now() + 3_600_000).toISOString(), config: { reddit: fields } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const tasks = await db().agentTask.findMany({ where: { id: { in: r.body.tasks.map((t: { id: string }) => t.id) } } });
    expect(tasks).toHaveLength(2);
    for (const t of tasks) expect((t.config as { reddit?: unknown }).reddit).toEqual(fields);
  });

  it("reaches the Reddit adapter when the task runs: subreddit, title, flair and flags in the submit", async () => {
    const { workspace, key } = await workspaceWithKey();
    const account = await createAccount(db(), workspace.id, { platform: "reddit", handle: "herald_cafe", credentials: { accessToken: "reddit-token" } });
    const r = await post(key, { accountId: account.id, content: "Rolls, loaves and the new chestnut bread.", config: { reddit: { ...fields, spoiler: true } } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);

    await runProcessor({ workspaceId: workspace.id });

    const task = await db().agentTask.findUniqueOrThrow({ where: { id: r.body.task.id } });
    expect(task.status, task.lastError ?? "").toBe("completed");
    expect(task.result).toMatchObject({ platformPostId: "1abc2d", simulated: false });
    const submits = reddit.requests.filter((q) => q.path === "/api/submit");
    expect(submits).toHaveLength(1);
    expect(submits[0].headers.authorization).toBe("Bearer reddit-token");
    expect(submits[0].body).toEqual({
      api_type: "json",
      sr: "Breadit",
      title: "Fresh rolls from 7am",
      kind: "self",
      text: "Rolls, loaves and the new chestnut bread.",
      flair_id: "f-1",
      nsfw: "false",
      spoiler: "true",
      resubmit: "true",
    });
  });
});
