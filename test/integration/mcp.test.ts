// The MCP server (POST /api/mcp; docs/decisions.md, "MCP"), driven by the SDK's own Client over its
// Streamable HTTP client transport against a real HTTP server that hands each request to the route
// handler. Both protocol eras the SDK speaks are exercised: the 2025 handshake (initialize, the
// client's default) and the 2026-07-28 per-request protocol (negotiated with `auto`).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Client, InMemoryTransport, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as mcpRoute from "../../app/api/mcp/route";
import * as scheduleRoute from "../../app/api/agent/schedule/route";
import * as postsRoute from "../../app/api/posts/route";
import * as inboxRoute from "../../app/api/inbox/route";
import * as inboxItemRoute from "../../app/api/inbox/[id]/route";
import { runAfterResponseWork } from "../../lib/after-response";
import { createApiKey, revokeApiKey } from "../../lib/auth/api-keys";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { storeCollected } from "../../lib/inbox/store";
import { heraldMcpServer } from "../../lib/mcp/server";
import { callRoute, pinClock, req, simulatedAccount, workspaceWithKey } from "../support/factories";

const NOW = new Date("2026-03-02T09:00:00Z");
const LATER = "2026-03-04T10:30:00+01:00";
pinClock(NOW);

// A real HTTP server in front of the route module, as Next would serve it: methods the route does
// not export answer 405.
let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer(async (inc, out) => {
    const chunks: Buffer[] = [];
    for await (const c of inc) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(inc.headers)) if (typeof v === "string") headers.set(k, v);
    const method = inc.method ?? "GET";
    const request = new Request(`http://${inc.headers.host}${inc.url}`, {
      method,
      headers,
      body: method === "GET" || method === "HEAD" ? undefined : Buffer.concat(chunks),
    });
    const handler = (mcpRoute as Record<string, unknown>)[method] as ((r: Request) => Promise<Response>) | undefined;
    const res = handler ? await handler(request) : new Response(null, { status: 405 });
    out.writeHead(res.status, Object.fromEntries(res.headers));
    const reader = res.body?.getReader();
    for (let r = await reader?.read(); r && !r.done; r = await reader!.read()) out.write(r.value);
    out.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

type Era = "legacy" | "auto";
const clients: Client[] = [];
afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
});

async function connect(key: string | null, era: Era = "legacy"): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(`${base}/api/mcp`), {
    requestInit: { headers: key ? { authorization: `Bearer ${key}` } : {} },
  });
  const client = new Client({ name: "herald-test", version: "1.0.0" }, { versionNegotiation: { mode: era } });
  await client.connect(transport);
  clients.push(client);
  return client;
}

interface ToolAnswer {
  isError: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever the tool answers
  data: Record<string, any>;
  text: string;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolAnswer> {
  const r = await client.callTool({ name, arguments: args });
  const content = r.content as { type: string; text?: string }[];
  return { isError: r.isError === true, data: (r.structuredContent ?? {}) as ToolAnswer["data"], text: content.map((c) => c.text ?? "").join("\n") };
}

const rowsOf = async (workspaceId: string) => ({
  posts: await db().post.count({ where: { workspaceId } }),
  targets: await db().postTarget.count({ where: { workspaceId } }),
  tasks: await db().agentTask.count({ where: { workspaceId } }),
  events: await db().event.count({ where: { workspaceId } }),
});

/** A post's rows without what differs between any two requests (ids, keys, creation times). */
async function postRows(postId: string) {
  const post = await db().post.findUniqueOrThrow({
    where: { id: postId },
    select: { text: true, status: true, scheduledAt: true, approvalState: true, config: true, campaignId: true, ai: true },
  });
  const targets = await db().postTarget.findMany({
    where: { postId },
    orderBy: [{ platform: "asc" }],
    select: { platform: true, accountId: true, status: true, textOverride: true },
  });
  const tasks = await db().agentTask.findMany({
    where: { postTarget: { postId } },
    orderBy: [{ platform: "asc" }],
    select: { type: true, platform: true, accountId: true, status: true, scheduledAt: true, content: true, config: true, priority: true, maxRetries: true, workspaceId: true },
  });
  const noHash = (c: unknown) => {
    const { requestHash: _h, ...rest } = (c ?? {}) as Record<string, unknown>;
    return rest;
  };
  return { post, targets, tasks: tasks.map((t) => ({ ...t, config: noHash(t.config) })) };
}

describe.each<Era>(["legacy", "auto"])("over the %s protocol", (era) => {
  it("lists the tools with the REST API's input fields", async () => {
    const { key } = await workspaceWithKey("Tool Bakery");
    const client = await connect(key, era);
    // "auto" negotiates the per-request protocol; the default is the 2025 handshake.
    expect(client.getNegotiatedProtocolVersion()).toBe(era === "auto" ? "2026-07-28" : "2025-11-25");
    expect(client.getServerVersion()?.name).toBe("herald");
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      [
        "cancel_post",
        "delete_post",
        "edit_post",
        "get_analytics",
        "get_inbox_item",
        "get_post",
        "list_accounts",
        "list_inbox",
        "list_posts",
        "reply_to_inbox_item",
        "schedule_post",
        "update_inbox_item",
      ],
    );
    const schedule = tools.find((t) => t.name === "schedule_post")!;
    expect(Object.keys(schedule.inputSchema.properties ?? {})).toEqual(expect.arrayContaining(["content", "accountIds", "platforms", "scheduledAt", "config", "idempotencyKey"]));
    const edit = tools.find((t) => t.name === "edit_post")!;
    expect(edit.inputSchema.required).toEqual(["id"]);
    expect(Object.keys(edit.inputSchema.properties ?? {})).toEqual(expect.arrayContaining(["id", "content", "accountIds", "scheduledAt"]));
  });

  it("list_accounts answers the key's workspace's accounts only", async () => {
    const a = await workspaceWithKey("Alder Bakery");
    const b = await workspaceWithKey("Birch Bakery");
    const a1 = await simulatedAccount(a.workspace.id, "bluesky", { handle: "alder.bsky.social" });
    const a2 = await simulatedAccount(a.workspace.id, "mastodon", { handle: "alder@mastodon.social" });
    const b1 = await simulatedAccount(b.workspace.id, "bluesky", { handle: "birch.bsky.social" });
    const r = await call(await connect(a.key, era), "list_accounts");
    expect(r.isError, r.text).toBe(false);
    expect(r.data.accounts.map((x: { id: string }) => x.id).sort()).toEqual([a1.id, a2.id].sort());
    expect(r.text).not.toContain(b1.id);
    expect(r.text).not.toContain("birch");
    const rb = await call(await connect(b.key, era), "list_accounts");
    expect(rb.data.accounts.map((x: { id: string }) => x.id)).toEqual([b1.id]);
  });
});

describe("schedule_post", () => {
  it("creates the post, its targets and tasks exactly as POST /api/agent/schedule does", async () => {
    const { workspace, key } = await workspaceWithKey("Same Bakery");
    const bsky = await simulatedAccount(workspace.id, "bluesky", { handle: "same.bsky.social" });
    const masto = await simulatedAccount(workspace.id, "mastodon", { handle: "same@mastodon.social" });
    const body = {
      content: "Rye loaves are back on Wednesday",
      accountIds: [bsky.id, masto.id],
      scheduledAt: LATER,
      config: { overrides: { mastodon: "Rye loaves are back on Wednesday #bread" }, media: [{ url: "https://example.com/rye.jpg", type: "image", altText: "Rye" }] },
    };
    const rest = await callRoute(scheduleRoute.POST, req("POST", "/api/agent/schedule", { key, body }));
    expect(rest.status, JSON.stringify(rest.body)).toBe(201);

    const tool = await call(await connect(key), "schedule_post", body);
    expect(tool.isError, tool.text).toBe(false);
    expect(tool.data.postId).not.toBe(rest.body.postId);
    // The same answer, apart from the ids and keys of the rows.
    const shape = (b: Record<string, unknown>) => JSON.parse(JSON.stringify(b).replace(/"(id|postId|postTargetId|idempotencyKey)":"[^"]*"/g, '"$1":"…"'));
    expect(shape(tool.data)).toEqual(shape(rest.body));
    expect(tool.data.tasks).toHaveLength(2);
    expect(tool.data.tasks[0].scheduledAt).toBe("2026-03-04T09:30:00.000Z");

    const [fromRest, fromTool] = [await postRows(rest.body.postId), await postRows(tool.data.postId)];
    expect(fromTool).toEqual(fromRest);
    expect(fromTool.tasks.map((t) => [t.platform, t.status])).toEqual([["bluesky", "pending"], ["mastodon", "pending"]]);
    expect(fromTool.targets.find((t) => t.platform === "mastodon")?.textOverride).toBe("Rye loaves are back on Wednesday #bread");
  });

  it("publishes now when no time is given, after the response, as the REST route does", async () => {
    const { workspace, key } = await workspaceWithKey("Now Bakery");
    const bsky = await simulatedAccount(workspace.id, "bluesky", { handle: "now.bsky.social" });
    const tool = await call(await connect(key), "schedule_post", { content: "Warm croissants right now", accountIds: [bsky.id] });
    expect(tool.isError, tool.text).toBe(false);
    expect(tool.data.tasks[0].scheduledAt).toBe(NOW.toISOString());
    expect(await runAfterResponseWork()).toBe(1);
    const post = await db().post.findUniqueOrThrow({ where: { id: tool.data.postId }, select: { status: true } });
    expect(post.status).toBe("published");
  });

  it("refuses invalid input as a tool error naming the field, and writes nothing", async () => {
    const { workspace, key } = await workspaceWithKey("Strict Bakery");
    const x = await simulatedAccount(workspace.id, "twitter", { handle: "strictbakery" });
    const client = await connect(key);
    const before = await rowsOf(workspace.id);

    const long = await call(client, "schedule_post", { content: "x".repeat(281), accountIds: [x.id], scheduledAt: LATER });
    expect(long.isError).toBe(true);
    expect(long.data.error.code).toBe("validation_failed");
    expect(long.data.error.fields).toEqual([expect.objectContaining({ path: "content", message: expect.stringMatching(/^twitter: .*280/) })]);
    expect(long.text).toMatch(/^The post does not fit every platform\.\ncontent: twitter: /);

    const unknown = await call(client, "schedule_post", { content: "Fresh bread", accountIds: ["acc_missing"], scheduledAt: LATER });
    expect([unknown.isError, unknown.data.error.code, unknown.text]).toEqual([true, "not_found", "Account not found: acc_missing."]);

    const schema = await call(client, "schedule_post", { content: "Fresh bread", accountIds: [x.id], scheduledAt: "next tuesday", colour: "red" });
    expect(schema.isError).toBe(true);
    expect(schema.data.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(["(body)", "scheduledAt"]);
    expect(schema.text).toContain("scheduledAt: Must be an ISO 8601 date-time");

    const nul = await call(client, "schedule_post", { content: "Fresh\u0000bread", accountIds: [x.id] });
    expect(nul.isError).toBe(true);
    expect(nul.data.error.fields).toEqual([{ path: "content", message: expect.stringContaining("NUL") }]);

    const engagement = await call(client, "schedule_post", { type: "collect_engagement", accountIds: [x.id], config: { platformPostId: "1" } });
    expect([engagement.isError, engagement.data.error.fields[0].path]).toEqual([true, "type"]);

    expect(await rowsOf(workspace.id)).toEqual(before);
  });

  it("applies the compliance gate: a word to avoid is refused with the REST API's findings, nothing written", async () => {
    const { workspace, key } = await workspaceWithKey("Gate Bakery");
    await db().workspace.update({ where: { id: workspace.id }, data: { brandVoice: { avoidWords: ["cheap"] } } });
    const bsky = await simulatedAccount(workspace.id, "bluesky", { handle: "gate.bsky.social" });
    const body = { accountIds: [bsky.id], content: "Cheap bread, guaranteed!", scheduledAt: LATER };
    const before = await rowsOf(workspace.id);
    const rest = await callRoute(scheduleRoute.POST, req("POST", "/api/agent/schedule", { key, body }));
    expect(rest.status).toBe(422);
    const tool = await call(await connect(key), "schedule_post", body);
    expect(tool.isError).toBe(true);
    // The REST body, apart from the id of the request it answered (when the route stamps one).
    const withoutRequestId = (b: Record<string, unknown>) => ({ ...b, error: { ...(b.error as object), requestId: undefined } });
    expect(withoutRequestId(tool.data)).toEqual(withoutRequestId(rest.body));
    expect(tool.data.error.details.findings).toEqual(rest.body.error.details.findings);
    expect(tool.data.error.code).toBe("compliance_failed");
    expect(tool.text).toBe(`The post breaks your brand's rules: "Cheap" is on your brand's list of words to avoid.`);
    expect(await rowsOf(workspace.id)).toEqual(before);
  });
});

describe("the post tools", () => {
  it("list_posts, get_post, edit_post, cancel_post and delete_post act on the key's workspace only", async () => {
    const a = await workspaceWithKey("Post Bakery");
    const b = await workspaceWithKey("Other Bakery");
    const bsky = await simulatedAccount(a.workspace.id, "bluesky", { handle: "post.bsky.social" });
    const theirs = await simulatedAccount(b.workspace.id, "bluesky", { handle: "other.bsky.social" });
    const client = await connect(a.key, "auto");
    const first = await call(client, "schedule_post", { content: "Monday bread", accountIds: [bsky.id], scheduledAt: LATER });
    const second = await call(client, "schedule_post", { content: "Tuesday bread", accountIds: [bsky.id], scheduledAt: "2026-03-05T10:30:00+01:00" });
    const other = await callRoute(scheduleRoute.POST, req("POST", "/api/agent/schedule", { key: b.key, body: { content: "Their bread", accountIds: [theirs.id], scheduledAt: LATER } }));
    expect(other.status).toBe(201);

    // The same page as GET /api/posts, and the cursor pages on.
    const page1 = await call(client, "list_posts", { status: ["scheduled"], limit: 1 });
    const rest = await callRoute(postsRoute.GET, req("GET", "/api/posts?status=scheduled&limit=1", { key: a.key }));
    expect(page1.data).toEqual(JSON.parse(JSON.stringify(rest.body)));
    expect(page1.data.posts.map((p: { id: string }) => p.id)).toEqual([second.data.postId]);
    const page2 = await call(client, "list_posts", { status: ["scheduled"], limit: 1, cursor: page1.data.nextCursor });
    expect([page2.data.posts.map((p: { id: string }) => p.id), page2.data.nextCursor]).toEqual([[first.data.postId], null]);
    const bad = await call(client, "list_posts", { status: ["lost"], limit: 500 });
    expect(bad.data.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(["limit", "status.0"]);

    const got = await call(client, "get_post", { id: first.data.postId });
    expect([got.isError, got.data.post.text]).toEqual([false, "Monday bread"]);
    const foreign = await call(client, "get_post", { id: other.body.postId });
    expect([foreign.isError, foreign.data.error.code, foreign.text]).toEqual([true, "not_found", "Post not found."]);

    const edited = await call(client, "edit_post", { id: first.data.postId, content: "Monday rye" });
    expect(edited.isError, edited.text).toBe(false);
    expect(edited.data.post.text).toBe("Monday rye");
    expect((await db().agentTask.findFirstOrThrow({ where: { postTarget: { postId: first.data.postId } } })).content).toBe("Monday rye");
    // The audit log keeps it as it keeps PATCH /api/posts/:id, with the key as the actor.
    const keyRow = await db().apiKey.findFirstOrThrow({ where: { workspaceId: a.workspace.id } });
    expect(await db().auditEvent.findMany({ where: { workspaceId: a.workspace.id, action: "post.edited" }, select: { actorType: true, actorId: true, targetId: true, detail: true } })).toEqual([
      { actorType: "api_key", actorId: keyRow.id, targetId: first.data.postId, detail: { fields: ["content"] } },
    ]);
    const badEdit = await call(client, "edit_post", { id: first.data.postId, scheduledAt: "soon" });
    expect([badEdit.isError, badEdit.data.error.fields.map((f: { path: string }) => f.path)]).toEqual([true, ["scheduledAt"]]);
    expect(badEdit.text).toMatch(/^The request is invalid\.\nscheduledAt: /);
    const noId = await call(client, "edit_post", { content: "x" });
    expect(noId.data.error.fields.map((f: { path: string }) => f.path)).toEqual(["id"]);
    expect((await call(client, "edit_post", { id: other.body.postId, content: "Mine now" })).data.error.code).toBe("not_found");

    const cancelled = await call(client, "cancel_post", { id: first.data.postId });
    expect(cancelled.data.post.status).toBe("cancelled");
    expect(await db().agentTask.count({ where: { postTarget: { postId: first.data.postId }, status: "cancelled" } })).toBe(1);
    expect((await call(client, "cancel_post", { id: other.body.postId })).data.error.code).toBe("not_found");

    expect((await call(client, "delete_post", { id: second.data.postId })).data).toEqual({ success: true, deleted: second.data.postId });
    expect(await db().post.count({ where: { id: second.data.postId } })).toBe(0);
    expect(await db().auditEvent.count({ where: { workspaceId: a.workspace.id, action: "post.deleted", targetId: second.data.postId, actorType: "api_key" } })).toBe(1);
    expect((await call(client, "delete_post", { id: other.body.postId })).data.error.code).toBe("not_found");
    // B's post is untouched by all of it.
    expect(await db().post.findUniqueOrThrow({ where: { id: other.body.postId }, select: { text: true, status: true } })).toEqual({ text: "Their bread", status: "scheduled" });
  });

  it("get_analytics answers GET /api/analytics's body for a range and refuses a bad one by field", async () => {
    const { workspace, key } = await workspaceWithKey("Count Bakery");
    await simulatedAccount(workspace.id, "bluesky", { handle: "count.bsky.social" });
    const client = await connect(key);
    const r = await call(client, "get_analytics", { from: "2026-02-01T00:00:00Z", to: "2026-03-01T00:00:00Z", interval: "week" });
    expect(r.isError, r.text).toBe(false);
    expect(r.data.range).toEqual({ from: "2026-02-01T00:00:00.000Z", to: "2026-03-01T00:00:00.000Z", interval: "week", timeZone: "Europe/Berlin" });
    expect(r.data.totals).toMatchObject({ targets: 0, posts: 0 });
    const bad = await call(client, "get_analytics", { interval: "hour", format: "csv" });
    expect(bad.isError).toBe(true);
    expect(bad.data.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(["(body)", "interval"]);
  });
});

describe("the inbox tools", () => {
  /** A workspace with a simulated account and two collected replies (one a complaint). */
  async function inboxWorkspace(name: string) {
    const w = await workspaceWithKey(name);
    const account = await simulatedAccount(w.workspace.id, "mastodon", { handle: `${name.split(" ")[0].toLowerCase()}@example.social` });
    const at = (min: number) => new Date(NOW.getTime() - min * 60_000);
    const stored = await storeCollected(db(), account, [
      { remoteId: `${account.id}-1`, kind: "reply", authorHandle: "fan@example.social", text: "Lovely loaves, thank you!", remoteCreatedAt: at(30), simulated: true },
      { remoteId: `${account.id}-2`, kind: "mention", authorHandle: "cross@example.social", text: "This is broken, I want a refund", remoteCreatedAt: at(10), simulated: true },
    ], [], at(5));
    const [praise, complaint] = stored.inserted;
    return { ...w, account, praise, complaint };
  }

  it("list_inbox, get_inbox_item and update_inbox_item answer as the REST routes do, on the key's workspace only", async () => {
    const a = await inboxWorkspace("Inbox Bakery");
    const b = await inboxWorkspace("Other Inbox Bakery");
    const client = await connect(a.key, "auto");

    const all = await call(client, "list_inbox");
    const rest = await callRoute(inboxRoute.GET, req("GET", "/api/inbox", { key: a.key }));
    expect(all.isError, all.text).toBe(false);
    expect(all.data).toEqual(JSON.parse(JSON.stringify(rest.body)));
    expect([all.data.items.map((i: { id: string }) => i.id), all.data.unread]).toEqual([[a.complaint, a.praise], 2]);
    const negative = await call(client, "list_inbox", { sentiment: "negative", limit: 1 });
    expect(negative.data.items.map((i: { id: string }) => i.id)).toEqual([a.complaint]);
    const bad = await call(client, "list_inbox", { sentiment: "angry", limit: 500 });
    expect([bad.isError, bad.data.error.fields.map((f: { path: string }) => f.path).sort()]).toEqual([true, ["limit", "sentiment"]]);
    // An API key is nobody: "assigned to me" is refused as on GET /api/inbox.
    const mine = await call(client, "list_inbox", { assigned: "me" });
    expect([mine.isError, mine.data.error.code]).toEqual([true, "bad_request"]);
    expect((await call(client, "list_inbox", { cursor: b.praise })).data.error.code).toBe("bad_request");

    const got = await call(client, "get_inbox_item", { id: a.praise });
    const restGot = await callRoute(inboxItemRoute.GET, req("GET", `/api/inbox/${a.praise}`, { key: a.key }), { id: a.praise });
    expect(got.data).toEqual(JSON.parse(JSON.stringify(restGot.body)));
    expect(got.data.item.text).toBe("Lovely loaves, thank you!");
    expect(got.data.history.map((h: { action: string }) => h.action)).toEqual(["collected"]);
    const foreign = await call(client, "get_inbox_item", { id: b.praise });
    expect([foreign.isError, foreign.data.error.code, foreign.text]).toEqual([true, "not_found", "No such inbox item in this workspace."]);

    const done = await call(client, "update_inbox_item", { id: a.complaint, status: "done" });
    expect(done.isError, done.text).toBe(false);
    expect(done.data.item).toMatchObject({ id: a.complaint, status: "done" });
    expect(await db().inboxEvent.findMany({ where: { itemId: a.complaint, action: "done" }, select: { actorType: true, actorUserId: true } })).toEqual([{ actorType: "api_key", actorUserId: null }]);
    const badStatus = await call(client, "update_inbox_item", { id: a.praise, status: "gone" });
    expect([badStatus.isError, badStatus.data.error.fields.map((f: { path: string }) => f.path)]).toEqual([true, ["status"]]);
    expect(badStatus.text).toMatch(/^The request is invalid\.\nstatus: /);
    const nothing = await call(client, "update_inbox_item", { id: a.praise });
    expect(nothing.isError).toBe(true);
    expect(nothing.data.error.fields.map((f: { path: string }) => f.path)).toEqual(["(body)"]);
    expect((await call(client, "update_inbox_item", { status: "done" })).data.error.fields.map((f: { path: string }) => f.path)).toEqual(["id"]);
    const notMember = await call(client, "update_inbox_item", { id: a.praise, assignedToUserId: "user_nobody" });
    expect(notMember.data.error.fields.map((f: { path: string }) => f.path)).toEqual(["assignedToUserId"]);
    expect((await call(client, "update_inbox_item", { id: b.complaint, status: "done" })).data.error.code).toBe("not_found");
    expect((await db().inboxItem.findUniqueOrThrow({ where: { id: b.complaint } })).status).toBe("open");
    expect((await call(client, "list_inbox")).data.unread).toBe(1);
  });

  it("reply_to_inbox_item sends one answer per idempotency key, as POST /api/inbox/:id/reply does, and the thread shows it", async () => {
    const a = await inboxWorkspace("Answer Bakery");
    const b = await inboxWorkspace("Foreign Answer Bakery");
    const client = await connect(a.key);
    const first = await call(client, "reply_to_inbox_item", { id: a.praise, text: "Thank you, see you Saturday!", idempotencyKey: "mcp-answer-0001" });
    expect(first.isError, first.text).toBe(false);
    expect(first.data).toMatchObject({ success: true, created: true, task: { id: expect.any(String), status: "pending" } });
    const again = await call(client, "reply_to_inbox_item", { id: a.praise, text: "Thank you, see you Saturday!", idempotencyKey: "mcp-answer-0001" });
    expect([again.data.created, again.data.task.id]).toEqual([false, first.data.task.id]);
    expect(await db().agentTask.count({ where: { workspaceId: a.workspace.id, type: "reply" } })).toBe(1);
    // Sent right after the response, as the REST route does; the answer joins the thread.
    await runAfterResponseWork();
    expect((await db().agentTask.findUniqueOrThrow({ where: { id: first.data.task.id } })).status).toBe("completed");
    const thread = await call(client, "get_inbox_item", { id: a.praise });
    expect(thread.data.thread.filter((t: { outgoing: boolean }) => t.outgoing).map((t: { text: string }) => t.text)).toEqual(["Thank you, see you Saturday!"]);
    expect(thread.data.history.map((h: { action: string; actorType: string }) => [h.action, h.actorType])).toEqual(expect.arrayContaining([["reply_queued", "api_key"]]));

    const empty = await call(client, "reply_to_inbox_item", { id: a.complaint, text: "  ", idempotencyKey: "bad key!" });
    expect([empty.isError, empty.data.error.fields.map((f: { path: string }) => f.path).sort()]).toEqual([true, ["idempotencyKey", "text"]]);
    const foreign = await call(client, "reply_to_inbox_item", { id: b.praise, text: "Mine now" });
    expect([foreign.isError, foreign.data.error.code]).toEqual([true, "not_found"]);
    expect(await db().agentTask.count({ where: { workspaceId: b.workspace.id, type: "reply" } })).toBe(0);
  });

  it("a viewer reads the inbox but is refused answering and changing it, as on the REST routes", async () => {
    const a = await inboxWorkspace("Viewer Inbox Bakery");
    // API keys act as admins; a caller with the viewer role, through the SDK's own client in memory.
    const server = heraldMcpServer({ workspaceId: a.workspace.id, role: "viewer", actor: { type: "api_key", apiKeyId: "viewer-key" }, req: new Request("http://localhost/api/mcp") });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: "herald-test", version: "1.0.0" });
    await client.connect(clientSide);
    clients.push(client);

    expect((await call(client, "list_inbox")).data.items).toHaveLength(2);
    expect((await call(client, "get_inbox_item", { id: a.praise })).data.item.id).toBe(a.praise);
    const reply = await call(client, "reply_to_inbox_item", { id: a.praise, text: "Thanks!" });
    expect([reply.isError, reply.data.error.code, reply.data.error.details]).toEqual([true, "forbidden", { reason: "role", requiredRole: "editor", role: "viewer" }]);
    const update = await call(client, "update_inbox_item", { id: a.praise, status: "done" });
    expect([update.isError, update.data.error.code]).toEqual([true, "forbidden"]);
    expect(await db().agentTask.count({ where: { workspaceId: a.workspace.id, type: "reply" } })).toBe(0);
    expect((await db().inboxItem.findUniqueOrThrow({ where: { id: a.praise } })).status).toBe("open");
  });
});

describe("authentication", () => {
  it("answers 401 with a JSON error without a key, with a wrong one and with a revoked one", async () => {
    const { workspace, key } = await workspaceWithKey("Locked Bakery");
    const spare = await createApiKey(workspace.id, "spare");
    const init = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } } };
    const post = (headers: Record<string, string>) =>
      fetch(`${base}/api/mcp`, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers }, body: JSON.stringify(init) });

    // The same key works first, so each 401 below is the key's doing; the answer carries the
    // request id and the key's rate-limit figures, as every API answer does.
    const fine = await post({ authorization: `Bearer ${spare.key}` });
    expect(fine.status).toBe(200);
    expect(fine.headers.get("x-request-id")).toMatch(/^req_/);
    expect(Number(fine.headers.get("x-ratelimit-limit"))).toBeGreaterThan(0);
    await revokeApiKey(workspace.id, spare.id);
    for (const [what, headers] of [
      ["no key", {}],
      ["a wrong key", { authorization: "Bearer hk_not-a-key" }],
      ["a revoked key", { authorization: `Bearer ${spare.key}` }],
      ["a key in another scheme", { authorization: `Basic ${key}` }],
    ] as const) {
      const res = await post(headers);
      expect(res.status, what).toBe(401);
      expect(res.headers.get("www-authenticate"), what).toBe('Bearer realm="Herald"');
      expect((await res.json()).error.code, what).toBe("unauthorized");
    }
    // The SDK's client fails to connect.
    await expect(connect(null)).rejects.toThrow();
    await expect(connect(spare.key, "auto")).rejects.toThrow();
  });

  it("counts against the key's rate limit: over it, 429 with Retry-After and nothing run", async () => {
    const saved = process.env.API_RATE_LIMIT_PER_MINUTE;
    process.env.API_RATE_LIMIT_PER_MINUTE = "2";
    resetEnvCache();
    try {
      const { workspace, key } = await workspaceWithKey("Busy Bakery");
      const bsky = await simulatedAccount(workspace.id, "bluesky", { handle: "busy.bsky.social" });
      const client = await connect(key); // the 2025 handshake: initialize and its notification, two requests
      await expect(call(client, "schedule_post", { content: "One too many", accountIds: [bsky.id], scheduledAt: LATER })).rejects.toThrow();
      const res = await fetch(`${base}/api/mcp`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: "{}" });
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(res.headers.get("x-ratelimit-remaining")).toBe("0");
      expect((await res.json()).error.code).toBe("rate_limited");
      expect(await db().post.count({ where: { workspaceId: workspace.id } })).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.API_RATE_LIMIT_PER_MINUTE;
      else process.env.API_RATE_LIMIT_PER_MINUTE = saved;
      resetEnvCache();
    }
  });

  it("answers 405 to GET (no session stream: the server keeps nothing between requests)", async () => {
    const { key } = await workspaceWithKey("Stateless Bakery");
    const res = await fetch(`${base}/api/mcp`, { headers: { authorization: `Bearer ${key}`, accept: "text/event-stream" } });
    expect(res.status).toBe(405);
  });
});
