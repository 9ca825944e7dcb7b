// The Reddit adapter against a local Reddit double answering with Reddit's documented shapes:
// submit (text, link, image through a media lease), its `errors` array, rate limits, auth,
// reconcile by the account's submitted posts, metrics, token refresh, subreddit rules, validation.
import sharp from "sharp";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRedditAdapter, REDDIT_USER_AGENT, subredditRules, type RedditAdapterDeps } from "../../lib/social/reddit/adapter";
import type { AccountContext, PublishContent } from "../../lib/social/types";
import { startFixtureServer, type FixtureServer, type RecordedRequest } from "../support/fixture-server";
import { failure } from "../support/assertions";

const TOKEN = "eyJhbGciOiJSUzI1NiJ9.reddit-user-token";
const REFRESH = "122334455-refreshtokenvalue";
const NOW = new Date("2026-11-22T10:00:00.000Z");
const NOW_S = NOW.getTime() / 1000;
const POST_URL = "https://www.reddit.com/r/Breadit/comments/1h2x3yz/fresh_sourdough_this_morning/";

let server: FixtureServer;
let png: string;

const account: AccountContext = {
  id: "acct_rd",
  workspaceId: "ws_1",
  platform: "reddit",
  handle: "herald_cafe",
  credentials: { accessToken: TOKEN, refreshToken: REFRESH },
  simulation: null,
};

const deps = (extra: Partial<RedditAdapterDeps> = {}): RedditAdapterDeps => ({
  baseUrl: server.url,
  authBaseUrl: `${server.url}/www`,
  clientId: "app-client-id",
  clientSecret: "app-client-secret",
  now: () => NOW,
  lookupIntervalMs: 5,
  lookupMax: 2,
  ...extra,
});
const adapter = (extra: Partial<RedditAdapterDeps> = {}) => createRedditAdapter(deps(extra));
const signal = () => AbortSignal.timeout(5000);
const reddit = { subreddit: "Breadit", title: "Fresh sourdough this morning" };
const publish = (content: Partial<PublishContent>, opts: { sig?: AbortSignal; deps?: Partial<RedditAdapterDeps> } = {}) =>
  adapter(opts.deps).publish({ account, content: { text: "", reddit, ...content }, idempotencyKey: "task-1", attempt: 1, signal: opts.sig ?? signal() });
const form = (r: RecordedRequest) => r.body as Record<string, string>;
const submits = () => server.requests.filter((r) => r.path === "/api/submit");
const submitted = (children: Record<string, unknown>[], after: string | null = null) => ({
  json: { kind: "Listing", data: { after, dist: children.length, children: children.map((data) => ({ kind: "t3", data })) } },
});
const post = (id: string, title: string, createdUtc: number, subreddit = "Breadit") => ({
  id,
  name: `t3_${id}`,
  title,
  subreddit,
  created_utc: createdUtc,
  permalink: `/r/${subreddit}/comments/${id}/slug/`,
});
const refused = (...errors: [string, string, string][]) => ({ json: { json: { errors } } });

beforeAll(async () => {
  const bytes = await sharp({ create: { width: 30, height: 30, channels: 3, background: "#ff4500" } }).png().toBuffer();
  png = `data:image/png;base64,${bytes.toString("base64")}`;
});

beforeEach(async () => {
  server = await startFixtureServer();
  server.on("POST", "/api/submit", () => ({
    headers: { "x-ratelimit-remaining": "99.0", "x-ratelimit-used": "1", "x-ratelimit-reset": "420" },
    json: { json: { errors: [], data: { url: POST_URL, drafts_count: 0, id: "1h2x3yz", name: "t3_1h2x3yz" } } },
  }));
});
afterEach(() => server.close());

describe("publishing", () => {
  it("submits a text post: form-encoded, bearer token, Herald's User-Agent, the title and the text as body", async () => {
    const r = await publish({ text: "Our starter is 12 years old. Ask us anything." });

    expect(r).toEqual({ platformPostId: "1h2x3yz", url: POST_URL, simulated: false });
    const [req] = server.requests;
    expect(req.method).toBe("POST");
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.headers["user-agent"]).toBe(REDDIT_USER_AGENT);
    expect(req.headers["content-type"]).toContain("application/x-www-form-urlencoded");
    expect(form(req)).toEqual({
      api_type: "json",
      sr: "Breadit",
      title: "Fresh sourdough this morning",
      kind: "self",
      text: "Our starter is 12 years old. Ask us anything.",
      resubmit: "true",
    });
  });

  it("submits a link post with the link and no body (link posts have none)", async () => {
    await publish({ text: "Words that go to the other networks", link: "https://herald.example/menu" });
    expect(form(submits()[0])).toEqual({
      api_type: "json",
      sr: "Breadit",
      title: "Fresh sourdough this morning",
      kind: "link",
      url: "https://herald.example/menu",
      resubmit: "true",
    });
  });

  it("sends the flair and the nsfw and spoiler flags", async () => {
    await publish({ text: "Body", reddit: { ...reddit, flairId: "0a1b2c3d-flair", flairText: "Homemade", nsfw: true, spoiler: true } });
    expect(form(submits()[0])).toMatchObject({ flair_id: "0a1b2c3d-flair", flair_text: "Homemade", nsfw: "true", spoiler: "true", kind: "self" });
  });

  it("posts an image: asset lease, upload to the lease URL with its fields (no token), submit kind=image, then finds the post in the account's list", async () => {
    server.on("POST", "/api/media/asset.json", () => ({
      json: {
        args: {
          action: `//${new URL(server.url).host}/media-bucket`,
          fields: [
            { name: "acl", value: "private" },
            { name: "key", value: "rte_images/q1w2e3/image.png" },
            { name: "x-amz-signature", value: "sig123" },
          ],
        },
        asset: { asset_id: "q1w2e3", processing_state: "incomplete", websocket_url: "wss://ws.redditmedia.com/rte_images/q1w2e3" },
      },
    }));
    server.on("POST", "/media-bucket", () => ({ status: 201, text: "<PostResponse><Key>rte_images/q1w2e3/image.png</Key></PostResponse>" }));
    // Image posts answer without an id (Reddit sends it over a websocket).
    server.once("POST", "/api/submit", { json: { json: { errors: [], data: { user_submitted_page: "https://www.reddit.com/user/herald_cafe/submitted/", websocket_url: "wss://ws.redditmedia.com/x" } } } });
    server.on("GET", "/user/herald_cafe/submitted", () =>
      submitted([post("9other", "Fresh sourdough this morning", NOW_S - 3600, "Baking"), post("1img42", "Fresh sourdough this morning", NOW_S + 2)]),
    );

    const r = await publish({ text: "Not sent: image posts have no body", media: [{ url: png, type: "image", altText: "A loaf" }] });

    expect(r).toEqual({ platformPostId: "1img42", url: "https://www.reddit.com/r/Breadit/comments/1img42/slug/", simulated: false });
    expect(server.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
      "POST /api/media/asset.json",
      "POST /media-bucket",
      "POST /api/submit",
      "GET /user/herald_cafe/submitted",
    ]);
    const [lease, upload, submit, list] = server.requests;
    expect(form(lease)).toEqual({ filepath: "image.png", mimetype: "image/png" });
    expect(lease.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(upload.headers.authorization).toBeUndefined();
    expect(upload.headers["content-type"]).toContain("multipart/form-data");
    const raw = upload.raw.toString("latin1");
    expect(raw).toMatch(/name="key"\r\n\r\nrte_images\/q1w2e3\/image\.png\r\n/);
    expect(raw).toMatch(/name="x-amz-signature"\r\n\r\nsig123\r\n/);
    // The storage wants the file after the lease's fields.
    expect(raw.indexOf('name="file"; filename="image.png"')).toBeGreaterThan(raw.indexOf('name="x-amz-signature"'));
    expect(form(submit)).toEqual({
      api_type: "json",
      sr: "Breadit",
      title: "Fresh sourdough this morning",
      kind: "image",
      url: `${server.url}/media-bucket/rte_images/q1w2e3/image.png`,
      resubmit: "true",
    });
    expect(list.query.get("sort")).toBe("new");
    expect(list.query.get("limit")).toBe("100");
  });

  it("an image post that is not listed yet is in doubt, so reconcile looks again later", async () => {
    server.on("POST", "/api/media/asset.json", () => ({
      json: { args: { action: `//${new URL(server.url).host}/media-bucket`, fields: [{ name: "key", value: "k/image.png" }] }, asset: { asset_id: "k" } },
    }));
    server.on("POST", "/media-bucket", () => ({ status: 204 }));
    server.once("POST", "/api/submit", { json: { json: { errors: [], data: { websocket_url: "wss://x" } } } });
    server.on("GET", "/user/herald_cafe/submitted", () => submitted([]));
    const e = await failure(publish({ media: [{ url: png, type: "image" }] }));
    expect([e.failureClass, e.code]).toEqual(["in_doubt", "not_listed_yet"]);
    expect(e.message).toContain("r/Breadit");
    expect(server.requests.filter((q) => q.path === "/user/herald_cafe/submitted")).toHaveLength(2);
  });

  it("a refused upload is permanent and nothing is submitted", async () => {
    server.on("POST", "/api/media/asset.json", () => ({
      json: { args: { action: `//${new URL(server.url).host}/media-bucket`, fields: [{ name: "key", value: "k/image.png" }] } },
    }));
    server.on("POST", "/media-bucket", () => ({
      status: 400,
      headers: { "content-type": "application/xml" },
      text: "<Error><Code>EntityTooLarge</Code><Message>Your proposed upload exceeds the maximum allowed size</Message></Error>",
    }));
    const e = await failure(publish({ media: [{ url: png, type: "image" }] }));
    expect([e.failureClass, e.code]).toEqual(["permanent", "too_large"]);
    expect(e.message).toContain("EntityTooLarge");
    expect(submits()).toHaveLength(0);
  });
});

describe("errors", () => {
  it("turns submit's errors array into a permanent failure that names the subreddit and the flair", async () => {
    server.once("POST", "/api/submit", refused(["SUBREDDIT_NOEXIST", "that community doesn't exist", "sr"]));
    const missing = await failure(publish({ text: "Hi" }));
    expect([missing.failureClass, missing.code]).toEqual(["permanent", "subreddit_noexist"]);
    expect(missing.message).toBe("r/Breadit does not exist. (SUBREDDIT_NOEXIST)");

    server.once("POST", "/api/submit", refused(["SUBMIT_VALIDATION_FLAIR_REQUIRED", "Your post must contain post flair.", "flair"]));
    const flair = await failure(publish({ text: "Hi" }));
    expect([flair.failureClass, flair.code]).toEqual(["permanent", "submit_validation_flair_required"]);
    expect(flair.message).toContain("r/Breadit requires a post flair");
    expect(flair.message).toContain("config.reddit.flairId");

    server.once("POST", "/api/submit", refused(["NO_LINKS", "that subreddit only allows text posts", "sr"]));
    const links = await failure(publish({ text: "See the link", link: "https://herald.example" }));
    expect(links.message).toContain("r/Breadit does not allow link posts");

    server.once("POST", "/api/submit", refused(["SOME_NEW_RULE", "Titles must end with a question mark", "title"]));
    const other = await failure(publish({ text: "Hi" }));
    expect([other.failureClass, other.code]).toEqual(["permanent", "some_new_rule"]);
    expect(other.message).toBe("Reddit refused the post to r/Breadit: Titles must end with a question mark (SOME_NEW_RULE)");
  });

  it("RATELIMIT in the errors array is rate_limited, with retryAt from Reddit's wait (ratelimit seconds, else its message)", async () => {
    server.once("POST", "/api/submit", refused(["RATELIMIT", "Looks like you've been doing that a lot. Take a break for 7 minutes before trying again.", "ratelimit"]));
    const fromMessage = await failure(publish({ text: "Hi" }));
    expect([fromMessage.failureClass, fromMessage.code]).toEqual(["rate_limited", "rate_limited"]);
    expect(fromMessage.retryAt).toEqual(new Date(NOW.getTime() + 7 * 60_000));
    expect(fromMessage.message).toContain("Take a break for 7 minutes");

    server.once("POST", "/api/submit", { json: { json: { errors: [["RATELIMIT", "you are doing that too much.", "ratelimit"]], ratelimit: 42.5 } } });
    const fromField = await failure(publish({ text: "Hi" }));
    expect(fromField.retryAt).toEqual(new Date(NOW.getTime() + 42_500));
  });

  it("HTTP 429, or an exhausted window (x-ratelimit-remaining: 0), is rate_limited with retryAt from x-ratelimit-reset seconds", async () => {
    server.once("POST", "/api/submit", { status: 429, headers: { "x-ratelimit-remaining": "0.0", "x-ratelimit-reset": "120" }, json: { message: "Too Many Requests", error: 429 } });
    const limited = await failure(publish({ text: "Hi" }));
    expect([limited.failureClass, limited.httpStatus]).toEqual(["rate_limited", 429]);
    expect(limited.retryAt).toEqual(new Date(NOW.getTime() + 120_000));

    server.once("POST", "/api/submit", { status: 400, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "30" }, json: { message: "Bad Request", error: 400 } });
    const exhausted = await failure(publish({ text: "Hi" }));
    expect(exhausted.failureClass).toBe("rate_limited");
    expect(exhausted.retryAt).toEqual(new Date(NOW.getTime() + 30_000));
  });

  it("401 and 403 are auth failures (reconnect); another 4xx is permanent", async () => {
    server.once("POST", "/api/submit", { status: 401, json: { message: "Unauthorized", error: 401 } });
    const a = await failure(publish({ text: "Hi" }));
    expect([a.failureClass, a.code, a.httpStatus]).toEqual(["auth", "auth_invalid", 401]);
    expect(a.message).toContain("reconnect");
    expect(a.message).not.toContain(TOKEN);

    server.once("POST", "/api/submit", { status: 403, json: { message: "Forbidden", error: 403 } });
    expect((await failure(publish({ text: "Hi" }))).failureClass).toBe("auth");

    server.once("POST", "/api/submit", { status: 400, json: { message: "Bad Request", error: 400 } });
    expect((await failure(publish({ text: "Hi" }))).failureClass).toBe("permanent");
  });

  it("a 5xx or a timeout at submit is in doubt (the post may exist); during the upload it is transient (nothing posted)", async () => {
    server.once("POST", "/api/submit", { status: 503, text: "<html>upstream connect error</html>" });
    const a = await failure(publish({ text: "Hi" }));
    expect([a.failureClass, a.code, a.httpStatus]).toEqual(["in_doubt", "server_error", 503]);

    server.once("POST", "/api/submit", { delayMs: 600, json: {} });
    const b = await failure(publish({ text: "Hi" }, { sig: AbortSignal.timeout(150) }));
    expect([b.failureClass, b.code]).toEqual(["in_doubt", "timeout"]);

    server.once("POST", "/api/media/asset.json", { delayMs: 600, json: {} });
    const c = await failure(publish({ media: [{ url: png, type: "image" }] }, { sig: AbortSignal.timeout(150) }));
    expect([c.failureClass, c.code]).toEqual(["transient", "timeout"]);
    expect(c.message).toContain("Nothing was posted yet");

    server.once("POST", "/api/media/asset.json", { status: 500, json: { message: "Internal Server Error", error: 500 } });
    expect((await failure(publish({ media: [{ url: png, type: "image" }] }))).failureClass).toBe("transient");
    expect(submits()).toHaveLength(2);
  });

  it("rejects malformed credentials as auth, before any call", async () => {
    const e = await failure(
      adapter().publish({ account: { ...account, credentials: { refreshToken: REFRESH } }, content: { text: "x", reddit }, idempotencyKey: "k", attempt: 1, signal: signal() }),
    );
    expect([e.failureClass, e.code]).toEqual(["auth", "credentials_invalid"]);
    expect(server.requests).toHaveLength(0);
  });
});

describe("reconcile", () => {
  const content = { text: "Body", reddit };

  it("finds the post by subreddit and title among the account's newest posts", async () => {
    server.once("GET", "/user/herald_cafe/submitted", submitted([post("1new", "Other title", NOW_S - 60), post("1found", "Fresh  sourdough this morning ", NOW_S - 300, "breadit")], "t3_more"));
    const r = await adapter().reconcile({ account, idempotencyKey: "task-1", content, since: new Date(NOW.getTime() - 3_600_000), signal: signal() });
    expect(r).toEqual({ state: "found", result: { platformPostId: "1found", url: "https://www.reddit.com/r/breadit/comments/1found/slug/", simulated: false } });
    const [q] = server.requests;
    expect(q.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(q.query.get("raw_json")).toBe("1");
  });

  it("is absent when the list reaches back past the first attempt without it; unknown when a full page does not", async () => {
    const since = new Date(NOW.getTime() - 3_600_000);
    // The same title before the first attempt is not this task's post.
    server.once("GET", "/user/herald_cafe/submitted", submitted([post("1new", "Other", NOW_S - 60), post("1old", reddit.title, NOW_S - 7200)], "t3_1old"));
    expect(await adapter().reconcile({ account, idempotencyKey: "task-1", content, since, signal: signal() })).toEqual({ state: "absent" });

    server.once("GET", "/user/herald_cafe/submitted", submitted([post("1new", "Other", NOW_S - 60)]));
    expect(await adapter().reconcile({ account, idempotencyKey: "task-1", content, since, signal: signal() })).toEqual({ state: "absent" });

    server.once("GET", "/user/herald_cafe/submitted", submitted([post("1new", "Other", NOW_S - 60)], "t3_1new"));
    const full = await adapter().reconcile({ account, idempotencyKey: "task-1", content, since, signal: signal() });
    expect(full.state).toBe("unknown");
  });

  it("is unknown when the list cannot be read or the task has no Reddit fields", async () => {
    server.once("GET", "/user/herald_cafe/submitted", { status: 401, json: { message: "Unauthorized", error: 401 } });
    const r = await adapter().reconcile({ account, idempotencyKey: "task-1", content, signal: signal() });
    expect(r.state === "unknown" && r.reason).toMatch(/refused the account's token/);
    const none = await adapter().reconcile({ account, idempotencyKey: "task-1", content: { text: "Body" }, signal: signal() });
    expect(none.state).toBe("unknown");
  });
});

describe("metrics and refresh", () => {
  it("reads /api/info: score as likes, comments as replies, crossposts as reposts, no impressions", async () => {
    server.once("GET", "/api/info", submitted([{ ...post("1h2x3yz", reddit.title, NOW_S), score: 57, num_comments: 12, num_crossposts: 3, upvote_ratio: 0.96 }]));
    const m = await adapter().metrics({ account, platformPostId: "1h2x3yz", signal: signal() });
    expect(m).toEqual({ likes: 57, replies: 12, reposts: 3, impressions: null, simulated: false });
    expect(server.requests[0].query.get("id")).toBe("t3_1h2x3yz");

    server.once("GET", "/api/info", submitted([]));
    const gone = await failure(adapter().metrics({ account, platformPostId: "1h2x3yz", signal: signal() }));
    expect([gone.failureClass, gone.code]).toEqual(["permanent", "not_found"]);
  });

  it("renews the token with the refresh token and the app's keys (HTTP basic), dating it from expires_in", async () => {
    server.once("POST", "/www/api/v1/access_token", { json: { access_token: "new-access", token_type: "bearer", expires_in: 86400, scope: "identity submit read flair" } });
    const r = await adapter().refresh({ account, signal: signal() });
    expect(r).toEqual({ accessToken: "new-access", refreshToken: REFRESH, expiresAt: new Date(NOW.getTime() + 86_400_000).toISOString() });
    const [q] = server.requests;
    expect(q.headers.authorization).toBe(`Basic ${Buffer.from("app-client-id:app-client-secret").toString("base64")}`);
    expect(q.headers["user-agent"]).toBe(REDDIT_USER_AGENT);
    expect(form(q)).toEqual({ grant_type: "refresh_token", refresh_token: REFRESH });
  });

  it("a refused refresh token is auth, even when Reddit answers 200; wrong app keys are permanent; nothing to refresh is null", async () => {
    server.once("POST", "/www/api/v1/access_token", { json: { error: "invalid_grant" } });
    const grant = await failure(adapter().refresh({ account, signal: signal() }));
    expect([grant.failureClass, grant.code]).toEqual(["auth", "refresh_token_invalid"]);
    expect(grant.message).toContain("invalid_grant");

    server.once("POST", "/www/api/v1/access_token", { status: 401, json: { message: "Unauthorized", error: 401 } });
    const keys = await failure(adapter().refresh({ account, signal: signal() }));
    expect([keys.failureClass, keys.code]).toEqual(["permanent", "app_credentials_invalid"]);

    const unset = await failure(adapter({ clientId: undefined }).refresh({ account, signal: signal() }));
    expect(unset.code).toBe("not_configured");
    const calls = server.requests.length;
    expect(await adapter().refresh({ account: { ...account, credentials: { accessToken: TOKEN } }, signal: signal() })).toBeNull();
    expect(server.requests).toHaveLength(calls);
  });
});

describe("subredditRules", () => {
  const about = (data: Record<string, unknown>) => ({ json: { kind: "t5", data: { display_name: "Breadit", subreddit_type: "public", submission_type: "any", ...data } } });

  it("reads about, post requirements and link flairs: flair required, mod-only flairs left out", async () => {
    server.once("GET", "/r/Breadit/about", about({}));
    server.once("GET", "/api/v1/Breadit/post_requirements", { json: { is_flair_required: true, title_text_max_length: null, body_restriction_policy: "none" } });
    server.once("GET", "/r/Breadit/api/link_flair_v2", {
      json: [
        { id: "f-1", text: "Homemade", text_editable: false, type: "text", mod_only: false },
        { id: "f-2", text: "Mod announcement", mod_only: true },
        { id: "f-3", text: "Question", mod_only: false },
      ],
    });
    const rules = await subredditRules(account, "r/Breadit", deps());
    expect(rules).toEqual({
      name: "Breadit",
      exists: true,
      linkPostsAllowed: true,
      selfPostsAllowed: true,
      flairRequired: true,
      flairs: [
        { id: "f-1", text: "Homemade" },
        { id: "f-3", text: "Question" },
      ],
    });
    expect(server.requests.every((q) => q.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it("a text-only subreddit bans link posts; flairs that cannot be read are none", async () => {
    server.once("GET", "/r/AskBakers/about", about({ display_name: "AskBakers", submission_type: "self" }));
    server.once("GET", "/api/v1/AskBakers/post_requirements", { json: { is_flair_required: false } });
    server.once("GET", "/r/AskBakers/api/link_flair_v2", { status: 403, json: { message: "Forbidden", error: 403 } });
    expect(await subredditRules(account, "AskBakers", deps())).toEqual({
      name: "AskBakers",
      exists: true,
      linkPostsAllowed: false,
      selfPostsAllowed: true,
      flairRequired: false,
      flairs: [],
    });
  });

  it("says so, readably, when the subreddit does not exist, is banned or private", async () => {
    // A missing subreddit redirects to the search for it; the redirect is not followed.
    server.once("GET", "/r/nosuchsub42/about", { status: 302, headers: { location: "/subreddits/search.json?q=nosuchsub42" } });
    const missing = await subredditRules(account, "nosuchsub42", deps());
    expect(missing).toMatchObject({ exists: false, linkPostsAllowed: false, selfPostsAllowed: false, problem: "r/nosuchsub42 does not exist." });
    expect(server.requests.map((q) => q.path)).toEqual(["/r/nosuchsub42/about"]);

    server.once("GET", "/r/gonesub/about", { status: 404, json: { reason: "banned", message: "Not Found", error: 404 } });
    expect((await subredditRules(account, "gonesub", deps())).problem).toBe("r/gonesub is banned.");

    server.once("GET", "/r/secretbakers/about", { status: 403, json: { reason: "private", message: "Forbidden", error: 403 } });
    expect(await subredditRules(account, "secretbakers", deps())).toMatchObject({ exists: true, selfPostsAllowed: false, problem: expect.stringContaining("is private") });

    expect((await subredditRules(account, "../../api/me", deps())).problem).toBe('"../../api/me" is not a subreddit name.');
  });
});

describe("validation", () => {
  const a = () => adapter();

  it("needs a subreddit and a title (at most 300 characters); the body may have 40,000", () => {
    expect(a().validate({ text: "x".repeat(40_000), reddit })).toEqual([]);
    expect(a().validate({ text: "x".repeat(40_001), reddit }).map((p) => p.message)).toEqual(["Reddit allows 40000 characters; this text has 40001."]);
    expect(a().validate({ text: "Hi" }).map((p) => p.field)).toEqual(["reddit.subreddit", "reddit.title"]);
    expect(a().validate({ text: "Hi", reddit: { subreddit: "Breadit" } })).toEqual([
      { platform: "reddit", field: "reddit.title", message: "A Reddit post needs a title." },
    ]);
    expect(a().validate({ text: "Hi", reddit: { ...reddit, title: "t".repeat(300) } })).toEqual([]);
    expect(a().validate({ text: "Hi", reddit: { ...reddit, title: "t".repeat(301) } })[0]).toMatchObject({
      field: "reddit.title",
      message: "Reddit titles allow 300 characters; this one has 301.",
    });
  });

  it("takes one image or one link, not both; no videos and no first comment yet", () => {
    const img = { url: "https://cdn.herald.example/1.jpg", type: "image" as const };
    expect(a().validate({ text: "", media: [img], reddit })).toEqual([]);
    expect(a().validate({ text: "x", media: [img, img], reddit }).map((p) => p.message)).toEqual(["Reddit allows at most 1 media items; this post has 2."]);
    expect(a().validate({ text: "x", media: [img], link: "https://herald.example", reddit })[0]).toMatchObject({ field: "link" });
    expect(a().validate({ text: "x", media: [{ url: "https://cdn.herald.example/1.mp4", type: "video" }], reddit })[0].message).toMatch(/cannot post videos to Reddit yet/);
    expect(a().validate({ text: "x", firstComment: "More below", reddit })[0]).toMatchObject({ field: "firstComment" });
  });

  it("publish refuses invalid content before any call", async () => {
    const e = await failure(publish({ text: "Hi", reddit: undefined }));
    expect([e.failureClass, e.code]).toEqual(["permanent", "validation_failed"]);
    expect(server.requests).toHaveLength(0);
  });
});
