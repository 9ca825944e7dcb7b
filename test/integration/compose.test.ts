// The composer's validation endpoint through the real route: each account's own rules (X's
// weighted length with URLs, Bluesky's graphemes), per-platform overrides, workspace scoping,
// field errors for bad bodies; and drafts, stored without tasks and refused to viewers.
import { describe, expect, it } from "vitest";
import * as validate from "@/app/api/posts/validate/route";
import * as drafts from "@/app/api/posts/drafts/route";
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
});
