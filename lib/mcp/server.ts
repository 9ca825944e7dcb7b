// The MCP server for AI agents (POST /api/mcp; docs/decisions.md, "MCP"). Stateless: every HTTP
// request gets a fresh McpServer from the SDK's createMcpHandler, bound to the workspace of the
// request's API key, so nothing is kept between requests (serverless). Each tool calls the same
// lib function its REST route calls, parses its arguments with that route's zod schema after the
// same NUL check readJson makes, and answers with that route's JSON body; a refusal (validation,
// role, compliance gate, not found) is a tool error carrying the REST error body, never a
// protocol error or a 500.
import { createMcpHandler, McpServer, type CallToolResult, type StandardSchemaWithJSON } from "@modelcontextprotocol/server";
import { z } from "zod";
import { listAccounts } from "../accounts";
import { analytics, AnalyticsQuery } from "../analytics";
import { API_KEY_ROLE, MAX_BODY_BYTES, type Actor } from "../api/handler";
import { assertNoNul } from "../api/input";
import { authenticateApiKey, rateLimited, rateLimitHeaders, type RateLimitState } from "../auth/api-keys";
import { auditFromRoute } from "../audit";
import { hasRole, withArticle, type Role } from "../auth/roles";
import { db } from "../db";
import { HeraldError, toErrorBody, toErrorResponse } from "../errors";
import { processDueAfterResponse } from "../agent-scheduler";
import { clock } from "../clock";
import { queueInboxReply } from "../inbox/answer";
import { getInboxThread, listInbox, updateInboxItem } from "../inbox/queries";
import { getPost, listPosts } from "../posts";
import { cancelPost, deletePost, editPost } from "../posting/edit";
import { scheduleAndAnswer } from "../posting/schedule-answer";
import { EditPostInput, ListPostsQuery } from "../validation/posts";
import { InboxReplyInput, ListInboxQuery, UpdateInboxItemInput } from "../validation/inbox";
import { ScheduleTaskInput } from "../validation/tasks";

/** Who the tools act for: the key's workspace, with the role API keys have on the REST API. */
export interface McpCaller {
  workspaceId: string;
  role: Role;
  actor: Actor;
  /** The HTTP request (the audit log keeps its address). */
  req: Request;
}

const Id = z.string().min(1).max(100);
const PostRef = z.object({ id: Id }).strict();
const NoArgs = z.object({}).strict();
const AnalyticsArgs = AnalyticsQuery.omit({ format: true });

type JsonSchema = Record<string, unknown>;

/**
 * What the SDK advertises in tools/list: the route schema's own JSON Schema (zod's), with
 * `extra` properties merged in. Validation is left to the tool (see `run`), so errors read as the
 * REST API's; the SDK's own check would answer with a different text and no field list.
 */
function advertised(schema: z.ZodType, extra?: { properties: JsonSchema; required: string[] }): StandardSchemaWithJSON {
  const base = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema & { properties?: JsonSchema; required?: string[] };
  delete base.$schema;
  const json: JsonSchema = extra
    ? { ...base, properties: { ...extra.properties, ...base.properties }, required: [...extra.required, ...(base.required ?? [])] }
    : base;
  return {
    "~standard": {
      version: 1,
      vendor: "herald",
      validate: (value: unknown) => ({ value }),
      jsonSchema: { input: () => json, output: () => json },
    },
  };
}

function ok(body: unknown): CallToolResult {
  // The REST body as Response.json would send it (dates as ISO strings).
  const data = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  return { content: [{ type: "text", text: JSON.stringify(data) }], structuredContent: data };
}

/** A refusal as a tool error: the message and each field on its own line, and the REST error body. */
export function toolError(err: unknown): CallToolResult {
  const { body } = toErrorBody(err);
  const e = body.error as { message: string; fields?: { path: string; message: string }[] };
  const lines = [e.message, ...(e.fields ?? []).map((f) => `${f.path}: ${f.message}`)];
  return { isError: true, content: [{ type: "text", text: lines.join("\n") }], structuredContent: body };
}

function needRole(caller: McpCaller, min: Role) {
  if (!hasRole(caller.role, min)) {
    throw new HeraldError("forbidden", `This needs the ${min} role or higher; you are ${withArticle(caller.role)} in this workspace.`, {
      details: { reason: "role", requiredRole: min, role: caller.role },
    });
  }
}

/** Arguments through the route's checks (a NUL anywhere, then its schema), the tool, or its error. */
async function run<S extends z.ZodType>(
  caller: McpCaller,
  minRole: Role,
  schema: S,
  args: unknown,
  tool: (input: z.infer<S>) => Promise<unknown>,
): Promise<CallToolResult> {
  try {
    needRole(caller, minRole);
    const raw = args ?? {};
    assertNoNul(raw);
    return ok(await tool(schema.parse(raw)));
  } catch (err) {
    return toolError(err);
  }
}

const ID_PROPERTY = { properties: { id: { type: "string", minLength: 1, maxLength: 100, description: "The post's id." } }, required: ["id"] };
const ITEM_ID_PROPERTY = { properties: { id: { type: "string", minLength: 1, maxLength: 100, description: "The inbox item's id (from list_inbox)." } }, required: ["id"] };
const ItemRef = z.object({ id: Id }).strict();

/** A tool whose arguments are a route's body plus the path's id: the body checked by the route's schema, its errors named as the route names them. */
function withId<S extends z.ZodType>(caller: McpCaller, minRole: Role, body: S, args: unknown, tool: (id: string, input: z.infer<S>) => Promise<unknown>) {
  const { id, ...changes } = (args ?? {}) as Record<string, unknown>;
  return run(caller, minRole, z.object({ id: Id, changes: body }), { id, changes }, (input) => {
    const { id: itemId, changes: parsed } = input as { id: string; changes: z.infer<S> };
    return tool(itemId, parsed);
  }).then(unnestChanges);
}

/** One server for one request, acting for `caller`. */
export function heraldMcpServer(caller: McpCaller): McpServer {
  const { workspaceId } = caller;
  const server = new McpServer(
    { name: "herald", title: "Herald", version: "1.0.0" },
    { instructions: "Herald schedules and publishes social-media posts for one workspace (the API key's). Tools take the same fields as Herald's REST API and answer with its JSON bodies." },
  );

  server.registerTool(
    "list_accounts",
    {
      title: "List social accounts",
      description: "The workspace's connected social accounts (id, platform, handle, status). Use the ids as accountIds when scheduling. Same as GET /api/accounts.",
      inputSchema: advertised(NoArgs),
      annotations: { readOnlyHint: true },
    },
    (args) => run(caller, "viewer", NoArgs, args, async () => ({ success: true, accounts: await listAccounts(db(), workspaceId) })),
  );

  server.registerTool(
    "schedule_post",
    {
      title: "Schedule a post",
      description:
        "Schedules a post, or publishes it now when scheduledAt is left out; the body of POST /api/agent/schedule. " +
        "content is the text; choose where with accountIds (from list_accounts) or platforms; scheduledAt is ISO 8601 " +
        "(with an offset, or local time in the workspace's zone); media: config.media [{url,type}] or config.mediaIds " +
        "(uploads); config.overrides gives per-network text. Each network's limits and the brand's rules (the compliance gate) are checked first; " +
        "a refusal names the field and writes nothing. idempotencyKey makes a retried call safe.",
      inputSchema: advertised(ScheduleTaskInput),
    },
    (args) =>
      run(caller, "editor", ScheduleTaskInput, args, async (input) => {
        if (input.type !== "social_post") {
          throw new HeraldError("validation_failed", "The request is invalid.", {
            fields: [{ path: "type", message: "schedule_post schedules posts: leave type out (or give social_post)." }],
          });
        }
        return (await scheduleAndAnswer(workspaceId, input, caller)).body;
      }),
  );

  server.registerTool(
    "list_posts",
    {
      title: "List posts",
      description:
        "The workspace's posts with their targets, newest first: filter by status (draft, scheduled, publishing, published, partially_published, failed, cancelled), " +
        "platform and scheduled time (from, to); limit (1–100, default 25); pass nextCursor back as cursor for the next page. Same as GET /api/posts.",
      inputSchema: advertised(ListPostsQuery),
      annotations: { readOnlyHint: true },
    },
    (args) => run(caller, "viewer", ListPostsQuery, args, async (q) => ({ success: true, ...(await listPosts(workspaceId, q)) })),
  );

  server.registerTool(
    "get_post",
    {
      title: "Get a post",
      description: "One post with its targets: status per network, permalink, error. Same as GET /api/posts/:id.",
      inputSchema: advertised(PostRef),
      annotations: { readOnlyHint: true },
    },
    (args) => run(caller, "viewer", PostRef, args, async ({ id }) => ({ success: true, post: await getPost(workspaceId, id) })),
  );

  server.registerTool(
    "edit_post",
    {
      title: "Edit a post",
      description:
        "Changes a draft, a post awaiting approval or a scheduled post nothing of which has started publishing: give its id and any of content, accountIds, scheduledAt, " +
        "config (replaces the whole config), campaignId. Same checks as PATCH /api/posts/:id (network limits, compliance gate).",
      inputSchema: advertised(EditPostInput, ID_PROPERTY),
    },
    (args) => {
      const { id, ...changes } = (args ?? {}) as Record<string, unknown>;
      return run(caller, "editor", z.object({ id: Id, changes: EditPostInput }), { id, changes }, async (input) => {
        const post = await editPost(db(), workspaceId, input.id, input.changes, caller);
        await auditFromRoute(caller, "post.edited", { target: { type: "post", id: input.id }, detail: { fields: Object.keys(input.changes) } });
        return { success: true, post };
      }).then(unnestChanges);
    },
  );

  server.registerTool(
    "cancel_post",
    {
      title: "Cancel a post",
      description: "Nothing more of this scheduled post is published; it stays in the list as cancelled. Same as POST /api/posts/:id/cancel.",
      inputSchema: advertised(PostRef),
      annotations: { destructiveHint: true },
    },
    (args) =>
      run(caller, "editor", PostRef, args, async ({ id }) => {
        const post = await cancelPost(workspaceId, id, caller.actor);
        await auditFromRoute(caller, "post.cancelled", { target: { type: "post", id } });
        return { success: true, post };
      }),
  );

  server.registerTool(
    "delete_post",
    {
      title: "Delete a post",
      description: "Forgets a post that is not being published right now (a published post stays on the networks). Same as DELETE /api/posts/:id.",
      inputSchema: advertised(PostRef),
      annotations: { destructiveHint: true },
    },
    (args) =>
      run(caller, "editor", PostRef, args, async ({ id }) => {
        await deletePost(workspaceId, id);
        await auditFromRoute(caller, "post.deleted", { target: { type: "post", id } });
        return { success: true, deleted: id };
      }),
  );

  server.registerTool(
    "get_analytics",
    {
      title: "Get analytics",
      description:
        "What published posts earned (likes, reposts, replies, impressions) in a range (from, to: ISO 8601 with offset; default the last 30 days, at most a year): " +
        "totals, a series by interval (day, week, month), per network, account and campaign, and the top posts. Filters: platform, accountId, campaignId. Same as GET /api/analytics.",
      inputSchema: advertised(AnalyticsArgs),
      annotations: { readOnlyHint: true },
    },
    (args) =>
      run(caller, "viewer", AnalyticsArgs, args, async (q) => ({ success: true, ...(await analytics(db(), workspaceId, { ...q, format: "json" })) })),
  );

  // The community inbox (docs/decisions.md, "Inbox"): the routes under /api/inbox. An API key is
  // nobody, so assigned=me is refused as on GET /api/inbox and history names the key as actor.
  const inboxActor = { userId: null };

  server.registerTool(
    "list_inbox",
    {
      title: "List the inbox",
      description:
        "Replies, comments and mentions collected from the workspace's accounts, newest first, and the open count: filter by network, account (id), post (our post's id), " +
        "unanswered (\"true\"), sentiment (positive, neutral, negative), status (open — the default —, done, hidden, all); limit (1–100, default 30); pass nextCursor back as cursor. Same as GET /api/inbox.",
      inputSchema: advertised(ListInboxQuery),
      annotations: { readOnlyHint: true },
    },
    (args) => run(caller, "viewer", ListInboxQuery, args, async (q) => ({ success: true, ...(await listInbox(db(), workspaceId, inboxActor, q)) })),
  );

  server.registerTool(
    "get_inbox_item",
    {
      title: "Get an inbox item",
      description: "One inbox item with the post of ours it answers, the conversation around it (oldest first, our answers included) and its history. Same as GET /api/inbox/:id.",
      inputSchema: advertised(ItemRef),
      annotations: { readOnlyHint: true },
    },
    (args) => run(caller, "viewer", ItemRef, args, async ({ id }) => ({ success: true, ...(await getInboxThread(db(), workspaceId, id)) })),
  );

  server.registerTool(
    "reply_to_inbox_item",
    {
      title: "Answer an inbox item",
      description:
        "Sends text as a reply to the item on its network, from the account that received it (queued and sent at once). The same answer twice is sent once; " +
        "give idempotencyKey to make a retried call safe. Same as POST /api/inbox/:id/reply.",
      inputSchema: advertised(InboxReplyInput, ITEM_ID_PROPERTY),
    },
    (args) =>
      withId(caller, "editor", InboxReplyInput, args, async (id, input) => {
        const now = clock.now();
        const { task, created } = await queueInboxReply(db(), workspaceId, id, inboxActor, input, now);
        processDueAfterResponse(workspaceId, [task], now);
        return { success: true, task, created };
      }),
  );

  server.registerTool(
    "update_inbox_item",
    {
      title: "Update an inbox item",
      description:
        "Marks the item done, open or hidden (status), or assigns it to a member (assignedToUserId; null unassigns); each change is kept in its history. Same as PATCH /api/inbox/:id.",
      inputSchema: advertised(UpdateInboxItemInput, ITEM_ID_PROPERTY),
    },
    (args) =>
      withId(caller, "editor", UpdateInboxItemInput, args, async (id, input) => ({
        success: true,
        item: await updateInboxItem(db(), workspaceId, id, inboxActor, input, clock.now()),
      })),
  );

  return server;
}

/** edit_post's fields are flat (as PATCH's body); its errors name them as PATCH does ("content", not "changes.content"). */
function unnestChanges(result: CallToolResult): CallToolResult {
  if (!result.isError) return result;
  const body = result.structuredContent as { error?: { fields?: { path: string; message: string }[] } } | undefined;
  const fields = body?.error?.fields;
  if (!fields) return result;
  for (const f of fields) f.path = f.path.replace(/^changes\.?/, "") || "(body)";
  const first = result.content[0];
  const message = first?.type === "text" ? first.text.split("\n")[0] : "";
  return { ...result, content: [{ type: "text", text: [message, ...fields.map((f) => `${f.path}: ${f.message}`)].join("\n") }] };
}

function bearerKey(req: Request): string | null {
  const h = req.headers.get("authorization");
  return h?.toLowerCase().startsWith("bearer ") ? h.slice(7).trim() || null : null;
}

const UNAUTHENTICATED = "Send a workspace API key as Authorization: Bearer <key> (Settings → API keys).";

const handler = createMcpHandler((ctx) => heraldMcpServer(ctx.authInfo?.extra?.caller as McpCaller), {
  maxRequestBodySize: MAX_BODY_BYTES,
});

/** Adds headers to a response (copying it when its headers are immutable). */
function withHeaders(res: Response, headers: Record<string, string>): Response {
  try {
    for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
    return res;
  } catch {
    const copy = new Response(res.body, res);
    for (const [k, v] of Object.entries(headers)) copy.headers.set(k, v);
    return copy;
  }
}

/**
 * POST /api/mcp: a workspace API key (401 without a valid one; its rate limit as on every API
 * route, with the X-RateLimit-* headers on every answer), then the SDK's handler for the request.
 * A client that states no Accept accepts anything (RFC 9110), so it gets what a Streamable HTTP
 * client asks for.
 */
export async function handleMcpRequest(req: Request): Promise<Response> {
  let rate: RateLimitState | null = null;
  const rated = (res: Response) => (rate ? withHeaders(res, rateLimitHeaders(rate)) : res);
  try {
    const key = bearerKey(req);
    if (!key) throw new HeraldError("unauthorized", UNAUTHENTICATED);
    const found = await authenticateApiKey(key);
    if (!found) throw new HeraldError("unauthorized", "Invalid or revoked API key.");
    rate = found.rate;
    if (rate?.retryAfterMs != null) throw rateLimited(rate);
    const caller: McpCaller = { workspaceId: found.workspaceId, role: API_KEY_ROLE, actor: { type: "api_key", apiKeyId: found.apiKeyId }, req };
    let request = req;
    const accept = req.headers.get("accept")?.trim();
    if (!accept || accept === "*/*") {
      const headers = new Headers(req.headers);
      headers.set("accept", "application/json, text/event-stream");
      request = new Request(req, { headers });
    }
    return rated(await handler.fetch(request, { authInfo: { token: "api_key", clientId: "api_key", scopes: [], extra: { caller } } }));
  } catch (err) {
    const res = toErrorResponse(err);
    if (res.status === 401) res.headers.set("www-authenticate", 'Bearer realm="Herald"');
    return rated(res);
  }
}
