// The composer's validation endpoint through the real route: each account's own rules (X's
// weighted length with URLs, Bluesky's graphemes), per-platform overrides, Reddit's subreddit and
// title, workspace scoping, field errors for bad bodies; drafts, stored without tasks (Reddit's
// fields kept with them) and refused to viewers; A/B variants to a Reddit account. YouTube's and
// TikTok's own fields (config.youtube, config.tiktok) the same way.
import { describe, expect, it } from "vitest";
import * as validate from "@/app/api/posts/validate/route";
import * as drafts from "@/app/api/posts/drafts/route";
import * as variants from "@/app/api/agent/variants/route";
import * as active from "@/app/api/workspaces/active/route";
import { db } from "@/lib/db";
import type { Role } from "@/lib/auth/roles";
import { browserReq, signUp } from "../support/auth";
import { req, simulatedAccount, workspaceWithKey } from "../support/factories";

async function json(res: Response) {
  return { status: res.status, body: await res.json() };
}

async function memberAs(workspaceId: string, role: Role) {
  const { jar, user } = await signUp(`${role}-${Math.random().toString(36).slice(2, 8)}@example.com`);
  await db().membership.create({ data: { workspaceId, userId: user.id, role } });
  const sw = await active.POST(browserReq("POST", "/api/workspaces/active", { jar, body: { workspaceId } }));
  expect(sw.status).toBe(200);
  return jar;
}

describe("POST /api/posts/validate", () => {
  it("counts X's weighted length with a URL as 23 and Bluesky's graphemes", async () => {
    const { workspace, key } = await workspaceWithKey();
    const x = await simulatedAccount(workspace.id, "twitter");
    const bsky = await simulatedAccount(workspace.id, "bluesky");
    const url = `https://example.com/${"a".repeat(100)}`;
    // 10 family emoji: one grapheme each on Bluesky, 2 weighted characters each on X.
    const content = `Fresh bread ${url} ${"👨‍👩‍👧".repeat(10)}`;
    const r = await json(await validate.POST(req("POST", "/api/posts/validate", { key, body: { content, accountIds: [x.id, bsky.id] } })));
    expect(r.status).toBe(200);
    const byPlatform = Object.fromEntries(r.body.accounts.map((a: { platform: string }) => [a.platform, a]));
    expect(byPlatform.twitter).toMatchObject({ label: "X", maxLength: 280, length: 12 + 23 + 1 + 20, ok: true, problems: [] });
    expect(byPlatform.bluesky).toMatchObject({ label: "Bluesky", maxLength: 300, length: 12 + url.length + 1 + 10, ok: true });
    expect(r.body.ok).toBe(true);

    const long = await json(
      await validate.POST(req("POST", "/api/posts/validate", { key, body: { content: "é".repeat(290), accountIds: [x.id, bsky.id] } })),
    );
    const tw = long.body.accounts.find((a: { platform: string }) => a.platform === "twitter");
    expect(tw).toMatchObject({ length: 290, ok: false });
    expect(tw.problems[0]).toMatchObject({ field: "text", message: "X allows 280 characters; this text has 290." });
    expect(long.body.accounts.find((a: { platform: string }) => a.platform === "bluesky")).toMatchObject({ length: 290, ok: true });
    expect(long.body.ok).toBe(false);
  });

  it("counts the link where the network appends it to the text (Threads, Instagram, TikTok, WhatsApp, YouTube): a text + link over the limit is refused", async () => {
    const { workspace, key } = await workspaceWithKey();
    const link = "https://herald.example/spring-menu";
    const video = { url: "https://cdn.herald.example/a.mp4", type: "video" };
    const networks = [
      { platform: "threads", max: 500, config: {} },
      { platform: "instagram", max: 2200, config: { media: [{ url: "https://cdn.herald.example/a.jpg", type: "image" }] } },
      { platform: "tiktok", max: 2200, config: { media: [video], tiktok: { privacy: "SELF_ONLY" } } },
      { platform: "whatsapp", max: 4096, config: { whatsapp: { listIds: ["list-1"] } } },
      { platform: "youtube", max: 5000, config: { media: [video], youtube: { title: "Spring menu" } } },
    ] as const;
    for (const n of networks) {
      const account = await simulatedAccount(workspace.id, n.platform);
      const content = "x".repeat(n.max - 5);
      const body = { content, accountIds: [account.id], config: { ...n.config, link } };
      const r = await json(await validate.POST(req("POST", "/api/posts/validate", { key, body })));
      expect(r.status, n.platform).toBe(200);
      expect(r.body.accounts[0], n.platform).toMatchObject({ length: n.max - 5 + 2 + link.length, maxLength: n.max, ok: false });
      expect(r.body.accounts[0].problems.map((p: { field: string }) => p.field), n.platform).toEqual(["link"]);
    }
  });

  it("validates each platform's override instead of the main text", async () => {
    const { workspace, key } = await workspaceWithKey();
    const x = await simulatedAccount(workspace.id, "twitter");
    const bsky = await simulatedAccount(workspace.id, "bluesky");
    const body = { content: "a".repeat(299), accountIds: [x.id, bsky.id], config: { overrides: { twitter: "Short for X" } } };
    const r = await json(await validate.POST(req("POST", "/api/posts/validate", { key, body })));
    expect(r.status).toBe(200);
    expect(r.body.accounts).toEqual([
      expect.objectContaining({ accountId: x.id, overridden: true, length: 11, ok: true }),
      expect.objectContaining({ accountId: bsky.id, overridden: false, length: 299, ok: true }),
    ]);
  });

  it("answers 404 for another workspace's account and media", async () => {
    const { workspace, key } = await workspaceWithKey();
    const mine = await simulatedAccount(workspace.id, "bluesky");
    const other = await workspaceWithKey("Other");
    const theirs = await simulatedAccount(other.workspace.id, "bluesky");
    const r = await json(await validate.POST(req("POST", "/api/posts/validate", { key, body: { content: "hi", accountIds: [mine.id, theirs.id] } })));
    expect(r.status).toBe(404);
    expect(r.body.error.message).toBe(`Account not found: ${theirs.id}.`);
    const m = await json(
      await validate.POST(req("POST", "/api/posts/validate", { key, body: { content: "hi", accountIds: [mine.id], config: { mediaIds: ["med_nope"] } } })),
    );
    expect(m.status).toBe(404);
  });

  it("answers 400 with field errors for a bad body", async () => {
    const { key } = await workspaceWithKey();
    const r = await json(
      await validate.POST(req("POST", "/api/posts/validate", { key, body: { content: 5, accountIds: [], config: { link: "ftp://x", nope: 1 } } })),
    );
    expect(r.status).toBe(400);
    const paths = r.body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(["content", "accountIds", "config.link"]));
    expect(r.body.error.fields.find((f: { path: string }) => f.path === "accountIds").message).toBe("Choose at least one account.");
    expect((await validate.POST(req("POST", "/api/posts/validate", { key, raw: "{" }))).status).toBe(400);
  });

  it("checks Reddit's subreddit and title from config.reddit, for the Reddit account only", async () => {
    const { workspace, key } = await workspaceWithKey();
    const rd = await simulatedAccount(workspace.id, "reddit");
    const bsky = await simulatedAccount(workspace.id, "bluesky");
    const check = async (config: unknown) =>
      json(await validate.POST(req("POST", "/api/posts/validate", { key, body: { content: "Fresh rolls from 7am", accountIds: [rd.id, bsky.id], config } })));

    const none = await check({});
    expect(none.status).toBe(200);
    expect(none.body.ok).toBe(false);
    const [reddit, sky] = none.body.accounts;
    expect(reddit.problems).toEqual([
      { platform: "reddit", field: "reddit.subreddit", message: "A Reddit post needs a subreddit to go to." },
      { platform: "reddit", field: "reddit.title", message: "A Reddit post needs a title." },
    ]);
    expect(sky).toMatchObject({ ok: true, problems: [] });

    const titleOnly = await check({ reddit: { title: "Fresh rolls" } });
    expect(titleOnly.body.accounts[0].problems.map((p: { field: string }) => p.field)).toEqual(["reddit.subreddit"]);

    const full = await check({ reddit: { subreddit: "Breadit", title: "Fresh rolls", nsfw: false, spoiler: true } });
    expect(full.status).toBe(200);
    expect(full.body.ok).toBe(true);

    // A malformed field is the request's: 400 naming it, as the schedule API answers.
    const bad = await check({ reddit: { subreddit: "r/Breadit", title: "t".repeat(301) } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(["config.reddit.subreddit", "config.reddit.title"]);
  });

  it("checks YouTube's title and TikTok's privacy from config.youtube and config.tiktok, each for its own account", async () => {
    const { workspace, key } = await workspaceWithKey();
    const yt = await simulatedAccount(workspace.id, "youtube");
    const tt = await simulatedAccount(workspace.id, "tiktok");
    const bsky = await simulatedAccount(workspace.id, "bluesky");
    const media = [{ url: "https://example.org/bread.mp4", type: "video" }];
    const check = async (config: unknown) =>
      json(await validate.POST(req("POST", "/api/posts/validate", { key, body: { content: "How we shape a loaf", accountIds: [yt.id, tt.id, bsky.id], config } })));

    const none = await check({ media });
    expect(none.status).toBe(200);
    expect(none.body.ok).toBe(false);
    const [youtube, tiktok, sky] = none.body.accounts;
    expect(youtube.problems).toEqual([{ platform: "youtube", field: "youtube.title", message: "A YouTube video needs a title." }]);
    expect(tiktok.problems).toEqual([{ platform: "tiktok", field: "tiktok.privacy", message: expect.stringMatching(/^A TikTok post needs who may see it/) }]);
    expect(sky).toMatchObject({ ok: true, problems: [] });

    const full = await check({
      media,
      youtube: { title: "Shaping a loaf", privacy: "unlisted", categoryId: "26", tags: ["bread"], madeForKids: false, shorts: true },
      tiktok: { privacy: "FOLLOWER_OF_CREATOR", allowComments: true, brandOrganic: true },
    });
    expect(full.status, JSON.stringify(full.body)).toBe(200);
    expect(full.body.ok).toBe(true);

    // Branded content cannot be private: named at the privacy.
    const branded = await check({ media, youtube: { title: "Shaping a loaf" }, tiktok: { privacy: "SELF_ONLY", brandContent: true } });
    expect(branded.body.accounts[1].problems).toEqual([{ platform: "tiktok", field: "tiktok.privacy", message: expect.stringMatching(/branded content .* private/) }]);

    // A malformed field is the request's: 400 naming it.
    const bad = await check({ media, youtube: { title: "t".repeat(101) }, tiktok: { privacy: "FRIENDS" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(["config.youtube.title", "config.tiktok.privacy"]);
  });

  it("lets a viewer validate with a session cookie", async () => {
    const { workspace } = await workspaceWithKey();
    const acct = await simulatedAccount(workspace.id, "mastodon");
    const jar = await memberAs(workspace.id, "viewer");
    const r = await json(await validate.POST(browserReq("POST", "/api/posts/validate", { jar, body: { content: "Hello", accountIds: [acct.id] } })));
    expect(r.status).toBe(200);
    expect(r.body.accounts[0]).toMatchObject({ label: "Mastodon", length: 5, maxLength: 500 });
  });
});

describe("POST /api/posts/drafts", () => {
  it("stores a draft post with targets and no tasks; refuses viewers and others' accounts", async () => {
    const { workspace, key } = await workspaceWithKey();
    const x = await simulatedAccount(workspace.id, "twitter");
    const r = await json(
      await drafts.POST(req("POST", "/api/posts/drafts", { key, body: { content: "Later", accountIds: [x.id], config: { overrides: { twitter: "Later on X" } } } })),
    );
    expect(r.status).toBe(201);
    const post = await db().post.findUniqueOrThrow({ where: { id: r.body.post.id }, include: { targets: { include: { tasks: true } } } });
    expect(post).toMatchObject({ status: "draft", text: "Later", workspaceId: workspace.id });
    expect(post.targets).toHaveLength(1);
    expect(post.targets[0]).toMatchObject({ accountId: x.id, textOverride: "Later on X" });
    expect(post.targets[0].tasks).toHaveLength(0);
    expect(await db().agentTask.count({ where: { workspaceId: workspace.id } })).toBe(0);

    const empty = await json(await drafts.POST(req("POST", "/api/posts/drafts", { key, body: { content: " " } })));
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields[0]).toMatchObject({ path: "content" });

    const other = await workspaceWithKey("Other");
    const theirs = await json(await drafts.POST(req("POST", "/api/posts/drafts", { key: other.key, body: { content: "x", accountIds: [x.id] } })));
    expect(theirs.status).toBe(404);

    const jar = await memberAs(workspace.id, "viewer");
    const v = await json(await drafts.POST(browserReq("POST", "/api/posts/drafts", { jar, body: { content: "x", accountIds: [x.id] } })));
    expect(v.status).toBe(403);
    expect(v.body.error.details).toMatchObject({ reason: "role", requiredRole: "editor" });
  });

  it("keeps a Reddit draft's fields, complete or not, and refuses a malformed one", async () => {
    const { workspace, key } = await workspaceWithKey();
    const rd = await simulatedAccount(workspace.id, "reddit");
    const save = async (config: unknown) => json(await drafts.POST(req("POST", "/api/posts/drafts", { key, body: { content: "Rolls at 7", accountIds: [rd.id], config } })));

    const r = await save({ link: "https://example.org/rolls", reddit: { subreddit: "Breadit", title: "Fresh rolls", flairId: "f-1", nsfw: true } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const post = await db().post.findUniqueOrThrow({ where: { id: r.body.post.id } });
    expect(post.config).toEqual({ taskConfig: { link: "https://example.org/rolls", reddit: { subreddit: "Breadit", title: "Fresh rolls", flairId: "f-1", nsfw: true } } });

    // A draft need not be complete: a title without its subreddit yet is kept.
    const partial = await save({ reddit: { title: "Fresh rolls" } });
    expect(partial.status, JSON.stringify(partial.body)).toBe(201);
    const plain = await save({});
    expect((await db().post.findUniqueOrThrow({ where: { id: plain.body.post.id } })).config).toBeNull();

    const bad = await save({ reddit: { subreddit: "no spaces allowed" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([{ path: "config.reddit.subreddit", message: "Give the subreddit's name without r/: 3–21 letters, digits or _." }]);
  });
});

describe("POST /api/posts/drafts with YouTube and TikTok", () => {
  it("keeps a draft's YouTube and TikTok fields, complete or not, and refuses a malformed one", async () => {
    const { workspace, key } = await workspaceWithKey();
    const yt = await simulatedAccount(workspace.id, "youtube");
    const tt = await simulatedAccount(workspace.id, "tiktok");
    const save = async (config: unknown) => json(await drafts.POST(req("POST", "/api/posts/drafts", { key, body: { content: "Shaping a loaf", accountIds: [yt.id, tt.id], config } })));

    const youtube = { title: "Shaping a loaf", privacy: "private", tags: ["bread", "sourdough"], madeForKids: false };
    const tiktok = { privacy: "MUTUAL_FOLLOW_FRIENDS", allowDuet: true };
    const r = await save({ youtube, tiktok });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const post = await db().post.findUniqueOrThrow({ where: { id: r.body.post.id } });
    expect(post.config).toEqual({ taskConfig: { youtube, tiktok } });

    // Not chosen yet: a draft without a title or a privacy is kept.
    const partial = await save({ youtube: { privacy: "public", madeForKids: false } });
    expect(partial.status, JSON.stringify(partial.body)).toBe(201);

    const bad = await save({ youtube: { privacy: "friends" }, tiktok: { privacy: "EVERYONE" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(["config.youtube.privacy", "config.tiktok.privacy"]);
  });
});

describe("POST /api/agent/variants with YouTube and TikTok", () => {
  it("gives every variant the video, YouTube's title and TikTok's privacy; without them their fields are named", async () => {
    const { workspace, key } = await workspaceWithKey();
    const yt = await simulatedAccount(workspace.id, "youtube");
    const tt = await simulatedAccount(workspace.id, "tiktok");
    const two = [
      { label: "A", text: "Shaping a loaf in one minute." },
      { label: "B", text: "One minute, one loaf: how we shape it." },
    ];
    const media = [{ url: "https://example.org/bread.mp4", type: "video" }];
    const at = new Date(Date.now() + 86_400_000).toISOString();
    const spread = async (extra: Record<string, unknown>, accountIds = [yt.id, tt.id]) =>
      json(await variants.POST(req("POST", "/api/agent/variants", { key, body: { variants: two, accountIds, spread: "accounts", scheduledAt: at, media, ...extra } })));
    const none = await spread({});
    expect(none.status).toBe(400);
    expect(none.body.error.fields.map((f: { path: string }) => f.path)).toEqual(["config.youtube.title"]);
    expect(await db().post.count({ where: { workspaceId: workspace.id } })).toBe(0);

    const youtube = { title: "Shaping a loaf", privacy: "unlisted" };
    // Variant A goes to the TikTok account here, so it is refused before anything is filed.
    const noPrivacy = await spread({ youtube }, [tt.id, yt.id]);
    expect(noPrivacy.status).toBe(400);
    expect(noPrivacy.body.error.fields.map((f: { path: string }) => f.path)).toEqual(["config.tiktok.privacy"]);
    expect(await db().post.count({ where: { workspaceId: workspace.id } })).toBe(0);

    const tiktok = { privacy: "SELF_ONLY" };
    const ok = await spread({ youtube, tiktok });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const tasks = await db().agentTask.findMany({ where: { workspaceId: workspace.id, type: "social_post" } });
    expect(tasks).toHaveLength(2);
    for (const t of tasks) {
      const c = t.config as { youtube?: Record<string, unknown>; tiktok?: unknown; media?: unknown };
      expect(c.youtube).toMatchObject(youtube);
      expect(c.tiktok).toEqual(tiktok);
      expect(c.media).toEqual(media);
    }
  });
});

describe("POST /api/agent/variants with Reddit", () => {
  it("gives every variant the subreddit and title; without them Reddit's fields are named", async () => {
    const { workspace, key } = await workspaceWithKey();
    const rd = await simulatedAccount(workspace.id, "reddit");
    const rd2 = await simulatedAccount(workspace.id, "reddit");
    const two = [
      { label: "A", text: "Fresh rye every Saturday." },
      { label: "B", text: "Saturday means rye: fresh from 7am." },
    ];
    const at = new Date(Date.now() + 86_400_000).toISOString();
    const spread = async (extra: Record<string, unknown>) =>
      json(await variants.POST(req("POST", "/api/agent/variants", { key, body: { variants: two, accountIds: [rd.id, rd2.id], spread: "accounts", scheduledAt: at, ...extra } })));
    const none = await spread({});
    expect(none.status).toBe(400);
    expect(none.body.error.fields.map((f: { path: string }) => f.path)).toEqual(["config.reddit.subreddit", "config.reddit.title"]);
    expect(await db().post.count({ where: { workspaceId: workspace.id } })).toBe(0);

    const reddit = { subreddit: "Breadit", title: "Rye on Saturdays" };
    const ok = await spread({ reddit });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const tasks = await db().agentTask.findMany({ where: { workspaceId: workspace.id, type: "social_post" } });
    expect(tasks).toHaveLength(2);
    for (const t of tasks) expect((t.config as { reddit?: unknown }).reddit).toEqual(reddit);
  });
});
