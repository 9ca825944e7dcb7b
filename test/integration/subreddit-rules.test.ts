// GET /api/accounts/:id/reddit/subreddit through the real route: a real Reddit account's view of a
// subreddit read from a local server answering like Reddit's OAuth API (REDDIT_API_URL), a
// simulated account's labelled stand-in (nothing read), the name checked as config.reddit takes
// it, other workspaces' and other networks' accounts 404, and Reddit's failures as readable 4xx/502.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as rules from "@/app/api/accounts/[id]/reddit/subreddit/route";
import * as active from "@/app/api/workspaces/active/route";
import { createAccount } from "@/lib/accounts";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { browserReq, signUp, type Jar } from "../support/auth";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";
import { params, req, simulatedAccount, workspaceWithKey } from "../support/factories";

let reddit: FixtureServer;

beforeAll(async () => {
  reddit = await startFixtureServer();
  process.env.REDDIT_API_URL = reddit.url;
  resetEnvCache();
});

afterAll(async () => {
  await reddit.close();
  delete process.env.REDDIT_API_URL;
  resetEnvCache();
});

beforeEach(() => reddit.reset());

const about = (data: Record<string, unknown>) => ({ json: { kind: "t5", data: { display_name: "Breadit", subreddit_type: "public", submission_type: "any", ...data } } });

async function get(id: string, query: string, auth: { key: string } | { jar: Jar }) {
  const path = `/api/accounts/${id}/reddit/subreddit${query}`;
  const request = "key" in auth ? req("GET", path, { key: auth.key }) : browserReq("GET", path, { jar: auth.jar });
  const res = await rules.GET(request, params({ id }));
  return { status: res.status, body: await res.json() };
}

async function realAccount() {
  const { workspace, key } = await workspaceWithKey();
  const account = await createAccount(db(), workspace.id, { platform: "reddit", handle: "herald_cafe", credentials: { accessToken: "reddit-token" } });
  return { workspace, key, account };
}

describe("GET /api/accounts/:id/reddit/subreddit", () => {
  it("answers a real account's rules from Reddit: kinds of post, flair required, the flairs it may choose", async () => {
    const { key, account } = await realAccount();
    reddit.once("GET", "/r/Breadit/about", about({ submission_type: "self" }));
    reddit.once("GET", "/api/v1/Breadit/post_requirements", { json: { is_flair_required: true } });
    reddit.once("GET", "/r/Breadit/api/link_flair_v2", {
      json: [
        { id: "f-home", text: "Homemade", mod_only: false },
        { id: "f-mod", text: "Announcement", mod_only: true },
      ],
    });
    const r = await get(account.id, "?name=Breadit", { key });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({
      success: true,
      simulated: false,
      name: "Breadit",
      exists: true,
      linkPostsAllowed: false,
      selfPostsAllowed: true,
      flairRequired: true,
      flairs: [{ id: "f-home", text: "Homemade" }],
    });
    expect(reddit.requests.map((q) => q.path).sort()).toEqual(["/api/v1/Breadit/post_requirements", "/r/Breadit/about", "/r/Breadit/api/link_flair_v2"]);
    expect(reddit.requests[0].headers.authorization).toBe("Bearer reddit-token");

    // A subreddit that does not exist is an answer, not an error.
    reddit.once("GET", "/r/nosuchsub42/about", { status: 302, headers: { location: "/subreddits/search.json?q=nosuchsub42" } });
    const missing = await get(account.id, "?name=nosuchsub42", { key });
    expect(missing.status).toBe(200);
    expect(missing.body).toMatchObject({ simulated: false, exists: false, problem: "r/nosuchsub42 does not exist." });
  });

  it("answers a simulated account's stand-in, labelled, without asking Reddit; a viewer may ask", async () => {
    const { workspace, key } = await workspaceWithKey();
    const sim = await simulatedAccount(workspace.id, "reddit");
    const r = await get(sim.id, "?name=Breadit", { key });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      success: true,
      simulated: true,
      notice: "Simulated account: subreddit rules are not checked.",
      name: "Breadit",
      exists: true,
      linkPostsAllowed: true,
      selfPostsAllowed: true,
      flairRequired: false,
      flairs: [],
    });
    expect(reddit.requests).toHaveLength(0);

    const { jar, user } = await signUp(`viewer-${Math.random().toString(36).slice(2, 8)}@example.com`);
    await db().membership.create({ data: { workspaceId: workspace.id, userId: user.id, role: "viewer" } });
    expect((await active.POST(browserReq("POST", "/api/workspaces/active", { jar, body: { workspaceId: workspace.id } }))).status).toBe(200);
    expect((await get(sim.id, "?name=Breadit", { jar })).status).toBe(200);
  });

  it("checks the name as config.reddit.subreddit does, and 404s another workspace's or another network's account", async () => {
    const { workspace, key, account } = await realAccount();
    for (const query of ["?name=r/Breadit", "?name=ab", "", "?name=Breadit&extra=1"]) {
      const r = await get(account.id, query, { key });
      expect(r.status, query).toBe(400);
      expect(r.body.error.code).toBe("validation_failed");
    }
    const bad = await get(account.id, "?name=r/Breadit", { key });
    expect(bad.body.error.fields).toEqual([{ path: "name", message: "Give the subreddit's name without r/: 3–21 letters, digits or _." }]);

    const other = await workspaceWithKey("Other");
    const theirs = await get(account.id, "?name=Breadit", { key: other.key });
    expect(theirs).toMatchObject({ status: 404, body: { error: { code: "not_found", message: `Account not found: ${account.id}.` } } });
    const bsky = await simulatedAccount(workspace.id, "bluesky");
    const notReddit = await get(bsky.id, "?name=Breadit", { key });
    expect(notReddit).toMatchObject({ status: 404, body: { error: { message: `Account ${bsky.id} is not a Reddit account.` } } });
    expect(reddit.requests).toHaveLength(0);
  });

  it("turns Reddit's failures into readable answers: reconnect (409), wait (429), Reddit down (502), never a stack", async () => {
    const { key, account } = await realAccount();
    reddit.once("GET", "/r/Breadit/about", { status: 401, json: { message: "Unauthorized", error: 401 } });
    const auth = await get(account.id, "?name=Breadit", { key });
    expect(auth.status).toBe(409);
    expect(auth.body.error).toMatchObject({ code: "invalid_state", details: { reason: "reconnect" } });
    expect(auth.body.error.message).toMatch(/^Could not read r\/Breadit's rules: Reddit refused the account's token \(HTTP 401/);

    reddit.once("GET", "/r/Breadit/about", { status: 429, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "42" }, json: { message: "Too Many Requests", error: 429 } });
    const limited = await get(account.id, "?name=Breadit", { key });
    expect(limited.status).toBe(429);
    expect(limited.body.error.message).toMatch(/^Could not read r\/Breadit's rules: Reddit rate limit reached/);
    expect(Date.parse(limited.body.error.details.retryAt)).toBeGreaterThan(Date.now());

    reddit.once("GET", "/r/Breadit/about", { status: 503, text: "<html>upstream connect error</html>" });
    const down = await get(account.id, "?name=Breadit", { key });
    expect(down.status).toBe(502);
    expect(down.body.error.code).toBe("upstream_failed");
    expect(down.body.error.message).toMatch(/^Could not read r\/Breadit's rules: /);
    for (const r of [auth, limited, down]) expect(JSON.stringify(r.body)).not.toMatch(/\bat .+\.(ts|js):\d+/);
  });
});
