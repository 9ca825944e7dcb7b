// The OpenAPI document (lib/openapi/; docs/decisions.md, "OpenAPI"):
// 1. every route × method under app/api is in it, and every operation in it is a route file's
//    exported method — a new route fails here until it is documented;
// 2. every request-body example in it is accepted by its real route handler (on this file's
//    database, with a real workspace, API key and session): no 400 or 422 refusal, no 5xx;
// 3. it is valid OpenAPI 3.1 (@seriousme/openapi-schema-validator), its $refs resolve, and
//    GET /api/openapi.json serves it to anyone, cacheable; errors have the shape it describes.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as openapiRoute from "../../app/api/openapi.json/route";
import * as scheduleRoute from "../../app/api/agent/schedule/route";
import * as settingsRoute from "../../app/api/workspace/settings/route";
import * as activeRoute from "../../app/api/workspaces/active/route";
import * as workspacesRoute from "../../app/api/workspaces/route";
import { createApiKey } from "../../lib/auth/api-keys";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { createMediaAsset } from "../../lib/media/assets";
import { ErrorBody, openApiDocument } from "../../lib/openapi/document";
import { EXAMPLE_IDS, EXAMPLE_URLS } from "../../lib/openapi/examples";
import { signatureOf } from "../../lib/social/meta/webhook";
import { createWebhookEndpoint } from "../../lib/webhooks";
import { browserReq, type Jar, signUp } from "../support/auth";
import { req, simulatedAccount } from "../support/factories";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";
import { API_DIR, json, routeFiles } from "../support/routes";

const WHATSAPP_SECRET = "openapi-test-app-secret";
process.env.WHATSAPP_APP_SECRET = WHATSAPP_SECRET;
process.env.WHATSAPP_VERIFY_TOKEN = "openapi-test-verify";
const META_SECRET = "openapi-test-meta-secret";
process.env.META_APP_SECRET = META_SECRET;
process.env.INSTAGRAM_WEBHOOK_VERIFY_TOKEN = "openapi-test-ig-verify";
// The AI agent simulates without a model: no network, deterministic.
delete process.env.OPENAI_API_KEY;
resetEnvCache();

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Handler = (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is read as plain JSON
type Json = any;

// ---------------------------------------------------------------------------------------------
// Routes on disk and paths in the document

interface RouteFile {
  file: string;
  segments: string[];
}

const routesOnDisk = (): RouteFile[] => routeFiles().map((file) => ({ file, segments: file.replace(/\/?route\.ts$/, "").split("/").filter(Boolean) }));

/**
 * Matches a document path ("/api/posts/{id}", "/api/settings/live", "/api/auth/sign-in/email")
 * against a route file's segments the way Next's router would: [x] takes one segment (a
 * document's {x} must use the same name), [...x] the rest. The params the handler would get.
 */
function match(route: RouteFile, docPath: string): Record<string, string> | null {
  const parts = docPath.replace(/^\/api\//, "").split("/").filter(Boolean);
  const params: Record<string, string> = {};
  for (let i = 0; i < route.segments.length; i++) {
    const seg = route.segments[i];
    const part = parts[i];
    if (part === undefined) return null;
    const catchAll = /^\[\.\.\.(\w+)\]$/.exec(seg);
    if (catchAll) {
      params[catchAll[1]] = parts.slice(i).join("/");
      return params;
    }
    const dyn = /^\[(\w+)\]$/.exec(seg);
    const docParam = /^\{(\w+)\}$/.exec(part);
    if (dyn) {
      if (docParam && docParam[1] !== dyn[1]) return null;
      params[dyn[1]] = part;
    } else if (seg !== part) return null;
  }
  return parts.length === route.segments.length ? params : null;
}

/** The route file a document path lands on: like Next, literal segments win over dynamic ones. */
function routeFor(docPath: string, routes: RouteFile[]): { route: RouteFile; params: Record<string, string> } | null {
  const rank = (r: RouteFile) => r.segments.map((s) => (s.startsWith("[...") ? 0 : s.startsWith("[") ? 1 : 2));
  let best: { route: RouteFile; params: Record<string, string> } | null = null;
  for (const route of routes) {
    const params = match(route, docPath);
    if (!params) continue;
    if (!best) best = { route, params };
    else {
      const a = rank(route);
      const b = rank(best.route);
      const i = a.findIndex((v, k) => v !== b[k]);
      if (i >= 0 && a[i] > b[i]) best = { route, params };
    }
  }
  return best;
}

async function exportedMethods(file: string): Promise<Record<string, Handler>> {
  const mod = (await import(path.join(API_DIR, file))) as Record<string, unknown>;
  return Object.fromEntries(METHODS.filter((m) => typeof mod[m] === "function").map((m) => [m, mod[m] as Handler]));
}

function operations(doc: Json): { method: string; path: string; op: Json }[] {
  return Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(([p, item]) =>
    Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path: p, op })),
  );
}

describe("coverage: the document and the routes under app/api", () => {
  it("documents every route × method, and documents nothing that is not a route", async () => {
    const doc = openApiDocument();
    const routes = routesOnDisk();
    expect(routes.length).toBeGreaterThan(60);
    const documented = new Set<string>();
    const noRoute: string[] = [];
    for (const { method, path: p } of operations(doc)) {
      const found = routeFor(p, routes);
      if (!found) {
        noRoute.push(`${method} ${p}: no route file`);
        continue;
      }
      const methods = await exportedMethods(found.route.file);
      if (!methods[method]) noRoute.push(`${method} ${p}: ${found.route.file} exports no ${method}`);
      documented.add(`${method} ${found.route.file}`);
    }
    const undocumented: string[] = [];
    for (const route of routes) {
      for (const method of Object.keys(await exportedMethods(route.file))) {
        if (!documented.has(`${method} ${route.file}`)) undocumented.push(`${method} /api/${route.segments.join("/")}`);
      }
    }
    expect(noRoute, "operations in lib/openapi/operations.ts without a route").toEqual([]);
    expect(undocumented, "routes missing from lib/openapi/operations.ts").toEqual([]);
  });

  it("lands each document path on the route Next would serve it from", () => {
    const routes = routesOnDisk();
    expect(routeFor("/api/agent/tasks/stats", routes)?.route.file).toBe("agent/tasks/stats/route.ts");
    expect(routeFor("/api/agent/tasks/{id}", routes)?.route.file).toBe("agent/tasks/[id]/route.ts");
    expect(routeFor("/api/settings/live", routes)).toEqual({ route: expect.objectContaining({ file: "settings/[section]/route.ts" }), params: { section: "live" } });
    expect(routeFor("/api/auth/sign-in/email", routes)?.params).toEqual({ all: "sign-in/email" });
    expect(routeFor("/api/posts/{postId}", routes)).toBeNull(); // the route reads params.id
    expect(routeFor("/api/nowhere", routes)).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// Every example, sent to its route

interface Seed {
  jar: Jar;
  key: string;
  ids: Record<string, string>;
  urls: Record<string, string>;
}
let s: Seed;
let mastodon: FixtureServer;
let images: Server;

beforeAll(async () => {
  // The Mastodon server an OAuth start registers an app with, and a host with a picture to import.
  mastodon = await startFixtureServer();
  mastodon.on("POST", "/api/v1/apps", () => ({ json: { client_id: "cid", client_secret: "csecret" } }));
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#c8914a" } }).png().toBuffer();
  images = createServer((_, res) => res.writeHead(200, { "content-type": "image/png", "content-length": png.length }).end(png));
  await new Promise<void>((resolve) => images.listen(0, "127.0.0.1", resolve));

  const owner = await signUp("owner@cornerbakery.example");
  const created = await workspacesRoute.POST(browserReq("POST", "/api/workspaces", { jar: owner.jar, body: { name: "Corner Bakery", timeZone: "Europe/Berlin" } }));
  owner.jar.take(created);
  const workspaceId = (await json(created)).workspace.id as string;
  const key = (await createApiKey(workspaceId, "openapi examples")).key;

  const bluesky = await simulatedAccount(workspaceId, "bluesky", { handle: "cornerbakery-bsky" });
  const mastodonAccount = await simulatedAccount(workspaceId, "mastodon", { handle: "cornerbakery@mastodon" });
  const whatsapp = await simulatedAccount(workspaceId, "whatsapp", { handle: "cornerbakery-wa" });
  const media = await createMediaAsset(workspaceId, { data: png, filename: "loaf.png" });
  const campaign = await db().campaign.create({ data: { workspaceId, name: "Weekend specials", brief: "" } });
  const list = await db().recipientList.create({ data: { workspaceId, name: "Regulars" } });
  const recipient = await db().recipient.create({ data: { workspaceId, phone: "447911000001", optInSource: "till", optInAt: new Date("2026-11-01T09:00:00Z"), optedOutAt: new Date("2026-11-20T09:00:00Z") } });

  // A feed the examples change, and the RSS document the follow example reads (lib/feeds.ts).
  mastodon.on("GET", /^\/(feed|seeded)\.xml$/, () => ({ headers: { "content-type": "application/rss+xml" }, text: '<?xml version="1.0"?><rss version="2.0"><channel><title>Corner Bakery blog</title><item><title>Rye is back</title><link>https://cornerbakery.example/rye</link><guid>rye</guid></item></channel></rss>' }));
  const feed = await db().feed.create({ data: { workspaceId, url: `${mastodon.url}/seeded.xml`, accountIds: [bluesky.id], template: "{title} {link}", updatedAt: new Date("2026-12-01T09:00:00Z") } });
  const { endpoint } = await createWebhookEndpoint(db(), workspaceId, { url: "https://hooks.cornerbakery.example/seed", events: ["post.failed"] }, new Date("2026-12-01T09:00:00Z"));

  const schedule = async (body: Record<string, unknown>, caller: { key?: string; jar?: Jar } = { key }) => {
    const r = await scheduleRoute.POST(caller.jar ? browserReq("POST", "/api/agent/schedule", { jar: caller.jar, body }) : req("POST", "/api/agent/schedule", { key: caller.key, body }));
    const out = await json(r);
    expect(r.status, JSON.stringify(out)).toBe(201);
    // A post waiting for approval has no task yet.
    const task = out.task ? await db().agentTask.findUniqueOrThrow({ where: { id: out.task.id } }) : null;
    return { postId: out.postId as string, taskId: task?.id ?? "", targetId: task?.postTargetId ?? "" };
  };
  const scheduled = await schedule({ accountIds: [bluesky.id], content: "Sourdough on Saturday", scheduledAt: "2031-05-15T09:00:00Z" });
  const review = await schedule({ accountIds: [bluesky.id], content: "Is this live?", scheduledAt: "2031-05-14T09:00:00Z" });
  await db().agentTask.update({ where: { id: review.taskId }, data: { status: "needs_review", lastError: "in doubt" } });
  await db().postTarget.update({ where: { id: review.targetId }, data: { status: "needs_review" } });

  // A post waiting for approval: an editor's, in a workspace that requires it.
  expect((await settingsRoute.PATCH(req("PATCH", "/api/workspace/settings", { key, body: { requireApproval: true } }))).status).toBe(200);
  const editor = await signUp("editor@cornerbakery.example");
  await db().membership.create({ data: { workspaceId, userId: editor.user.id, role: "editor" } });
  expect((await activeRoute.POST(browserReq("POST", "/api/workspaces/active", { jar: editor.jar, body: { workspaceId } }))).status).toBe(200);
  const pending = await schedule({ accountIds: [bluesky.id], content: "Rye is back", scheduledAt: "2031-05-16T09:00:00Z" }, { jar: editor.jar });
  expect((await settingsRoute.PATCH(req("PATCH", "/api/workspace/settings", { key, body: { requireApproval: false, postingSlots: [{ weekday: 5, time: "09:00" }, { weekday: 6, time: "08:30" }] } }))).status).toBe(200);

  s = {
    jar: owner.jar,
    key,
    ids: {
      accountId: bluesky.id,
      accountId2: mastodonAccount.id,
      whatsappAccountId: whatsapp.id,
      postId: scheduled.postId,
      pendingPostId: pending.postId,
      reviewPostId: review.postId,
      targetId: review.targetId,
      taskId: scheduled.taskId,
      mediaId: media.id,
      campaignId: campaign.id,
      listId: list.id,
      recipientId: recipient.id,
      webhookEndpointId: endpoint.id,
      feedId: feed.id,
      // POST /api/workspaces makes a new workspace active; the switch example goes back to this one.
      workspaceId,
    },
    urls: { media: `http://127.0.0.1:${(images.address() as AddressInfo).port}`, mastodon: mastodon.url, feeds: mastodon.url },
  };
});

afterAll(async () => {
  await mastodon?.close();
  await new Promise((resolve) => images?.close(resolve));
});

/** The example with its placeholder ids and hosts swapped for the seeded rows and local servers. */
function real<T>(value: T): T {
  let text = JSON.stringify(value);
  for (const [name, placeholder] of Object.entries(EXAMPLE_IDS)) if (s.ids[name]) text = text.split(placeholder).join(s.ids[name]);
  for (const [name, placeholder] of Object.entries(EXAMPLE_URLS)) text = text.split(placeholder).join(s.urls[name]);
  return JSON.parse(text) as T;
}

function requestFor(op: Json, method: string, url: string, contentType: string, body: unknown): Request {
  const headers: Record<string, string> = { "content-type": contentType };
  const raw = contentType === "application/json" ? JSON.stringify(body) : String(body);
  switch (op["x-herald-auth"]) {
    case "workspace":
    case "apiKey":
      headers.authorization = `Bearer ${s.key}`;
      break;
    case "session":
      // As the dashboard sends it: the session cookie and the same-origin Origin header.
      return new Request(browserReq(method, url, { jar: s.jar, headers }), { body: raw });
    case "whatsapp":
      headers["x-hub-signature-256"] = signatureOf(new TextEncoder().encode(raw), WHATSAPP_SECRET);
      break;
    case "metaApp":
      headers["x-hub-signature-256"] = signatureOf(new TextEncoder().encode(raw), META_SECRET);
      break;
    case "public":
      return new Request(browserReq(method, url, { headers }), { body: raw });
    default:
      throw new Error(`No caller for auth ${op["x-herald-auth"]}`);
  }
  return new Request(`http://localhost${url}`, { method, headers, body: raw });
}

describe("examples: each one is accepted by its route", () => {
  it("sends every request-body example to the real handler: never a 400/422 refusal or a 5xx", { timeout: 180_000 }, async () => {
    const doc = openApiDocument();
    const routes = routesOnDisk();
    const refused: string[] = [];
    const missing: string[] = [];
    let sent = 0;
    for (const { method, path: p, op } of operations(doc)) {
      if (!op.requestBody) continue;
      const examples = Object.entries(op.requestBody.content as Record<string, Json>).flatMap(([type, media]) =>
        Object.values((media.examples ?? {}) as Record<string, Json>).map((e) => ({ type, summary: e.summary as string, value: e.value })),
      );
      if (examples.length === 0) missing.push(`${method} ${p}`);
      for (const example of examples) {
        // Path parameters from their documented examples, then the seeded rows for the placeholders.
        const url = real(p.replace(/\{(\w+)\}/g, (_, name: string) => (op.parameters as Json[]).find((x) => x.in === "path" && x.name === name).example));
        const found = routeFor(url, routes);
        if (!found) throw new Error(`${method} ${url}: no route`);
        const handler = (await exportedMethods(found.route.file))[method];
        const res = await handler(requestFor(op, method, url, example.type, real(example.value)), { params: Promise.resolve(found.params) });
        sent++;
        const out = await json(res);
        if (res.status === 400 || res.status === 422 || res.status >= 500) {
          refused.push(`${method} ${p} "${example.summary}": ${res.status} ${JSON.stringify(out).slice(0, 400)}`);
        }
      }
    }
    expect(missing, "operations with a body but no example").toEqual([]);
    expect(refused).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(40);
  });
});

// ---------------------------------------------------------------------------------------------
// The document itself

function refsIn(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, out));
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

describe("the document", () => {
  it("is valid OpenAPI 3.1, every $ref resolves, operation ids are unique", async () => {
    const doc = openApiDocument() as Json;
    expect(doc.openapi).toBe("3.1.0");
    const result = await new Validator().validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);

    for (const ref of new Set(refsIn(doc))) {
      const target = ref.replace(/^#\//, "").split("/").reduce((n: Json, k) => n?.[k], doc);
      expect(target, ref).toBeDefined();
    }
    const ids = operations(doc).map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { method, path: p, op } of operations(doc)) {
      const declared = ((op.parameters ?? []) as Json[]).filter((x) => x.in === "path").map((x) => x.name).sort();
      expect(declared, `${method} ${p}`).toEqual([...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
      expect(op.summary, `${method} ${p}`).toBeTruthy();
      expect(op.security, `${method} ${p}`).toBeDefined();
    }
  });

  it("takes bodies and queries from the routes' own zod schemas", () => {
    const doc = openApiDocument() as Json;
    const schedule = doc.components.schemas.ScheduleTaskInput;
    expect(schedule.additionalProperties).toBe(false);
    expect(Object.keys(schedule.properties)).toEqual(expect.arrayContaining(["accountIds", "content", "scheduledAt", "config", "recurrence", "idempotencyKey"]));
    expect(doc.paths["/api/agent/schedule"].post.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/ScheduleTaskInput" });
    const status = doc.paths["/api/posts"].get.parameters.find((x: Json) => x.name === "status");
    expect([status.in, status.schema.type, status.style, status.explode]).toEqual(["query", "array", "form", false]);
    expect(doc.paths["/api/agent/process"].get.security).toEqual([{ cronSecret: [] }]);
    expect(doc.paths["/api/health"].get.security).toEqual([]);
  });

  it("is served at GET /api/openapi.json to anyone, cacheable", async () => {
    // No credentials at all.
    const res = await (openapiRoute.GET as unknown as Handler)(new Request("http://localhost/api/openapi.json"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it("describes the errors routes really answer with", async () => {
    const invalid = await scheduleRoute.POST(req("POST", "/api/agent/schedule", { key: s.key, body: { accountIds: [], content: 5 } }));
    const invalidBody = await json(invalid);
    expect(invalid.status).toBe(400);
    expect(ErrorBody.safeParse(invalidBody).error?.issues ?? []).toEqual([]);
    expect(invalidBody.error.fields.length).toBeGreaterThan(0);
    const anonymous = await scheduleRoute.POST(req("POST", "/api/agent/schedule", { body: {} }));
    expect(anonymous.status).toBe(401);
    expect(ErrorBody.safeParse(await json(anonymous)).success).toBe(true);
    const doc = openApiDocument() as Json;
    expect(doc.paths["/api/agent/schedule"].post.responses["400"]).toEqual({ $ref: "#/components/responses/Error400" });
  });
});
