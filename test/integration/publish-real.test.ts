// End to end with real adapters: a post scheduled to Mastodon, LinkedIn and Facebook (each a
// local server answering like the platform) where Facebook rejects it for good. The post ends
// partially published, the other two are posted exactly once, and the reason is readable.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../lib/accounts";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { GRAPH_API_VERSION } from "../../lib/social/meta/graph";
import { scheduleTask } from "../../lib/posting/schedule";
import { ScheduleTaskInput } from "../../lib/validation/tasks";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";
import { runProcessor, workspaceWithKey } from "../support/factories";

let mastodon: FixtureServer;
let linkedin: FixtureServer;
let graph: FixtureServer;

beforeAll(async () => {
  [mastodon, linkedin, graph] = await Promise.all([startFixtureServer(), startFixtureServer(), startFixtureServer()]);
  process.env.LINKEDIN_API_URL = linkedin.url;
  process.env.GRAPH_API_URL = graph.url;
  resetEnvCache();

  mastodon.on("GET", "/api/v2/instance", () => ({
    json: { configuration: { statuses: { max_characters: 500, characters_reserved_per_url: 23 } } },
  }));
  mastodon.on("POST", "/api/v1/statuses", (r) => ({
    json: {
      id: "109876",
      url: `${mastodon.url}/@bakery/109876`,
      content: `<p>${(r.body as { status: string }).status}</p>`,
      created_at: new Date().toISOString(),
    },
  }));
  linkedin.on("POST", "/rest/posts", () => ({ status: 201, headers: { "x-restli-id": "urn:li:share:7001" } }));
  graph.on("POST", new RegExp(`/${GRAPH_API_VERSION}/555/feed`), () => ({
    status: 400,
    json: { error: { message: "(#100) The parameter link is not a valid URL for this Page", type: "OAuthException", code: 100, fbtrace_id: "Axyz" } },
  }));
});

afterAll(async () => {
  await Promise.all([mastodon.close(), linkedin.close(), graph.close()]);
  delete process.env.LINKEDIN_API_URL;
  delete process.env.GRAPH_API_URL;
  resetEnvCache();
});

describe("publishing to three real platforms", () => {
  it("ends partially published when one platform rejects the post, without re-posting the others", async () => {
    const { workspace } = await workspaceWithKey();
    const m = await createAccount(db(), workspace.id, {
      platform: "mastodon",
      handle: "bakery@local",
      credentials: { instanceUrl: mastodon.url, accessToken: "mastodon-token" },
    });
    const l = await createAccount(db(), workspace.id, {
      platform: "linkedin",
      handle: "Corner Bakery",
      credentials: { accessToken: "li-token", authorUrn: "urn:li:organization:42" },
    });
    const f = await createAccount(db(), workspace.id, {
      platform: "facebook",
      handle: "cornerbakery",
      credentials: { pageId: "555", pageAccessToken: "fb-token" },
    });
    const { postId } = await scheduleTask(
      db(),
      workspace.id,
      ScheduleTaskInput.parse({ accountIds: [m.id, l.id, f.id], content: "Fresh rolls from 7am! #bakery", config: { link: "https://bakery.example/menu" } }),
    );

    await runProcessor({ workspaceId: workspace.id });
    // A later run (e.g. the next cron tick, an hour on) has nothing to redo.
    await runProcessor({ workspaceId: workspace.id, at: new Date(Date.now() + 3600_000) });

    const post = await db().post.findUniqueOrThrow({ where: { id: postId! }, include: { targets: true } });
    expect(post.status).toBe("partially_published");
    const by = Object.fromEntries(post.targets.map((t) => [t.platform, t]));
    expect(by.mastodon).toMatchObject({ status: "published", platformPostId: "109876", url: `${mastodon.url}/@bakery/109876` });
    expect(by.linkedin).toMatchObject({ status: "published", platformPostId: "urn:li:share:7001", url: "https://www.linkedin.com/feed/update/urn:li:share:7001/" });
    expect(by.facebook.status).toBe("failed");
    expect(by.facebook.error).toMatch(/not a valid URL for this Page/);
    expect(by.facebook.error).not.toContain("fb-token");

    // Each platform got exactly one publish call, with the account's own token.
    const statusPosts = mastodon.requests.filter((r) => r.method === "POST" && r.path === "/api/v1/statuses");
    expect(statusPosts).toHaveLength(1);
    expect(statusPosts[0].headers.authorization).toBe("Bearer mastodon-token");
    expect(statusPosts[0].headers["idempotency-key"]).toMatch(/:/);
    const liPosts = linkedin.requests.filter((r) => r.method === "POST" && r.path === "/rest/posts");
    expect(liPosts).toHaveLength(1);
    expect(liPosts[0].headers.authorization).toBe("Bearer li-token");
    expect(graph.requests.filter((r) => r.method === "POST")).toHaveLength(1);

    const fbTask = await db().agentTask.findFirstOrThrow({ where: { postTargetId: by.facebook.id } });
    expect([fbTask.status, fbTask.lastFailureClass, fbTask.retryCount]).toEqual(["failed", "permanent", 1]);
  });
});
