// Every API route refuses a caller from another workspace. The routes are discovered at test time
// (app/api/**/route.ts and the HTTP methods each exports); every route × method needs an entry in
// ROUTES (how workspace B calls it against workspace A's data, and what counts as refusal) or in
// EXEMPT (with the reason), so a new route fails this file until someone says how it is scoped.
// Both kinds of caller are tried: B's signed-in owner (cookie session) and B's API key; both pass
// every role check, so any refusal comes from workspace scoping. No response may contain any of
// A's ids, names or texts (except those B itself sent), and A's rows must be exactly as before.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as assistRoute from "../../app/api/agent/assist/route";
import * as autopilotRoute from "../../app/api/agent/autopilot/route";
import * as heartbeatRoute from "../../app/api/heartbeat/route";
import * as scheduleRoute from "../../app/api/agent/schedule/route";
import * as settingsRoute from "../../app/api/workspace/settings/route";
import * as workspacesRoute from "../../app/api/workspaces/route";
import * as activeRoute from "../../app/api/workspaces/active/route";
import { createApiKey } from "../../lib/auth/api-keys";
import { createHash } from "node:crypto";
import { decryptJson, encryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { createMediaAsset } from "../../lib/media/assets";
import { authCall, browserReq, Jar, ORIGIN, signUp } from "../support/auth";
import { params, req, runProcessor, simulatedAccount } from "../support/factories";
import { recordAudit } from "../../lib/audit";
import { strFromU8, unzipSync } from "fflate";
import { API_DIR, json, routeFiles, routePath } from "../support/routes";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";

const MEDIA_DIR = mkdtempSync(path.join(tmpdir(), "herald-xws-media-"));
process.env.MEDIA_DIR = MEDIA_DIR;
// The AI agent simulates (and records usage) without a model: no network, deterministic.
delete process.env.OPENAI_API_KEY;
resetEnvCache();
afterAll(() => rmSync(MEDIA_DIR, { recursive: true, force: true }));

// A Mastodon server for the OAuth routes: it would complete any flow it is asked to, so only
// Herald's own checks stand between B and an account stored in A.
let mastodon: FixtureServer;
beforeAll(async () => {
  mastodon = await startFixtureServer();
  mastodon.on("POST", "/api/v1/apps", () => ({ json: { client_id: "cid", client_secret: "csecret" } }));
  mastodon.on("POST", "/oauth/token", () => ({ json: { access_token: "tok", token_type: "Bearer" } }));
  mastodon.on("GET", "/api/v1/accounts/verify_credentials", () => ({ json: { id: "1", username: "stolen", acct: "stolen", display_name: "Stolen" } }));
});
afterAll(() => mastodon?.close());

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
type Handler = (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Caller = "user" | "key";
const CALLERS: Caller[] = ["user", "key"];

// ---------------------------------------------------------------------------------------------
// The seed: workspace A (the victim, with real data of every kind) and workspace B (the caller).

interface Seed {
  a: {
    workspaceId: string;
    ownerJar: Jar;
    accountId: string;
    handle: string;
    mediaId: string;
    apiKeyId: string;
    idempotencyKey: string;
    /** Scheduled in the future: a pending task. */
    scheduled: { postId: string; targetId: string; taskId: string };
    /** Its task and target are needs_review (retry, mark-published would act on them). */
    review: { postId: string; targetId: string; taskId: string };
    /** Published by the processor (engagement). */
    published: { postId: string; targetId: string; taskId: string };
    /** An editor's post waiting for an admin (approve, reject). */
    pendingApprovalPostId: string;
    /** The autopilot's campaign. */
    campaignId: string;
    editorMemberId: string;
    invitationId: string;
    whatsappAccountId: string;
    /** A WhatsApp recipient list and a recipient on it. */
    listId: string;
    recipientId: string;
    /** An outgoing webhook endpoint with one delivery in its log. */
    webhookEndpointId: string;
    webhookDeliveryId: string;
    /** An RSS feed with one item that became the scheduled post (docs/decisions.md, "RSS feeds"). */
    feedId: string;
    /** A reply in the community inbox, and a member of A's (not of B's) to assign it to. */
    inboxItemId: string;
    editorUserId: string;
    /** Every id, name and text of A's that must never show up in B's responses. */
    tokens: string[];
  };
  b: {
    workspaceId: string;
    jar: Jar;
    key: string;
    accountId: string;
    mediaId: string;
    apiKeyId: string;
    post: { postId: string; targetId: string; taskId: string };
    inboxItemId: string;
    listId: string;
    recipientId: string;
    webhookEndpointId: string;
    feedId: string;
  };
}

let s: Seed;
let baseline: Awaited<ReturnType<typeof snapshot>>;

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
const png = () => sharp({ create: { width: 32, height: 24, channels: 3, background: "#cc8844" } }).png().toBuffer();


async function scheduleVia(key: string, body: Record<string, unknown>) {
  const res = await scheduleRoute.POST(req("POST", "/api/agent/schedule", { key, body }));
  const out = await json(res);
  expect(res.status, JSON.stringify(out)).toBe(201);
  const targetId = (await db().agentTask.findUniqueOrThrow({ where: { id: out.task.id } })).postTargetId!;
  return { postId: out.postId as string, targetId, taskId: out.task.id as string };
}

async function ownerWorkspace(email: string, name: string) {
  const owner = await signUp(email);
  const res = await workspacesRoute.POST(browserReq("POST", "/api/workspaces", { jar: owner.jar, body: { name, timeZone: "Europe/Berlin" } }));
  owner.jar.take(res);
  const out = await json(res);
  expect(res.status, JSON.stringify(out)).toBe(201);
  return { ...owner, workspaceId: out.workspace.id as string };
}

async function seed(): Promise<Seed> {
  // ---- Workspace A
  const ownerA = await ownerWorkspace("alder-owner@example.com", "Alder Bakery");
  const A = ownerA.workspaceId;
  const keyA = await createApiKey(A, "alder-script");
  const accountA = await simulatedAccount(A, "bluesky", { handle: "alder-social" });
  const mediaA = await createMediaAsset(A, { data: await png(), filename: "alder.png", altText: "ALDER-SECRET alt text" });

  const published = await scheduleVia(keyA.key, { accountIds: [accountA.id], content: "ALDER-SECRET published" });
  await runProcessor({ workspaceId: A });
  expect((await db().postTarget.findUniqueOrThrow({ where: { id: published.targetId } })).status).toBe("published");

  const idempotencyKey = "alder-idempotency-0001";
  const scheduled = await scheduleVia(keyA.key, {
    accountIds: [accountA.id],
    content: "ALDER-SECRET scheduled",
    scheduledAt: inDays(1),
    idempotencyKey,
    config: { mediaIds: [mediaA.id] },
  });
  // One of A's posts is variant A of an A/B test.
  await db().post.update({ where: { id: scheduled.postId }, data: { variantGroup: "alder-variant-group", variantLabel: "A" } });
  const review = await scheduleVia(keyA.key, { accountIds: [accountA.id], content: "ALDER-SECRET in review", scheduledAt: inDays(2) });
  await db().agentTask.update({ where: { id: review.taskId }, data: { status: "needs_review", lastError: "in doubt" } });
  await db().postTarget.update({ where: { id: review.targetId }, data: { status: "needs_review" } });

  // An editor's post waits for approval.
  const approval = await settingsRoute.PATCH(browserReq("PATCH", "/api/workspace/settings", { jar: ownerA.jar, body: { requireApproval: true, brandVoice: { avoidWords: ["alderword"] } } }));
  expect(approval.status).toBe(200);
  const editor = await signUp("alder-editor@example.com");
  const editorMember = await db().membership.create({ data: { workspaceId: A, userId: editor.user.id, role: "editor" } });
  expect((await activeRoute.POST(browserReq("POST", "/api/workspaces/active", { jar: editor.jar, body: { workspaceId: A } }))).status).toBe(200);
  const held = await scheduleRoute.POST(
    browserReq("POST", "/api/agent/schedule", { jar: editor.jar, body: { accountIds: [accountA.id], content: "ALDER-SECRET awaiting approval", scheduledAt: inDays(3) } }),
  );
  const heldBody = await json(held);
  expect([held.status, heldBody.approvalState]).toEqual([201, "pending"]);

  // AI usage and an autopilot campaign (with its generate task).
  const assisted = await assistRoute.POST(req("POST", "/api/agent/assist", { key: keyA.key, body: { action: "rewrite", text: "ALDER-SECRET draft", platform: "bluesky" } }));
  expect(assisted.status, await assisted.clone().text()).toBe(200);
  const auto = await autopilotRoute.POST(
    req("POST", "/api/agent/autopilot", { key: keyA.key, body: { campaign: "Spring", brief: "ALDER-SECRET brief for spring", accountIds: [accountA.id] } }),
  );
  const autoBody = await json(auto);
  expect(auto.status, JSON.stringify(autoBody)).toBe(202);

  // WhatsApp: a recipient list with a recipient on it, and the account that would message them.
  const whatsappA = await simulatedAccount(A, "whatsapp", { handle: "alder-whatsapp" });
  const listA = await db().recipientList.create({ data: { workspaceId: A, name: "ALDER-SECRET regulars" } });
  const recipientA = await db().recipient.create({
    data: { workspaceId: A, phone: "447911555001", name: "ALDER-SECRET customer", optInSource: "ALDER-SECRET form", optInAt: new Date(), lists: { create: [{ listId: listA.id }] } },
  });

  // An outgoing webhook endpoint and a delivery in its log (docs/decisions.md, "Webhooks").
  const hookA = await db().webhookEndpoint.create({
    data: { workspaceId: A, url: "https://alder-hooks.example/ALDER-SECRET", description: "ALDER-SECRET hook", events: ["post.published"], secret: encryptJson("whsec_QUxERVItU0VDUkVULXdlYmhvb2stc2VjcmV0"), updatedAt: new Date() },
  });
  const hookDeliveryA = await db().webhookDelivery.create({
    data: { workspaceId: A, endpointId: hookA.id, eventId: "msg_alder_secret", eventType: "post.published", payload: { type: "post.published", data: { note: "ALDER-SECRET" } }, status: "delivered", attempts: 1 },
  });

  // A reply in the community inbox (docs/decisions.md, "Inbox"), answering A's published post.
  const inboxA = await db().inboxItem.create({
    data: { workspaceId: A, accountId: accountA.id, platform: "bluesky", kind: "reply", remoteId: "alder-remote-reply", remoteParentId: "alder-remote-post", postTargetId: published.targetId, authorHandle: "alder-fan", text: "ALDER-SECRET inbox reply", remoteCreatedAt: new Date(), collectedAt: new Date() },
  });

  const inv = await authCall("POST", "/organization/invite-member", { jar: ownerA.jar, body: { email: "alder-invitee@example.com", role: "viewer" } });
  expect(inv.status, JSON.stringify(inv.body)).toBe(200);
  const invitation = await db().invitation.findFirstOrThrow({ where: { workspaceId: A } });
  expect((await heartbeatRoute.POST(browserReq("POST", "/api/heartbeat", { jar: ownerA.jar }))).status).toBe(200);

  // ---- Workspace B
  const ownerB = await ownerWorkspace("birch-owner@example.com", "Birch Bakery");
  const B = ownerB.workspaceId;
  const keyB = await createApiKey(B, "birch-script");
  const accountB = await simulatedAccount(B, "bluesky", { handle: "birch-social" });
  const mediaB = await createMediaAsset(B, { data: await png(), filename: "birch.png" });
  const postB = await scheduleVia(keyB.key, { accountIds: [accountB.id], content: "Birch own post", scheduledAt: inDays(1) });
  // B's recipients on both sides of A's (the list is newest first).
  const listB = await db().recipientList.create({ data: { workspaceId: B, name: "Birch regulars" } });
  const recipientB = await db().recipient.create({ data: { workspaceId: B, phone: "447911666001", optInSource: "till", optInAt: new Date(), createdAt: new Date(Date.now() - 86_400_000), lists: { create: [{ listId: listB.id }] } } });
  await db().recipient.create({ data: { workspaceId: B, phone: "447911666002", optInSource: "till", optInAt: new Date(), createdAt: new Date(Date.now() + 86_400_000) } });
  // Rows of B's on both sides of A's in every list's order, so a foreign cursor would show where A's sits.
  await scheduleVia(keyB.key, { accountIds: [accountB.id], content: "Birch earlier post", scheduledAt: inDays(0.5) });
  await db().mediaAsset.update({ where: { id: mediaB.id }, data: { createdAt: new Date(Date.now() - 86_400_000) } });
  await db().post.update({ where: { id: postB.postId }, data: { createdAt: new Date(Date.now() - 86_400_000) } });

  const hookB = await db().webhookEndpoint.create({
    data: { workspaceId: B, url: "https://birch-hooks.example/in", events: ["post.failed"], secret: encryptJson("whsec_QklSQ0gtd2ViaG9vay1zZWNyZXQtYmlyY2g="), updatedAt: new Date() },
  });

  // B's inbox items on both sides of A's in the list's order, so a foreign cursor would show where A's sits.
  const inboxB = await db().inboxItem.create({
    data: { workspaceId: B, accountId: accountB.id, platform: "bluesky", kind: "mention", remoteId: "birch-remote-1", authorHandle: "birch-fan", text: "Birch inbox mention", remoteCreatedAt: new Date(Date.now() - 86_400_000), collectedAt: new Date() },
  });
  await db().inboxItem.create({
    data: { workspaceId: B, accountId: accountB.id, platform: "bluesky", kind: "mention", remoteId: "birch-remote-2", authorHandle: "birch-fan", text: "Birch later mention", remoteCreatedAt: new Date(Date.now() + 86_400_000), collectedAt: new Date() },
  });

  const feedA = await db().feed.create({ data: { workspaceId: A, url: "https://alder-news.example/ALDER-SECRET.xml", title: "ALDER-SECRET news", accountIds: [accountA.id], template: "{title} {link}", updatedAt: new Date() } });
  await db().feedItem.create({ data: { workspaceId: A, feedId: feedA.id, guid: "alder-item-1", title: "ALDER-SECRET item", postId: scheduled.postId } });
  const feedB = await db().feed.create({ data: { workspaceId: B, url: "https://birch-news.example/feed.xml", accountIds: [accountB.id], template: "{title}", updatedAt: new Date() } });

  const workspaceA = await db().workspace.findUniqueOrThrow({ where: { id: A } });
  const tasksA = await db().agentTask.findMany({ where: { workspaceId: A }, select: { id: true } });
  const targetsA = await db().postTarget.findMany({ where: { workspaceId: A }, select: { id: true } });
  const membersA = await db().membership.findMany({ where: { workspaceId: A }, select: { id: true, userId: true } });
  const tokens = [
    A,
    workspaceA.slug,
    "Alder Bakery",
    "ALDER-SECRET",
    "alder-owner@example.com",
    "alder-editor@example.com",
    "alder-invitee@example.com",
    "alder-script",
    keyA.id,
    keyA.prefix,
    accountA.id,
    accountA.handle,
    mediaA.id,
    invitation.id,
    published.postId,
    scheduled.postId,
    review.postId,
    heldBody.postId,
    autoBody.campaign.id,
    ...tasksA.map((t) => t.id),
    ...targetsA.map((t) => t.id),
    ...membersA.flatMap((m) => [m.id, m.userId]),
    whatsappA.id,
    listA.id,
    recipientA.id,
    recipientA.phone,
    hookA.id,
    hookDeliveryA.id,
    "msg_alder_secret",
    "alder-hooks.example",
    feedA.id,
    "alder-news.example",
    inboxA.id,
    "alder-fan",
  ];

  return {
    a: {
      workspaceId: A,
      ownerJar: ownerA.jar,
      accountId: accountA.id,
      handle: accountA.handle,
      mediaId: mediaA.id,
      apiKeyId: keyA.id,
      idempotencyKey,
      scheduled,
      review,
      published,
      pendingApprovalPostId: heldBody.postId,
      campaignId: autoBody.campaign.id,
      editorMemberId: editorMember.id,
      invitationId: invitation.id,
      whatsappAccountId: whatsappA.id,
      listId: listA.id,
      recipientId: recipientA.id,
      webhookEndpointId: hookA.id,
      webhookDeliveryId: hookDeliveryA.id,
      feedId: feedA.id,
      inboxItemId: inboxA.id,
      editorUserId: editor.user.id,
      tokens,
    },
    b: { workspaceId: B, jar: ownerB.jar, key: keyB.key, accountId: accountB.id, mediaId: mediaB.id, apiKeyId: keyB.id, post: postB, inboxItemId: inboxB.id, listId: listB.id, recipientId: recipientB.id, webhookEndpointId: hookB.id, feedId: feedB.id },
  };
}

/** Everything of workspace A's, to compare before and after B's calls. */
async function snapshot(workspaceId: string) {
  const w = { where: { workspaceId }, orderBy: { id: "asc" as const } };
  const p = db();
  return {
    workspace: await p.workspace.findUnique({ where: { id: workspaceId } }),
    apiKeys: await p.apiKey.findMany(w),
    accounts: await p.socialAccount.findMany(w),
    posts: await p.post.findMany(w),
    targets: await p.postTarget.findMany(w),
    tasks: await p.agentTask.findMany(w),
    attempts: await p.taskAttempt.findMany(w),
    events: await p.event.findMany(w),
    simulatedPosts: await p.simulatedPost.findMany(w),
    media: await p.mediaAsset.findMany(w),
    memberships: await p.membership.findMany(w),
    invitations: await p.invitation.findMany(w),
    snapshots: await p.engagementSnapshot.findMany(w),
    presence: await p.presence.findMany({ where: { workspaceId }, orderBy: { userId: "asc" } }),
    aiUsage: await p.aiUsage.findMany(w),
    campaigns: await p.campaign.findMany(w),
    recipients: await p.recipient.findMany(w),
    recipientLists: await p.recipientList.findMany(w),
    listMembers: await p.recipientListMember.findMany({ where: { list: { workspaceId } }, orderBy: [{ listId: "asc" }, { recipientId: "asc" }] }),
    whatsAppMessages: await p.whatsAppMessage.findMany(w),
    webhookEndpoints: await p.webhookEndpoint.findMany(w),
    webhookDeliveries: await p.webhookDelivery.findMany(w),
    feeds: await p.feed.findMany(w),
    feedItems: await p.feedItem.findMany(w),
    inboxItems: await p.inboxItem.findMany(w),
    inboxEvents: await p.inboxEvent.findMany(w),
  };
}

// ---------------------------------------------------------------------------------------------
// The table: how B calls each route against A, and what counts as refusal.

type Body = { json: unknown } | { csv: string } | { form: () => Promise<FormData> };

/** What B must get back. */
type Refusal =
  /** Another workspace's id looks like no id at all (or, for 403, the caller kind is not allowed). */
  | { status: 400 | 401 | 403 | 404 }
  /** The route acts on the caller's own workspace only: it succeeds, and `check` proves it was B's. */
  | { own: number | number[]; check?: (body: Record<string, unknown> & { error?: unknown }, res: Response) => void | Promise<void> };

interface Probe {
  what: string;
  path: string;
  params?: Record<string, string>;
  body?: Body;
  /** A Server-Sent Events response: read until the first batch has been sent, then hang up. */
  stream?: true;
  expect: Refusal;
  /** Puts B's caller back as it was (e.g. the session's active workspace). */
  after?: () => Promise<void>;
}

type Entry = (s: Seed, caller: Caller) => Probe[] | Promise<Probe[]>;

const notFound = { status: 404 } as const;
const badRequest = { status: 400 } as const;
const ids = (list: unknown) => (list as { id: string }[]).map((x) => x.id);

/**
 * Another workspace's id as a list's cursor is a bad request. (Prisma reads the cursor row without
 * the list's workspace filter, so a page "after" A's row would reveal where A's row sits; B has
 * rows on both sides of A's in every list's order to make that visible.)
 */
const foreignCursor = badRequest;

/** withSession routes: API keys belong to one workspace and may not use them at all. */
const sessionOnly = (caller: Caller, probes: Probe[]): Probe[] =>
  caller === "key" ? probes.map((p) => ({ ...p, expect: { status: 403 }, after: undefined })) : probes;

/** A notification of A's owner (docs/decisions.md, "Notifications"), made once. */
async function notificationOfA(s: Seed): Promise<string> {
  const owner = await db().membership.findFirstOrThrow({ where: { workspaceId: s.a.workspaceId, role: "owner" } });
  const key = { workspaceId: s.a.workspaceId, userId: owner.userId, dedupeKey: "xws" };
  const n = await db().notification.upsert({ where: { workspaceId_userId_dedupeKey: key }, create: { ...key, kind: "post_failed", title: "Failed", body: "Failed" }, update: {} });
  return n.id;
}

/** A JSON-RPC tools/call for POST /api/mcp (stateless: no initialize needed). */
const mcpCall = (name: string, args: Record<string, unknown>) => ({ json: { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: args } } });

/** The tool's answer from POST /api/mcp's response (JSON, or one SSE message). */
function mcpResult(b: Record<string, unknown>): { isError?: boolean; structuredContent: Record<string, unknown> & { error?: { code: string } } } {
  const text = typeof b.text === "string" ? (b.text.split("\n").find((l) => l.startsWith("data: ")) ?? "").slice(6) : null;
  const msg = (text !== null ? JSON.parse(text) : b) as { result?: unknown };
  expect(msg.result, JSON.stringify(b).slice(0, 300)).toBeDefined();
  return msg.result as ReturnType<typeof mcpResult>;
}

/** An MCP tool refused B's call as the REST route would (a tool error with this code). */
const mcpRefused = (code: string) => ({
  own: 200,
  check: (b: Record<string, unknown>) => {
    const r = mcpResult(b);
    expect([r.isError, r.structuredContent.error?.code]).toEqual([true, code]);
  },
});

const ROUTES: Record<string, Entry> = {
  "GET /api/accounts": (s) => [
    { what: "list", path: "/api/accounts", expect: { own: 200, check: (b) => expect(ids(b.accounts)).toContain(s.b.accountId) } },
  ],
  "POST /api/accounts": (s, caller) => [
    {
      what: "connect an account",
      path: "/api/accounts",
      body: { json: { platform: "bluesky", handle: `birch-${caller}-new` } },
      expect: {
        own: 201,
        check: async (b) => {
          const id = (b.account as { id: string }).id;
          expect((await db().socialAccount.findUniqueOrThrow({ where: { id } })).workspaceId).toBe(s.b.workspaceId);
        },
      },
    },
  ],
  "POST /api/accounts/oauth/[platform]/start": (s, caller) => [
    {
      what: "start connecting Mastodon",
      path: "/api/accounts/oauth/mastodon/start",
      params: { platform: "mastodon" },
      body: { json: { instanceUrl: mastodon.url } },
      // Only signed-in users start OAuth; the pending flow belongs to B's workspace.
      expect:
        caller === "key"
          ? { status: 403 }
          : {
              own: 200,
              check: async () => {
                const rows = await db().verification.findMany({ where: { identifier: { startsWith: "herald-oauth:" } }, orderBy: { createdAt: "desc" }, take: 1 });
                expect(decryptJson<{ workspaceId: string }>(rows[0].value).workspaceId).toBe(s.b.workspaceId);
              },
            },
    },
  ],
  "GET /api/accounts/oauth/[platform]/callback": async (s) => {
    // A's owner starts a flow; B comes back with its state (as if it had leaked).
    const started = await call("POST", "accounts/oauth/[platform]/start", browserReq("POST", "/api/accounts/oauth/mastodon/start", { jar: s.a.ownerJar, body: { instanceUrl: mastodon.url } }), { platform: "mastodon" });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const state = new URL(started.body.url as string).searchParams.get("state")!;
    return [
      {
        what: "finish A's flow",
        path: `/api/accounts/oauth/mastodon/callback?state=${encodeURIComponent(state)}&code=the-code`,
        params: { platform: "mastodon" },
        expect: {
          own: 303,
          check: async (_b, res) => {
            expect(new URL(res.headers.get("location")!).searchParams.get("oauth_error")).toBe("wrong_session");
            expect(await db().socialAccount.count({ where: { handle: { startsWith: "stolen" } } })).toBe(0);
          },
        },
      },
    ];
  },
  "POST /api/accounts/oauth/pick": async (s) => {
    // A's owner has Pages to choose from after a Meta sign-in; B comes with its key (as if leaked).
    const key = `a-pick-${Math.random().toString(36).slice(2)}`;
    const owner = await db().membership.findFirstOrThrow({ where: { workspaceId: s.a.workspaceId, role: "owner" } });
    const candidate = { id: "facebook:page-1", platform: "facebook", handle: "page-1", credentials: { pageId: "1", pageAccessToken: "A-PAGE-TOKEN" } };
    await db().verification.create({
      data: {
        identifier: `herald-oauth:pick:${createHash("sha256").update(key).digest("hex")}`,
        value: encryptJson({ kind: "pick", platform: "facebook", workspaceId: s.a.workspaceId, userId: owner.userId, sessionId: "a-session", candidates: [candidate] }),
        expiresAt: new Date(Date.now() + 600_000),
      },
    });
    // API keys are refused outright; B's session is not the one that signed in.
    return [{ what: "choose A's Pages", path: "/api/accounts/oauth/pick", body: { json: { key, choices: [candidate.id] } }, expect: { status: 403 } }];
  },
  "GET /api/accounts/[id]": (s) => [{ what: "A's account", path: `/api/accounts/${s.a.accountId}`, params: { id: s.a.accountId }, expect: notFound }],
  "PATCH /api/accounts/[id]": (s) => [
    {
      what: "reconfigure A's account",
      path: `/api/accounts/${s.a.accountId}`,
      params: { id: s.a.accountId },
      body: { json: { displayName: "taken over", credentials: null } },
      expect: notFound,
    },
  ],
  "DELETE /api/accounts/[id]": (s) => [
    { what: "disconnect A's account", path: `/api/accounts/${s.a.accountId}`, params: { id: s.a.accountId }, expect: notFound },
  ],
  "GET /api/accounts/[id]/reddit/subreddit": (s) => [
    { what: "A's account's subreddit rules", path: `/api/accounts/${s.a.accountId}/reddit/subreddit?name=Breadit`, params: { id: s.a.accountId }, expect: notFound },
  ],
  "GET /api/accounts/[id]/whatsapp/templates": (s) => [
    { what: "A's WhatsApp account's templates", path: `/api/accounts/${s.a.whatsappAccountId}/whatsapp/templates`, params: { id: s.a.whatsappAccountId }, expect: notFound },
  ],
  "GET /api/accounts/[id]/youtube/quota": (s) => [
    { what: "A's account's YouTube quota", path: `/api/accounts/${s.a.accountId}/youtube/quota`, params: { id: s.a.accountId }, expect: notFound },
  ],
  "GET /api/recipients": (s) => [
    { what: "list", path: "/api/recipients?limit=200", expect: { own: 200, check: (b) => expect(ids(b.recipients)).toContain(s.b.recipientId) } },
    { what: "A's recipient as the cursor", path: `/api/recipients?cursor=${s.a.recipientId}`, expect: foreignCursor },
    { what: "A's list as the filter", path: `/api/recipients?listId=${s.a.listId}`, expect: { own: 200, check: (b) => expect(b.recipients).toEqual([]) } },
  ],
  "POST /api/recipients": (s) => [
    {
      what: "onto A's list",
      path: "/api/recipients",
      body: { json: { phone: "+447911777001", optInSource: "web form", listIds: [s.a.listId] } },
      expect: badRequest,
    },
  ],
  "PATCH /api/recipients/[id]": (s) => [
    { what: "opt out A's recipient", path: `/api/recipients/${s.a.recipientId}`, params: { id: s.a.recipientId }, body: { json: { optedOut: true } }, expect: notFound },
    { what: "B's recipient onto A's list", path: `/api/recipients/${s.b.recipientId}`, params: { id: s.b.recipientId }, body: { json: { listIds: [s.a.listId] } }, expect: badRequest },
  ],
  "DELETE /api/recipients/[id]": (s) => [
    { what: "delete A's recipient", path: `/api/recipients/${s.a.recipientId}`, params: { id: s.a.recipientId }, expect: notFound },
  ],
  "GET /api/recipient-lists": (s) => [
    { what: "lists", path: "/api/recipient-lists", expect: { own: 200, check: (b) => expect(ids(b.lists)).toContain(s.b.listId) } },
  ],
  "POST /api/recipient-lists": () => [
    { what: "a list of B's own", path: "/api/recipient-lists", body: { json: { name: "Birch newsletter" } }, expect: { own: [201, 409] } },
  ],
  "PATCH /api/recipient-lists/[id]": (s) => [
    { what: "rename A's list", path: `/api/recipient-lists/${s.a.listId}`, params: { id: s.a.listId }, body: { json: { name: "taken over" } }, expect: notFound },
  ],
  "DELETE /api/recipient-lists/[id]": (s) => [
    { what: "delete A's list", path: `/api/recipient-lists/${s.a.listId}`, params: { id: s.a.listId }, expect: notFound },
  ],
  "POST /api/agent/schedule": (s) => [
    { what: "accountIds: A's", path: "/api/agent/schedule", body: { json: { accountIds: [s.a.accountId], content: "x" } }, expect: notFound },
    { what: "accountId: A's", path: "/api/agent/schedule", body: { json: { accountId: s.a.accountId, content: "x" } }, expect: notFound },
    {
      what: "B's and A's accounts together",
      path: "/api/agent/schedule",
      body: { json: { accountIds: [s.b.accountId, s.a.accountId], content: "x" } },
      expect: notFound,
    },
    {
      what: "collect engagement of A's target",
      path: "/api/agent/schedule",
      body: { json: { type: "collect_engagement", postTargetId: s.a.published.targetId } },
      expect: notFound,
    },
    {
      what: "A's media",
      path: "/api/agent/schedule",
      body: { json: { accountIds: [s.b.accountId], content: "x", config: { mediaIds: [s.a.mediaId] } } },
      expect: notFound,
    },
    {
      // Idempotency keys are per workspace: A's key schedules (or finds) B's own post, never A's.
      what: "A's idempotency key",
      path: "/api/agent/schedule",
      body: { json: { accountIds: [s.b.accountId], content: "B reuses a key", scheduledAt: "2030-05-01T09:00:00Z", idempotencyKey: s.a.idempotencyKey } },
      expect: {
        own: [200, 201],
        check: async (b) => {
          expect(b.postId).not.toBe(s.a.scheduled.postId);
          expect((await db().post.findUniqueOrThrow({ where: { id: b.postId as string } })).workspaceId).toBe(s.b.workspaceId);
        },
      },
    },
  ],
  "POST /api/mcp": (s, caller) =>
    caller === "user"
      ? [{ what: "a session cookie (API keys only)", path: "/api/mcp", body: mcpCall("list_accounts", {}), expect: { status: 401 } }]
      : [
          {
            what: "list_accounts",
            path: "/api/mcp",
            body: mcpCall("list_accounts", {}),
            expect: { own: 200, check: (b) => expect(ids(mcpResult(b).structuredContent.accounts)).toContain(s.b.accountId) },
          },
          { what: "get_post: A's", path: "/api/mcp", body: mcpCall("get_post", { id: s.a.scheduled.postId }), expect: mcpRefused("not_found") },
          { what: "edit_post: A's", path: "/api/mcp", body: mcpCall("edit_post", { id: s.a.scheduled.postId, content: "x" }), expect: mcpRefused("not_found") },
          { what: "cancel_post: A's", path: "/api/mcp", body: mcpCall("cancel_post", { id: s.a.scheduled.postId }), expect: mcpRefused("not_found") },
          { what: "delete_post: A's", path: "/api/mcp", body: mcpCall("delete_post", { id: s.a.scheduled.postId }), expect: mcpRefused("not_found") },
          { what: "list_posts: A's post as the cursor", path: "/api/mcp", body: mcpCall("list_posts", { cursor: s.a.scheduled.postId }), expect: mcpRefused("bad_request") },
          { what: "schedule_post: A's account", path: "/api/mcp", body: mcpCall("schedule_post", { accountIds: [s.a.accountId], content: "x" }), expect: mcpRefused("not_found") },
          { what: "schedule_post: A's media", path: "/api/mcp", body: mcpCall("schedule_post", { accountIds: [s.b.accountId], content: "x", config: { mediaIds: [s.a.mediaId] } }), expect: mcpRefused("not_found") },
          { what: "list_inbox: A's item as the cursor", path: "/api/mcp", body: mcpCall("list_inbox", { cursor: s.a.inboxItemId }), expect: mcpRefused("bad_request") },
          { what: "get_inbox_item: A's", path: "/api/mcp", body: mcpCall("get_inbox_item", { id: s.a.inboxItemId }), expect: mcpRefused("not_found") },
          { what: "update_inbox_item: A's", path: "/api/mcp", body: mcpCall("update_inbox_item", { id: s.a.inboxItemId, status: "done" }), expect: mcpRefused("not_found") },
          { what: "reply_to_inbox_item: A's", path: "/api/mcp", body: mcpCall("reply_to_inbox_item", { id: s.a.inboxItemId, text: "Birch answers" }), expect: mcpRefused("not_found") },
          {
            what: "get_analytics: A's account",
            path: "/api/mcp",
            body: mcpCall("get_analytics", { accountId: s.a.accountId }),
            expect: { own: 200, check: (b) => expect((mcpResult(b).structuredContent.totals as { targets: number }).targets).toBe(0) },
          },
        ],
  "GET /api/agent/best-times": (s) => [
    { what: "A's account", path: `/api/agent/best-times?accountId=${s.a.accountId}`, expect: notFound },
    { what: "the workspace", path: "/api/agent/best-times", expect: { own: 200, check: (b) => expect(b.timeZone).toBe("Europe/Berlin") } },
  ],
  "POST /api/agent/compliance": () => [
    {
      // A avoids "alderword"; B's brand voice does not, so B's check finds nothing about it.
      what: "check against the brand voice",
      path: "/api/agent/compliance",
      body: { json: { text: "Fresh alderword bread today" } },
      expect: { own: 200, check: (b) => expect((b.findings as { rule: string }[]).filter((f) => f.rule === "avoid_word")).toEqual([]) },
    },
  ],
  "POST /api/agent/assist": (s) => [
    {
      what: "rewrite",
      path: "/api/agent/assist",
      body: { json: { action: "rewrite", text: "Birch bread is warm", platform: "bluesky" } },
      expect: {
        own: 200,
        // Usage is booked to B (A's rows are in the snapshot).
        check: async () => expect(await db().aiUsage.count({ where: { workspaceId: s.b.workspaceId } })).toBeGreaterThan(0),
      },
    },
  ],
  "POST /api/agent/autopilot": (s) => [
    {
      what: "plan for A's account",
      path: "/api/agent/autopilot",
      body: { json: { campaign: "Spring", brief: "Birch brief for spring", accountIds: [s.a.accountId] } },
      expect: notFound,
    },
    {
      // A has a campaign of the same name: B gets its own, A's brief stays A's.
      what: "a campaign named like A's",
      path: "/api/agent/autopilot",
      body: { json: { campaign: "Spring", brief: "Birch brief for spring", accountIds: [s.b.accountId] } },
      expect: {
        own: 202,
        check: async (b) => {
          const c = await db().campaign.findUniqueOrThrow({ where: { id: (b.campaign as { id: string }).id } });
          expect([c.workspaceId, c.brief]).toEqual([s.b.workspaceId, "Birch brief for spring"]);
        },
      },
    },
  ],
  "GET /api/agent/autopilot": (s) => [
    {
      what: "campaigns",
      path: "/api/agent/autopilot",
      expect: {
        own: 200,
        check: async (b) => {
          const listed = ids(b.campaigns);
          expect(await db().campaign.count({ where: { id: { in: listed }, workspaceId: { not: s.b.workspaceId } } })).toBe(0);
        },
      },
    },
  ],
  "POST /api/agent/variants": (s) => [
    {
      what: "variants on A's account",
      path: "/api/agent/variants",
      body: { json: { variants: [{ label: "A", text: "Birch one" }, { label: "B", text: "Birch two" }], accountIds: [s.a.accountId], spread: "slots" } },
      expect: notFound,
    },
    {
      what: "variants on B's account",
      path: "/api/agent/variants",
      body: { json: { variants: [{ label: "A", text: "Birch one" }, { label: "B", text: "Birch two" }], accountIds: [s.b.accountId, s.b.accountId], spread: "accounts", scheduledAt: inDays(4) } },
      expect: {
        own: 201,
        check: async (b) => {
          const posts = await db().post.findMany({ where: { variantGroup: b.group as string } });
          expect(posts.map((p) => p.workspaceId)).toEqual([s.b.workspaceId, s.b.workspaceId]);
        },
      },
    },
  ],
  "GET /api/agent/variants/[group]": () => [
    { what: "A's variant group", path: "/api/agent/variants/alder-variant-group", params: { group: "alder-variant-group" }, expect: notFound },
  ],
  "GET /api/agent/usage": (s) => [
    {
      what: "this month",
      path: "/api/agent/usage",
      expect: {
        own: 200,
        check: async (b) => expect((b.usage as { calls: number }).calls).toBe(await db().aiUsage.count({ where: { workspaceId: s.b.workspaceId } })),
      },
    },
  ],
  "GET /api/agent/tasks": (s) => [
    { what: "list", path: "/api/agent/tasks?limit=200", expect: { own: 200, check: (b) => expect(ids(b.tasks)).toContain(s.b.post.taskId) } },
    { what: "A's task as the cursor", path: `/api/agent/tasks?cursor=${s.a.scheduled.taskId}`, expect: foreignCursor },
  ],
  "GET /api/agent/tasks/[id]": (s) => [
    { what: "A's task", path: `/api/agent/tasks/${s.a.scheduled.taskId}`, params: { id: s.a.scheduled.taskId }, expect: notFound },
  ],
  "POST /api/agent/tasks/[id]/cancel": (s) => [
    { what: "A's pending task", path: `/api/agent/tasks/${s.a.scheduled.taskId}/cancel`, params: { id: s.a.scheduled.taskId }, expect: notFound },
  ],
  "POST /api/agent/tasks/[id]/retry": (s) => [
    { what: "A's needs-review task", path: `/api/agent/tasks/${s.a.review.taskId}/retry`, params: { id: s.a.review.taskId }, expect: notFound },
  ],
  "GET /api/agent/tasks/stats": (s) => [
    {
      what: "stats",
      path: "/api/agent/tasks/stats",
      expect: {
        own: 200,
        check: async (b) => {
          // Only B's tasks are counted (A has more, in more states).
          const stats = b.stats as { total: number; needs_review: number };
          expect(stats.total).toBe(await db().agentTask.count({ where: { workspaceId: s.b.workspaceId } }));
          expect(stats.needs_review).toBe(0);
        },
      },
    },
  ],
  "GET /api/agent/tasks/throughput": () => [
    {
      what: "throughput",
      path: "/api/agent/tasks/throughput",
      expect: {
        own: 200,
        // A has a finished attempt this hour; B has none.
        check: (b) => expect((b.buckets as { completed: number }[]).reduce((n, x) => n + x.completed, 0)).toBe(0),
      },
    },
  ],
  "GET /api/client-config": (s) => [
    {
      what: "config",
      path: "/api/client-config",
      expect: {
        own: 200,
        // A's owner has the dashboard open; B's count is B's own.
        check: async (b) => expect(b.activeClients).toBe(await db().presence.count({ where: { workspaceId: s.b.workspaceId } })),
      },
    },
  ],
  "GET /api/engagement": (s) => [
    { what: "A's published post", path: `/api/engagement?postId=${s.a.published.postId}`, expect: notFound },
  ],
  "POST /api/engagement": (s) => [
    { what: "collect A's published post", path: "/api/engagement", body: { json: { postId: s.a.published.postId } }, expect: notFound },
  ],
  "GET /api/events": (s) => [
    {
      // Replays the whole outbox (Last-Event-ID 0): B's events only.
      what: "the event stream from the start",
      path: "/api/events?lastEventId=0",
      stream: true,
      expect: { own: 200, check: (b) => expect(String(b.text)).toContain(s.b.post.taskId) },
    },
  ],
  "POST /api/heartbeat": (s) => [
    {
      what: "heartbeat",
      path: "/api/heartbeat",
      expect: { own: 200, check: async (b) => expect(b.activeClients).toBe(await db().presence.count({ where: { workspaceId: s.b.workspaceId } })) },
    },
  ],
  "POST /api/import": (s) => [
    {
      what: "a CSV naming A's account",
      path: "/api/import",
      body: { csv: `text,platforms,time\nHello,${s.a.handle},2027-03-01 09:00\n` },
      expect: badRequest,
    },
    {
      what: "a dry run naming A's account",
      path: "/api/import?dryRun=1",
      body: { csv: `text,platforms,time\nHello,${s.a.handle},2027-03-01 09:00\n` },
      expect: { own: 200, check: (b) => expect((b.preview as unknown[]).length).toBe(0) },
    },
  ],
  "GET /api/media": (s) => [
    { what: "list", path: "/api/media", expect: { own: 200, check: (b) => expect(ids(b.media)).toContain(s.b.mediaId) } },
    { what: "A's media as the cursor", path: `/api/media?cursor=${s.a.mediaId}`, expect: foreignCursor },
  ],
  "POST /api/media": (s) => [
    {
      what: "upload",
      path: "/api/media",
      body: {
        form: async () => {
          const f = new FormData();
          f.set("file", new Blob([new Uint8Array(await png())], { type: "image/png" }), "birch.png");
          return f;
        },
      },
      expect: {
        own: 201,
        check: async (b) => {
          const id = (b.media as { id: string }).id;
          expect((await db().mediaAsset.findUniqueOrThrow({ where: { id } })).workspaceId).toBe(s.b.workspaceId);
        },
      },
    },
  ],
  "GET /api/media/[id]": (s) => [{ what: "A's media", path: `/api/media/${s.a.mediaId}`, params: { id: s.a.mediaId }, expect: notFound }],
  "DELETE /api/media/[id]": (s) => [{ what: "delete A's media", path: `/api/media/${s.a.mediaId}`, params: { id: s.a.mediaId }, expect: notFound }],
  "GET /api/analytics": (s) => [
    {
      what: "analytics (B's own only)",
      path: "/api/analytics",
      expect: { own: 200, check: (b) => expect((b.topPosts as { postId: string }[]).map((p) => p.postId)).not.toContain(s.a.published.postId) },
    },
    {
      what: "A's published post as CSV",
      path: "/api/analytics?format=csv",
      expect: { own: 200, check: (b) => expect(b.text).not.toContain(s.a.published.postId) },
    },
  ],
  "GET /api/audit": async (s) => {
    await recordAudit({ workspaceId: s.a.workspaceId, actor: { type: "system", id: null, label: "Herald" }, action: "settings.changed", target: { type: "settings", id: "a-only" } });
    return [
      { what: "log (B's own only)", path: "/api/audit", expect: { own: 200, check: (b) => expect(JSON.stringify(b.events)).not.toContain("a-only") } },
      { what: "log as CSV (B's own only)", path: "/api/audit?format=csv", expect: { own: 200, check: (b) => expect(b.text).not.toContain("a-only") } },
    ];
  },
  "GET /api/campaigns": (s) => [
    { what: "list (B's own only)", path: "/api/campaigns", expect: { own: 200, check: (b) => expect(ids(b.campaigns)).not.toContain(s.a.campaignId) } },
  ],
  "POST /api/campaigns": (s, caller) => [
    {
      what: "a campaign named like A's",
      path: "/api/campaigns",
      body: { json: { name: `Spring ${caller}`, brief: "Birch" } },
      expect: {
        own: 201,
        check: async (b) => expect((await db().campaign.findUniqueOrThrow({ where: { id: (b.campaign as { id: string }).id } })).workspaceId).toBe(s.b.workspaceId),
      },
    },
  ],
  "PATCH /api/campaigns/[id]": (s) => [
    { what: "rename A's campaign", path: `/api/campaigns/${s.a.campaignId}`, params: { id: s.a.campaignId }, body: { json: { name: "Birch's now" } }, expect: notFound },
  ],
  "GET /api/campaigns/[id]/stats": (s) => [
    { what: "A's campaign's stats", path: `/api/campaigns/${s.a.campaignId}/stats`, params: { id: s.a.campaignId }, expect: notFound },
  ],
  "GET /api/notifications": async (s, caller) => {
    const n = await notificationOfA(s);
    return sessionOnly(caller, [
      { what: "list (B's own only)", path: "/api/notifications", expect: { own: 200, check: (b) => expect(ids(b.notifications)).not.toContain(n) } },
      { what: "A's notification as the cursor", path: `/api/notifications?cursor=${n}`, expect: foreignCursor },
    ]);
  },
  "POST /api/notifications/read": async (s, caller) => {
    const n = await notificationOfA(s);
    const unread = { own: 200, check: async () => expect((await db().notification.findUniqueOrThrow({ where: { id: n } })).readAt).toBeNull() };
    return sessionOnly(caller, [
      { what: "mark A's notification read", path: "/api/notifications/read", body: { json: { ids: [n] } }, expect: unread },
      { what: "mark all read", path: "/api/notifications/read", body: { json: { all: true } }, expect: unread },
    ]);
  },
  "GET /api/notifications/preferences": (s, caller) =>
    sessionOnly(caller, [{ what: "own switches", path: "/api/notifications/preferences", expect: { own: 200, check: (b) => expect(b.preferences).toEqual({ emailNotifications: true, weeklyDigest: false }) } }]),
  "PUT /api/notifications/preferences": (s, caller) =>
    sessionOnly(caller, [
      {
        what: "own switches (A's stay)",
        path: "/api/notifications/preferences",
        body: { json: { weeklyDigest: false } },
        expect: { own: 200, check: async () => expect(await db().membership.count({ where: { workspaceId: s.a.workspaceId, weeklyDigest: true } })).toBe(0) },
      },
    ]),
  // The community inbox (docs/decisions.md, "Inbox"): A's items are not found for B, B's lists hold only its own.
  "GET /api/inbox": (s) => [
    { what: "list (B's own only)", path: "/api/inbox?status=all", expect: { own: 200, check: (b) => expect(ids(b.items)).toContain(s.b.inboxItemId) } },
    { what: "A's item as the cursor", path: `/api/inbox?cursor=${s.a.inboxItemId}`, expect: foreignCursor },
    { what: "A's account as the filter", path: `/api/inbox?account=${s.a.accountId}`, expect: { own: 200, check: (b) => expect(b.items).toEqual([]) } },
    { what: "A's post as the filter", path: `/api/inbox?post=${s.a.published.postId}`, expect: { own: 200, check: (b) => expect(b.items).toEqual([]) } },
  ],
  "GET /api/inbox/[id]": (s) => [
    { what: "A's item and its thread", path: `/api/inbox/${s.a.inboxItemId}`, params: { id: s.a.inboxItemId }, expect: notFound },
  ],
  "PATCH /api/inbox/[id]": (s) => [
    { what: "mark A's item done", path: `/api/inbox/${s.a.inboxItemId}`, params: { id: s.a.inboxItemId }, body: { json: { status: "done" } }, expect: notFound },
    { what: "assign B's item to A's editor", path: `/api/inbox/${s.b.inboxItemId}`, params: { id: s.b.inboxItemId }, body: { json: { assignedToUserId: s.a.editorUserId } }, expect: badRequest },
  ],
  "POST /api/inbox/[id]/reply": (s) => [
    { what: "answer A's item", path: `/api/inbox/${s.a.inboxItemId}/reply`, params: { id: s.a.inboxItemId }, body: { json: { text: "Birch answers" } }, expect: notFound },
  ],
  "GET /api/posts": (s) => [
    { what: "list", path: "/api/posts?limit=100", expect: { own: 200, check: (b) => expect(ids(b.posts)).toContain(s.b.post.postId) } },
    { what: "A's post as the cursor", path: `/api/posts?cursor=${s.a.scheduled.postId}`, expect: foreignCursor },
  ],
  "GET /api/posts/[id]": (s) => [
    { what: "A's post", path: `/api/posts/${s.a.scheduled.postId}`, params: { id: s.a.scheduled.postId }, expect: notFound },
  ],
  "GET /api/posts/[id]/deliveries": (s) => [
    { what: "A's post's deliveries", path: `/api/posts/${s.a.scheduled.postId}/deliveries`, params: { id: s.a.scheduled.postId }, expect: notFound },
  ],
  "PATCH /api/posts/[id]": (s) => [
    {
      what: "edit (reschedule) A's post",
      path: `/api/posts/${s.a.scheduled.postId}`,
      params: { id: s.a.scheduled.postId },
      body: { json: { scheduledAt: inDays(4) } },
      expect: notFound,
    },
  ],
  "DELETE /api/posts/[id]": (s) => [
    { what: "delete A's post", path: `/api/posts/${s.a.scheduled.postId}`, params: { id: s.a.scheduled.postId }, expect: notFound },
  ],
  "POST /api/posts/[id]/cancel": (s) => [
    { what: "cancel A's post", path: `/api/posts/${s.a.scheduled.postId}/cancel`, params: { id: s.a.scheduled.postId }, expect: notFound },
  ],
  "GET /api/posts/[id]/versions": (s) => [
    { what: "A's post's history", path: `/api/posts/${s.a.scheduled.postId}/versions`, params: { id: s.a.scheduled.postId }, expect: notFound },
  ],
  "POST /api/posts/bulk": (s) => [
    {
      what: "cancel A's post among B's",
      path: "/api/posts/bulk",
      body: { json: { ids: [s.a.scheduled.postId], action: "cancel" } },
      // Each post answers for itself: A's is not found for B, and nothing of A's changes (the snapshot check).
      expect: { own: 200, check: (b) => expect(b.results).toEqual([{ id: s.a.scheduled.postId, ok: false, error: { code: "not_found", message: "Post not found." } }]) },
    },
  ],
  "POST /api/posts/[id]/approve": (s) => [
    {
      what: "approve A's waiting post",
      path: `/api/posts/${s.a.pendingApprovalPostId}/approve`,
      params: { id: s.a.pendingApprovalPostId },
      expect: notFound,
    },
  ],
  "POST /api/posts/[id]/reject": (s) => [
    {
      what: "reject A's waiting post",
      path: `/api/posts/${s.a.pendingApprovalPostId}/reject`,
      params: { id: s.a.pendingApprovalPostId },
      body: { json: { reason: "not yours" } },
      expect: notFound,
    },
  ],
  "PUT /api/posts/[id]/text": (s) => [
    {
      what: "edit A's waiting post",
      path: `/api/posts/${s.a.pendingApprovalPostId}/text`,
      params: { id: s.a.pendingApprovalPostId },
      body: { json: { text: "Rewritten by B" } },
      expect: notFound,
    },
  ],
  "POST /api/posts/[id]/targets/[targetId]/mark-published": (s) => [
    {
      what: "A's post and needs-review target",
      path: `/api/posts/${s.a.review.postId}/targets/${s.a.review.targetId}/mark-published`,
      params: { id: s.a.review.postId, targetId: s.a.review.targetId },
      body: { json: {} },
      expect: notFound,
    },
    {
      what: "B's post with A's target",
      path: `/api/posts/${s.b.post.postId}/targets/${s.a.review.targetId}/mark-published`,
      params: { id: s.b.post.postId, targetId: s.a.review.targetId },
      body: { json: {} },
      expect: notFound,
    },
  ],
  "POST /api/posts/drafts": (s) => [
    { what: "A's account", path: "/api/posts/drafts", body: { json: { content: "x", accountIds: [s.a.accountId] } }, expect: notFound },
    {
      what: "A's media",
      path: "/api/posts/drafts",
      body: { json: { content: "x", accountIds: [s.b.accountId], config: { mediaIds: [s.a.mediaId] } } },
      expect: notFound,
    },
  ],
  "POST /api/posts/validate": (s) => [
    { what: "A's account", path: "/api/posts/validate", body: { json: { content: "x", accountIds: [s.a.accountId] } }, expect: notFound },
    {
      what: "A's media",
      path: "/api/posts/validate",
      body: { json: { content: "x", accountIds: [s.b.accountId], config: { mediaIds: [s.a.mediaId] } } },
      expect: notFound,
    },
  ],
  "GET /api/workspace/api-keys": (s) => [
    { what: "list", path: "/api/workspace/api-keys", expect: { own: 200, check: (b) => expect(ids(b.apiKeys)).toContain(s.b.apiKeyId) } },
  ],
  // Only a signed-in admin may mint or revoke keys; an API key gets 403 whatever the workspace.
  "POST /api/workspace/api-keys": (s, caller) => sessionOnly(caller, [
    {
      what: "create",
      path: "/api/workspace/api-keys",
      body: { json: { name: "birch-new" } },
      expect: {
        own: 201,
        check: async (b) => {
          const id = (b.apiKey as { id: string }).id;
          expect((await db().apiKey.findUniqueOrThrow({ where: { id } })).workspaceId).toBe(s.b.workspaceId);
        },
      },
    },
  ]),
  // Outgoing webhooks (docs/decisions.md, "Webhooks"): admins and API keys alike; A's endpoint is
  // not found for B, B's own list and log hold nothing of A's.
  // GIF search has no key in this file (404 "not configured"); test/integration/gifs.test.ts
  // stores a GIF from a GIPHY fixture for two workspaces and checks each lands in its own.
  "GET /api/gifs": () => [{ what: "search", path: "/api/gifs?q=bread", expect: notFound }],
  "POST /api/gifs/media": (s) => [{ what: "A's media id as the GIF id", path: "/api/gifs/media", body: { json: { id: s.a.mediaId } }, expect: notFound }],
  "GET /api/feeds": (s) => [
    { what: "list (B's own only)", path: "/api/feeds", expect: { own: 200, check: (b) => expect(ids(b.feeds)).toEqual([s.b.feedId]) } },
  ],
  "POST /api/feeds": (s) => [
    { what: "subscribe a feed to A's account", path: "/api/feeds", body: { json: { url: "https://birch-news.example/other.xml", accountIds: [s.a.accountId] } }, expect: { status: 400 } },
  ],
  "PATCH /api/feeds/[id]": (s) => [
    { what: "pause A's feed", path: `/api/feeds/${s.a.feedId}`, params: { id: s.a.feedId }, body: { json: { enabled: false } }, expect: notFound },
    { what: "point B's feed at A's account", path: `/api/feeds/${s.b.feedId}`, params: { id: s.b.feedId }, body: { json: { accountIds: [s.a.accountId] } }, expect: { status: 400 } },
  ],
  "DELETE /api/feeds/[id]": (s) => [{ what: "remove A's feed", path: `/api/feeds/${s.a.feedId}`, params: { id: s.a.feedId }, expect: notFound }],
  "POST /api/feeds/[id]/poll": (s) => [{ what: "poll A's feed", path: `/api/feeds/${s.a.feedId}/poll`, params: { id: s.a.feedId }, expect: notFound }],
  "GET /api/webhook-endpoints": (s) => [
    { what: "list (B's own only)", path: "/api/webhook-endpoints", expect: { own: 200, check: (b) => expect(ids(b.endpoints)).toEqual(expect.arrayContaining([s.b.webhookEndpointId])) } },
  ],
  "POST /api/webhook-endpoints": (s) => [
    {
      what: "an endpoint of B's own",
      path: "/api/webhook-endpoints",
      body: { json: { url: "https://birch-hooks.example/more", events: ["post.published"] } },
      expect: { own: 201, check: async (b) => expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: (b.endpoint as { id: string }).id } })).workspaceId).toBe(s.b.workspaceId) },
    },
  ],
  "PATCH /api/webhook-endpoints/[id]": (s) => [
    { what: "switch A's endpoint off", path: `/api/webhook-endpoints/${s.a.webhookEndpointId}`, params: { id: s.a.webhookEndpointId }, body: { json: { enabled: false } }, expect: notFound },
    { what: "point A's endpoint elsewhere", path: `/api/webhook-endpoints/${s.a.webhookEndpointId}`, params: { id: s.a.webhookEndpointId }, body: { json: { url: "https://birch-hooks.example/steal" } }, expect: notFound },
  ],
  "DELETE /api/webhook-endpoints/[id]": (s) => [
    { what: "delete A's endpoint", path: `/api/webhook-endpoints/${s.a.webhookEndpointId}`, params: { id: s.a.webhookEndpointId }, expect: notFound },
  ],
  "POST /api/webhook-endpoints/[id]/test": (s) => [
    { what: "send a test to A's endpoint", path: `/api/webhook-endpoints/${s.a.webhookEndpointId}/test`, params: { id: s.a.webhookEndpointId }, expect: notFound },
  ],
  "GET /api/webhook-endpoints/[id]/deliveries": (s) => [
    { what: "A's delivery log", path: `/api/webhook-endpoints/${s.a.webhookEndpointId}/deliveries`, params: { id: s.a.webhookEndpointId }, expect: notFound },
    {
      what: "A's delivery as the cursor of B's log",
      path: `/api/webhook-endpoints/${s.b.webhookEndpointId}/deliveries?cursor=${s.a.webhookDeliveryId}`,
      params: { id: s.b.webhookEndpointId },
      expect: foreignCursor,
    },
  ],
  "DELETE /api/workspace/api-keys/[id]": (s, caller) => sessionOnly(caller, [
    { what: "revoke A's key", path: `/api/workspace/api-keys/${s.a.apiKeyId}`, params: { id: s.a.apiKeyId }, expect: notFound },
  ]),
  "GET /api/workspace/next-slot": (s) => [
    { what: "A's account", path: `/api/workspace/next-slot?accountIds=${s.a.accountId}`, expect: notFound },
    { what: "B's and A's accounts", path: `/api/workspace/next-slot?accountIds=${s.b.accountId},${s.a.accountId}`, expect: notFound },
  ],
  "GET /api/settings": (s) => [
    {
      what: "read (B's own)",
      path: "/api/settings",
      expect: { own: 200, check: async (b) => expect((b.settings as { own: { live: { pollActiveMs: number | null } } }).own.live.pollActiveMs).toBe((await db().workspaceSettings.findUnique({ where: { workspaceId: s.b.workspaceId } }))?.clientPollActiveMs ?? null) },
    },
  ],
  "PUT /api/settings/[section]": (s) => [
    {
      what: "change (B only; reset after)",
      path: "/api/settings/live",
      params: { section: "live" },
      body: { json: { pollActiveMs: 7000 } },
      expect: {
        own: 200,
        check: async () => {
          expect((await db().workspaceSettings.findUniqueOrThrow({ where: { workspaceId: s.b.workspaceId } })).clientPollActiveMs).toBe(7000);
          expect(await db().workspaceSettings.findUnique({ where: { workspaceId: s.a.workspaceId } })).toBeNull();
        },
      },
      after: async () => {
        await db().workspaceSettings.deleteMany({ where: { workspaceId: s.b.workspaceId } });
      },
    },
  ],
  "GET /api/workspace/settings": () => [
    { what: "read", path: "/api/workspace/settings", expect: { own: 200, check: (b) => expect((b.settings as { name: string }).name).toBe("Birch Bakery") } },
  ],
  "PATCH /api/workspace/settings": (s) => [
    {
      what: "change",
      path: "/api/workspace/settings",
      body: { json: { postingSlots: [{ weekday: 2, time: "08:30" }], brandVoice: { tone: "warm" } } },
      expect: {
        own: 200,
        check: async (b) => {
          expect((b.settings as { name: string }).name).toBe("Birch Bakery");
          expect((await db().workspace.findUniqueOrThrow({ where: { id: s.b.workspaceId } })).postingSlots).toEqual([{ weekday: 2, time: "08:30" }]);
        },
      },
    },
  ],
  "GET /api/workspace/publishing": (s) => [
    { what: "read", path: "/api/workspace/publishing", expect: { own: 200, check: (b) => expect(b.publishing).toMatchObject({ workspaceId: s.b.workspaceId, paused: false }) } },
  ],
  "PUT /api/workspace/publishing": (s) => [
    {
      what: "pause (B only; resumed after)",
      path: "/api/workspace/publishing",
      body: { json: { paused: true } },
      expect: {
        own: 200,
        check: async (b) => {
          expect(b.publishing).toMatchObject({ workspaceId: s.b.workspaceId, paused: true });
          expect((await db().workspace.findUniqueOrThrow({ where: { id: s.b.workspaceId } })).publishingPausedAt).not.toBeNull();
        },
      },
      after: async () => {
        await db().workspace.update({ where: { id: s.b.workspaceId }, data: { publishingPausedAt: null, publishingPausedBy: null } });
      },
    },
  ],
  "DELETE /api/me": (s, caller) =>
    sessionOnly(caller, [
      {
        // Only the signed-in person can erase themselves: A's owner's email is refused, nothing erased.
        what: "erase, confirmed with A's owner's email",
        path: "/api/me",
        body: { json: { confirmEmail: "alder-owner@example.com" } },
        expect: { status: 400 },
      },
    ]),
  "GET /api/workspace/deletion": () => [
    { what: "B's own deletion state", path: "/api/workspace/deletion", expect: { own: 200, check: (b) => expect(b.deletion).toEqual({ requestedAt: null, eraseAfter: null }) } },
  ],
  "POST /api/workspace/deletion": (s, caller) =>
    sessionOnly(caller, [
      // B's owner can only ever delete B: A's name does not confirm it, and nothing is scheduled.
      { what: "delete, confirmed with A's name", path: "/api/workspace/deletion", body: { json: { confirmName: "Alder Bakery" } }, expect: { status: 400 } },
    ]),
  "DELETE /api/workspace/deletion": (s, caller) =>
    sessionOnly(caller, [
      {
        what: "cancel (B has none pending; A's stays as it is)",
        path: "/api/workspace/deletion",
        expect: { own: 200, check: (b) => expect(b.cancelled).toBe(false) },
      },
    ]),
  "GET /api/workspace/export": (s, caller) =>
    sessionOnly(caller, [
      {
        what: "the export (B's own only)",
        path: "/api/workspace/export",
        expect: {
          own: 200,
          check: (b) => {
            expect(b.text).toContain(s.b.workspaceId);
            expect(b.text).not.toContain("ALDER-SECRET");
          },
        },
      },
    ]),
  "GET /api/me/export": (s, caller) =>
    sessionOnly(caller, [
      {
        what: "the person's export (their own rows only)",
        path: "/api/me/export",
        expect: {
          own: 200,
          check: (b) => {
            expect(b.text).toContain(s.b.workspaceId);
          },
        },
      },
    ]),
  "GET /api/workspaces": (s, caller) =>
    sessionOnly(caller, [
      {
        what: "the user's workspaces",
        path: "/api/workspaces",
        expect: { own: 200, check: (b) => expect(ids(b.workspaces)).toEqual([s.b.workspaceId]) },
      },
    ]),
  "POST /api/workspaces": (s, caller) =>
    sessionOnly(caller, [
      {
        what: "create one (then switch back to B)",
        path: "/api/workspaces",
        body: { json: { name: "Birch Two", timeZone: "UTC" } },
        expect: { own: 201, check: (b) => expect((b.workspace as { name: string }).name).toBe("Birch Two") },
        after: async () => {
          const res = await activeRoute.POST(browserReq("POST", "/api/workspaces/active", { jar: s.b.jar, body: { workspaceId: s.b.workspaceId } }));
          s.b.jar.take(res);
          expect(res.status).toBe(200);
        },
      },
    ]),
  "POST /api/workspaces/active": (s, caller) =>
    sessionOnly(caller, [{ what: "switch to A", path: "/api/workspaces/active", body: { json: { workspaceId: s.a.workspaceId } }, expect: notFound }]),
};

/** Routes that are not workspace-scoped, and why. */
const EXEMPT: Record<string, { reason: string; cron?: true }> = {
  // Better Auth's handler (sign-up, sessions, the organization plugin). Its workspace endpoints
  // (members, invitations, switching) are tried with A's ids in the describe block below.
  "GET /api/auth/[...all]": { reason: "Better Auth catch-all; organization endpoints are tested below" },
  "POST /api/auth/[...all]": { reason: "Better Auth catch-all; organization endpoints are tested below" },
  // Public liveness for load balancers and uptime checks: up/down and version; the details need CRON_SECRET.
  "GET /api/health": { reason: "public up/down and version only; details need CRON_SECRET" },
  // The OpenAPI document describes the routes, not any workspace's data (lib/openapi/).
  "GET /api/openapi.json": { reason: "public API description: the same for everyone, no workspace data" },
  // Bluesky servers fetch these to know Herald as an OAuth client; the same for everyone (oauth-bluesky.test.ts).
  "GET /api/oauth/bluesky/client-metadata.json": { reason: "public atproto OAuth client metadata: no id, no workspace data" },
  "GET /api/oauth/bluesky/jwks.json": { reason: "public key of the atproto OAuth client: no id, no workspace data" },
  // Takes a public URL, no id; its cache is keyed by workspace (link-preview.test.ts, "keeps each workspace's cache to itself").
  "GET /api/link-preview": { reason: "no id: a public page's card, cached per workspace (tested in link-preview.test.ts)" },
  // Cron routes answer only to Authorization: Bearer CRON_SECRET (checked below that B's credentials get 401).
  "GET /api/agent/process": { reason: "cron, CRON_SECRET only", cron: true },
  "POST /api/agent/process": { reason: "cron, CRON_SECRET only", cron: true },
  "GET /api/agent/cleanup": { reason: "cron, CRON_SECRET only", cron: true },
  // Meta calls it, signed with the app secret; it changes rows only by WhatsApp's message ids and
  // the phone number an account sends from (test/integration/whatsapp-webhook.test.ts).
  "GET /api/webhooks/whatsapp": { reason: "Meta's subscription check: the verify token, no workspace caller" },
  "POST /api/webhooks/whatsapp": { reason: "Meta's signed webhook: no workspace caller; keyed by message id and phone number id" },
  // Meta's Instagram webhook (field mentions), signed with META_APP_SECRET; a mention reaches only the
  // accounts connected with the IG user id it names (test/integration/inbox-instagram-mentions.test.ts).
  "GET /api/webhooks/instagram": { reason: "Meta's subscription check: the verify token, no workspace caller" },
  "POST /api/webhooks/instagram": { reason: "Meta's signed webhook: no workspace caller; keyed by the IG user id an account is connected with" },
  // Platforms fetch media by URL without credentials; the id is 128 random bits (lib/media/assets.ts).
  "GET /api/media/[id]/file": { reason: "public by design: unguessable 128-bit ids, fetched by the platforms" },
  "GET /api/media/[id]/poster": { reason: "public by design, like the file: a video's poster frame under the same unguessable id" },
};

// ---------------------------------------------------------------------------------------------
// Discovery and calling

const fileFor = (key: string) => path.join(API_DIR, key.split(" ")[1].replace(/^\/api\/?/, ""), "route.ts");

async function discover(): Promise<{ keys: string[]; broken: string[] }> {
  const keys: string[] = [];
  const broken: string[] = [];
  for (const file of routeFiles()) {
    let mod: Record<string, unknown>;
    try {
      mod = (await import(path.join(API_DIR, file))) as Record<string, unknown>;
    } catch (err) {
      broken.push(`${routePath(file)}: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    for (const m of METHODS) if (typeof mod[m] === "function") keys.push(`${m} ${routePath(file)}`);
  }
  return { keys, broken };
}

async function handlerFor(key: string): Promise<Handler> {
  const mod = (await import(fileFor(key))) as Record<string, unknown>;
  const h = mod[key.split(" ")[0]];
  if (typeof h !== "function") throw new Error(`${key} is in the table but the route exports no such method`);
  return h as Handler;
}

async function request(caller: Caller, method: Method, p: Probe, signal?: AbortSignal): Promise<{ req: Request; sent: string }> {
  const headers: Record<string, string> = {};
  if (caller === "key") headers.authorization = `Bearer ${s.b.key}`;
  else {
    headers.cookie = s.b.jar.header;
    if (method !== "GET") headers.origin = ORIGIN;
  }
  let body: BodyInit | undefined;
  let sent = p.path;
  if (p.body && "json" in p.body) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(p.body.json);
    sent += body;
  } else if (p.body && "csv" in p.body) {
    headers["content-type"] = "text/csv";
    body = p.body.csv;
    sent += body;
  } else if (p.body && "form" in p.body) {
    body = await p.body.form();
  }
  return { req: new Request(`${ORIGIN}${p.path}`, { method, headers, body, signal }), sent };
}

/** Reads an event stream until the first batch (ended by a ping comment), then hangs up. */
async function readFirstBatch(res: Response, abort: AbortController): Promise<string> {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let text = "";
  const deadline = Date.now() + 10_000;
  while (!text.includes(": ping") && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    text += dec.decode(value, { stream: true });
  }
  abort.abort();
  await reader.cancel().catch(() => undefined);
  return text;
}

/** Calls a route as someone else (A's owner, for setting up a probe). */
async function call(method: Method, route: string, r: Request, p?: Record<string, string>) {
  const res = await (await handlerFor(`${method} /api/${route.replace(/^\/api\//, "")}`))(r, p ? params(p) : undefined);
  return { status: res.status, body: (await json(res)) as Record<string, unknown> };
}

async function probe(key: string, caller: Caller, p: Probe) {
  const method = key.split(" ")[0] as Method;
  const handler = await handlerFor(key);
  const abort = new AbortController();
  const { req: r, sent } = await request(caller, method, p, abort.signal);
  const res = await handler(r, p.params ? params(p.params) : undefined);
  if (caller === "user") s.b.jar.take(res);
  // A zip archive (the GDPR exports) is read as the text of all its files, so the checks below
  // (nothing of A's in the answer) see inside it.
  const zip = res.status === 200 && res.headers.get("content-type") === "application/zip";
  const text = zip
    ? Object.values(unzipSync(new Uint8Array(await res.arrayBuffer()))).map((f) => strFromU8(f)).join("\n")
    : p.stream && res.status === 200 ? await readFirstBatch(res, abort) : await res.text();
  let body: Record<string, unknown>;
  try {
    body = p.stream || zip ? { text } : JSON.parse(text);
  } catch {
    body = { text };
  }
  const label = `${key} as B's ${caller}: ${p.what} → ${res.status} ${text.slice(0, 300)}`;

  if ("own" in p.expect) {
    expect([p.expect.own].flat(), label).toContain(res.status);
    await p.expect.check?.(body, res);
  } else {
    expect(res.status, label).toBe(p.expect.status);
    const codes = { 400: ["bad_request", "validation_failed"], 401: ["unauthorized"], 403: ["forbidden"], 404: ["not_found"] }[p.expect.status];
    expect(codes, label).toContain((body.error as { code?: string } | undefined)?.code);
  }
  // Nothing of A's in the answer, except what B itself sent (an error may name the id it was given).
  const leaked = s.a.tokens.filter((t) => text.includes(t) && !sent.includes(t));
  expect(leaked, label).toEqual([]);
  await p.after?.();
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  s = await seed();
  baseline = await snapshot(s.a.workspaceId);
  // The snapshot holds real rows of every kind, so a change to any of them shows.
  expect(baseline.workspace?.requireApproval).toBe(true);
  for (const [kind, n] of Object.entries({ apiKeys: 1, accounts: 1, posts: 4, targets: 4, tasks: 5, attempts: 1, events: 5, simulatedPosts: 1, media: 1, memberships: 2, invitations: 1, presence: 1, aiUsage: 1, campaigns: 1 })) {
    expect((baseline[kind as keyof typeof baseline] as unknown[]).length, kind).toBeGreaterThanOrEqual(n);
  }
});

describe("the route table", () => {
  it("has an entry or an exemption for every route and method under app/api, and none for routes that are gone", async () => {
    const { keys, broken } = await discover();
    expect(keys.length).toBeGreaterThan(30);
    expect(broken, "route modules that failed to import").toEqual([]);
    const known = new Set([...Object.keys(ROUTES), ...Object.keys(EXEMPT)]);
    const missing = keys.filter((k) => !known.has(k));
    expect(missing, `add these to ROUTES (or EXEMPT, with the reason) in ${path.basename(import.meta.filename)}`).toEqual([]);
    const stale = [...known].filter((k) => !keys.includes(k));
    expect(stale, "table entries for routes or methods that no longer exist").toEqual([]);
    expect(Object.keys(ROUTES).filter((k) => k in EXEMPT), "both in ROUTES and EXEMPT").toEqual([]);
  });
});

describe.each(CALLERS)("workspace B's %s against workspace A", (caller) => {
  it.each(Object.keys(ROUTES))("%s", async (key) => {
    const probes = await ROUTES[key](s, caller);
    expect(probes.length).toBeGreaterThan(0);
    for (const p of probes) await probe(key, caller, p);
    expect(await snapshot(s.a.workspaceId), `${key} changed workspace A`).toEqual(baseline);
  });

  it("cannot run the cron routes", async () => {
    const cron = Object.entries(EXEMPT).filter(([, e]) => e.cron).map(([k]) => k);
    expect(cron.length).toBeGreaterThan(0);
    for (const key of cron) {
      const method = key.split(" ")[0] as Method;
      const { req: r } = await request(caller, method, { what: "cron", path: key.split(" ")[1], expect: { status: 403 } });
      const res = await (await handlerFor(key))(r);
      expect(res.status, key).toBe(401);
    }
    expect(await snapshot(s.a.workspaceId)).toEqual(baseline);
  });
});

describe("Better Auth's workspace endpoints with A's members and invitations", () => {
  it("refuses B's owner everything on A's members, invitations and workspace", async () => {
    const A = s.a.workspaceId;
    const attempts: { path: string; method: "GET" | "POST"; body?: Record<string, unknown> }[] = [
      { method: "POST", path: "/organization/remove-member", body: { memberIdOrEmail: s.a.editorMemberId } },
      { method: "POST", path: "/organization/remove-member", body: { memberIdOrEmail: s.a.editorMemberId, organizationId: A } },
      { method: "POST", path: "/organization/remove-member", body: { memberIdOrEmail: "alder-editor@example.com", organizationId: A } },
      { method: "POST", path: "/organization/update-member-role", body: { memberId: s.a.editorMemberId, role: "viewer" } },
      { method: "POST", path: "/organization/update-member-role", body: { memberId: s.a.editorMemberId, role: "owner", organizationId: A } },
      { method: "POST", path: "/organization/cancel-invitation", body: { invitationId: s.a.invitationId } },
      { method: "POST", path: "/organization/accept-invitation", body: { invitationId: s.a.invitationId } },
      { method: "POST", path: "/organization/reject-invitation", body: { invitationId: s.a.invitationId } },
      { method: "GET", path: `/organization/get-invitation?id=${s.a.invitationId}` },
      { method: "GET", path: `/organization/list-invitations?organizationId=${A}` },
      { method: "GET", path: `/organization/list-members?organizationId=${A}` },
      { method: "GET", path: `/organization/get-full-organization?organizationId=${A}` },
      { method: "POST", path: "/organization/set-active", body: { organizationId: A } },
      { method: "POST", path: "/organization/update", body: { organizationId: A, data: { name: "Taken Over" } } },
      { method: "POST", path: "/organization/invite-member", body: { organizationId: A, email: "birch-spy@example.com", role: "admin" } },
      { method: "POST", path: "/organization/leave", body: { organizationId: A } },
      { method: "POST", path: "/organization/delete", body: { organizationId: A } },
    ];
    for (const a of attempts) {
      const r = await authCall(a.method, a.path, { jar: s.b.jar, body: a.body });
      const text = JSON.stringify(r.body);
      const label = `${a.method} /api/auth${a.path} ${JSON.stringify(a.body ?? {})} → ${r.status} ${text.slice(0, 200)}`;
      expect(r.status >= 400 && r.status < 500, label).toBe(true);
      const sent = a.path + JSON.stringify(a.body ?? {});
      expect(s.a.tokens.filter((t) => text.includes(t) && !sent.includes(t)), label).toEqual([]);
    }
    // B's own list shows B's workspaces only, and the session is still in B.
    const list = await authCall("GET", "/organization/list", { jar: s.b.jar });
    expect(list.status).toBe(200);
    expect((list.body as unknown as { id: string }[]).map((w) => w.id)).not.toContain(A);
    expect((list.body as unknown as { id: string }[]).map((w) => w.id)).toContain(s.b.workspaceId);
    // Better Auth's get-full-organization clears the caller's own active workspace when asked about
    // one they are not in (B's session only, by design); B switches back.
    const back = await activeRoute.POST(browserReq("POST", "/api/workspaces/active", { jar: s.b.jar, body: { workspaceId: s.b.workspaceId } }));
    s.b.jar.take(back);
    expect(back.status).toBe(200);
    const settings = await settingsRoute.GET(browserReq("GET", "/api/workspace/settings", { jar: s.b.jar }));
    const sb = await settings.json();
    expect(sb.settings?.name, JSON.stringify(sb)).toBe("Birch Bakery");
    // An API key is no session: Better Auth does not know it.
    const byKey = await authCall("POST", "/organization/remove-member", {
      jar: new Jar(),
      headers: { authorization: `Bearer ${s.b.key}` },
      body: { memberIdOrEmail: s.a.editorMemberId, organizationId: A },
    });
    expect(byKey.status).toBe(401);
    expect(await snapshot(A)).toEqual(baseline);
  });
});

describe("after every call above", () => {
  it("leaves workspace A exactly as it was, and A's own callers still see their data", async () => {
    expect(await snapshot(s.a.workspaceId)).toEqual(baseline);
    // Sanity: the ids B was refused are real and A's owner reaches them.
    const { GET } = await import("../../app/api/posts/[id]/route");
    const mine = await GET(browserReq("GET", `/api/posts/${s.a.scheduled.postId}`, { jar: s.a.ownerJar }), params({ id: s.a.scheduled.postId }));
    expect(mine.status).toBe(200);
    expect((await mine.json()).post.text).toBe("ALDER-SECRET scheduled");
  });
});
