// What reaches a route before its schema: no NUL characters (PostgreSQL's text type cannot store
// U+0000, so one that got through was a 500), and bodies limited in bytes, refused by their
// Content-Length before reading and while streaming, never buffered whole (lib/api/input.ts).
// The NUL walk discovers every app/api/**/route.ts at test time, like cross-workspace.test.ts.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as importRoute from "../../app/api/import/route";
import * as mediaRoute from "../../app/api/media/route";
import * as settingsRoute from "../../app/api/workspace/settings/route";
import * as workspacesRoute from "../../app/api/workspaces/route";
import * as authRoute from "../../app/api/auth/[...all]/route";
import { MAX_BODY_BYTES } from "../../lib/api/handler";
import { createApiKey } from "../../lib/auth/api-keys";
import { encryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { env, resetEnvCache } from "../../lib/env";
import { IMPORT_MAX_BYTES } from "../../lib/validation/import";
import { createMediaAsset } from "../../lib/media/assets";
import { browserReq, Jar, signUp } from "../support/auth";
import { req, simulatedAccount } from "../support/factories";
import { API_DIR, json, routeFiles, routePath } from "../support/routes";

const MEDIA_DIR = mkdtempSync(path.join(tmpdir(), "herald-hygiene-media-"));
process.env.MEDIA_DIR = MEDIA_DIR;
delete process.env.OPENAI_API_KEY;
resetEnvCache();
afterAll(() => rmSync(MEDIA_DIR, { recursive: true, force: true }));

const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"] as const;
type Handler = (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>;

interface Seed {
  jar: Jar;
  key: string;
  workspaceId: string;
  accountId: string;
  mediaId: string;
  apiKeyId: string;
  webhookEndpointId: string;
  inboxItemId: string;
  feedId: string;
}
let s: Seed;


beforeAll(async () => {
  const owner = await signUp("nul-owner@example.com");
  const res = await workspacesRoute.POST(browserReq("POST", "/api/workspaces", { jar: owner.jar, body: { name: "Nul Bakery", timeZone: "Europe/Berlin" } }));
  owner.jar.take(res);
  const out = await json(res);
  expect(res.status, JSON.stringify(out)).toBe(201);
  const workspaceId = out.workspace.id as string;
  const key = await createApiKey(workspaceId, "hygiene");
  // The walk sends DELETE /api/workspace/api-keys/:id too; it revokes this one, not the key above.
  const spare = await createApiKey(workspaceId, "spare");
  const account = await simulatedAccount(workspaceId, "bluesky", { handle: "nul-bakery" });
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#884422" } }).png().toBuffer();
  const media = await createMediaAsset(workspaceId, { data: png, filename: "a.png" });
  const hook = await db().webhookEndpoint.create({ data: { workspaceId, url: "https://nul-hooks.example/in", events: ["post.published"], secret: encryptJson("whsec_bnVsLWhvb2stc2VjcmV0LW51bC1ob29r"), updatedAt: new Date() } });
  const item = await db().inboxItem.create({ data: { workspaceId, accountId: account.id, platform: "bluesky", kind: "reply", remoteId: "nul-remote-1", authorHandle: "nul-fan", text: "Nul reply", remoteCreatedAt: new Date(), collectedAt: new Date() } });
  const feed = await db().feed.create({ data: { workspaceId, url: "https://nul-news.example/feed.xml", accountIds: [account.id], template: "{title}", updatedAt: new Date() } });
  s = { feedId: feed.id, jar: owner.jar, key: key.key, workspaceId, accountId: account.id, mediaId: media.id, apiKeyId: spare.id, webhookEndpointId: hook.id, inboxItemId: item.id };
});


/** Real ids for each dynamic segment, so a handler gets as far as it would for a real caller. */
function fill(route: string): { path: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const p = route.replace(/\[([^\]]+)\]/g, (_, name: string) => {
    const value =
      name === "platform" ? "mastodon"
      : name === "group" ? "nul-group"
      : name === "section" ? "live"
      : route.startsWith("/api/accounts/") ? s.accountId
      : route.startsWith("/api/media/") ? s.mediaId
      : route.startsWith("/api/workspace/api-keys/") ? s.apiKeyId
      : route.startsWith("/api/inbox/") ? s.inboxItemId
      : route.startsWith("/api/webhook-endpoints/") ? s.webhookEndpointId
      : route.startsWith("/api/feeds/") ? s.feedId
      : "does-not-exist";
    params[name] = value;
    return value;
  });
  return { path: p, params };
}

/** Bodies a real client might send, each with a NUL in one field, and the path the 400 must name. */
const REALISTIC: Record<string, () => { body: unknown; field: string }[]> = {
  "POST /api/accounts": () => [{ body: { platform: "bluesky", handle: "bad\u0000handle" }, field: "handle" }],
  "PATCH /api/accounts/[id]": () => [{ body: { displayName: "Nul\u0000Bakery" }, field: "displayName" }],
  "POST /api/agent/schedule": () => [
    { body: { accountIds: [s.accountId], content: "Fresh bread\u0000today" }, field: "content" },
    { body: { accountIds: [s.accountId], content: "Fresh bread", config: { overrides: { bluesky: "Bread\u0000" } } }, field: "config.overrides.bluesky" },
  ],
  "PATCH /api/workspace/settings": () => [{ body: { brandVoice: { avoidWords: ["cheap\u0000"] } }, field: "brandVoice.avoidWords.0" }],
  "POST /api/workspace/api-keys": () => [{ body: { name: "Zapier\u0000" }, field: "name" }],
  "POST /api/webhook-endpoints": () => [{ body: { url: "https://example.com/hook", description: "CRM\u0000", events: ["post.published"] }, field: "description" }],
  "PATCH /api/webhook-endpoints/[id]": () => [{ body: { url: "https://example.com/ho\u0000ok" }, field: "url" }],
  "POST /api/feeds": () => [{ body: { url: "https://example.com/feed.xml", accountIds: [s.accountId], template: "{title}\u0000" }, field: "template" }],
  "PATCH /api/feeds/[id]": () => [{ body: { template: "New: {title}\u0000" }, field: "template" }],
  "POST /api/workspaces": () => [{ body: { name: "Nul\u0000Two", timeZone: "UTC" }, field: "name" }],
  "POST /api/media": () => [{ body: { url: "https://example.com/a.png", altText: "A loaf\u0000" }, field: "altText" }],
  "PATCH /api/inbox/[id]": () => [{ body: { assignedToUserId: "nul\u0000user" }, field: "assignedToUserId" }],
  "POST /api/inbox/[id]/reply": () => [{ body: { text: "Thanks\u0000!" }, field: "text" }],
  "POST /api/posts/validate": () => [{ body: { accountIds: [s.accountId], content: "Validate\u0000me" }, field: "content" }],
};

/** The source of one exported handler (`export const POST = …` up to the next export). */
function handlerSource(src: string, method: string): string {
  const start = src.search(new RegExp(`export (const|async function) ${method}\\b`));
  if (start < 0) return src; // re-exported (export { handler as POST }): judge by the whole file
  const next = src.slice(start + 1).search(/\nexport /);
  return next < 0 ? src.slice(start) : src.slice(start, start + 1 + next);
}

/** The handler reads a JSON body through readJson. */
const readsJson = (src: string, method: string) => /readJson\(/.test(handlerSource(src, method));

describe("a NUL character in any string field is a 400 naming the field, never a 5xx", () => {
  it("walks every route that accepts a body, plus queries, path ids, multipart and Better Auth", async () => {
    let sent = 0;
    const fivexx: string[] = [];
    const wrong: string[] = [];
    const check = async (what: string, res: Response, field: string | null) => {
      sent++;
      const body = await json(res);
      if (res.status >= 500) fivexx.push(`${what}: ${res.status} ${JSON.stringify(body)}`);
      if (field === null) return;
      const fields: { path: string; message: string }[] = body?.error?.fields ?? [];
      const named = res.status === 400 && body.error.code === "validation_failed" && fields.some((f) => f.path === field && /NUL/.test(f.message));
      if (!named) wrong.push(`${what}: expected 400 naming ${field}, got ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    };

    const files = routeFiles();
    expect(files.length).toBeGreaterThan(40);
    let routesWithBody = 0;
    for (const file of files) {
      const route = routePath(file);
      if (route === "/api/auth/[...all]") continue; // Better Auth: below
      const src = readFileSync(path.join(API_DIR, file), "utf8");
      const mod = (await import(path.join(API_DIR, file))) as Record<string, Handler | undefined>;
      const cron = /withCron\(/.test(src);
      for (const method of WRITE_METHODS) {
        const handler = mod[method];
        if (!handler) continue;
        const key = `${method} ${route}`;
        const { path: p, params } = fill(route);
        const bodies = [...(REALISTIC[key]?.() ?? []), { body: { name: "nul\u0000name", probe: { list: ["ok", "x\u0000"] } }, field: "name" }];
        const reads = readsJson(src, method);
        if (reads) routesWithBody++;
        for (const { body, field } of bodies) {
          const r = cron
            ? req(method, p, { body, headers: { authorization: `Bearer ${process.env.CRON_SECRET}` } })
            : browserReq(method, p, { jar: s.jar, body });
          await check(key, await handler(r, { params: Promise.resolve(params) }), reads ? field : null);
        }
      }
      // Queries: every GET that validates its query refuses a NUL in any parameter.
      const get = mod.GET;
      if (get && /readQuery\(/.test(handlerSource(src, "GET"))) {
        const { path: p, params } = fill(route);
        const url = `${p}?cursor=abc%00def`;
        const r = cron ? req("GET", url, { headers: { authorization: `Bearer ${process.env.CRON_SECRET}` } }) : browserReq("GET", url, { jar: s.jar });
        await check(`GET ${route}?cursor=`, await get(r, { params: Promise.resolve(params) }), "cursor");
      }
    }
    expect(routesWithBody).toBeGreaterThanOrEqual(20);

    // A path id with a NUL (GET /api/posts/abc%00) would have reached PostgreSQL too.
    const postRoute = (await import(path.join(API_DIR, "posts/[id]/route.ts"))) as Record<string, Handler>;
    await check("GET /api/posts/[id]", await postRoute.GET(browserReq("GET", "/api/posts/abc%00", { jar: s.jar }), { params: Promise.resolve({ id: "abc\u0000" }) }), "id");

    // Multipart uploads: the alt text and the file's name.
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#123456" } }).png().toBuffer();
    const upload = (altText: string, filename: string) => {
      const form = new FormData();
      form.set("file", new File([new Uint8Array(png)], filename, { type: "image/png" }));
      form.set("altText", altText);
      return new Request("http://localhost/api/media", { method: "POST", headers: { authorization: `Bearer ${s.key}` }, body: form });
    };
    await check("POST /api/media (multipart altText)", await mediaRoute.POST(upload("A loaf\u0000", "loaf.png")), "altText");
    await check("POST /api/media (multipart file name)", await mediaRoute.POST(upload("A loaf", "lo\u0000af.png")), "file.name");

    // Better Auth's own endpoints (sign-up, sign-in, the organization plugin).
    const authBodies: [string, unknown][] = [
      ["/sign-up/email", { email: "nul-new@example.com", password: "correct horse battery", name: "Nul\u0000Name" }],
      ["/sign-in/email", { email: "nul-owner@example.com", password: "correct\u0000horse battery" }],
      ["/organization/invite-member", { email: "nul-invitee@example.com", role: "editor", organizationId: s.workspaceId, resend: false, teamId: "t\u0000" }],
      ["/update-user", { name: "Renamed\u0000" }],
    ];
    for (const [p, body] of authBodies) {
      sent++;
      const res = await authRoute.POST(browserReq("POST", `/api/auth${p}`, { jar: s.jar, body, headers: { "x-forwarded-for": "192.0.2.77" } }));
      const out = await json(res);
      if (res.status >= 500) fivexx.push(`POST /api/auth${p}: ${res.status} ${JSON.stringify(out)}`);
      if (res.status !== 400) wrong.push(`POST /api/auth${p}: expected 400, got ${res.status} ${JSON.stringify(out).slice(0, 200)}`);
    }
    expect(await db().user.count({ where: { email: "nul-new@example.com" } })).toBe(0);

    console.log(`NUL walk: ${sent} requests with a NUL sent (${routesWithBody} route×method reading JSON), ${fivexx.length} answered 5xx`);
    expect(fivexx).toEqual([]);
    expect(wrong).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(50);
  });
});

// ---------------------------------------------------------------------------------------------
// Body size: bytes, not characters; refused before or while reading.

/** A body that records how many bytes were pulled from it; `total` bytes in `chunk`-byte pieces. */
function meteredStream(total: number, chunk = 64 * 1024, fill = 0x20) {
  const meter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (meter.pulled >= total) return controller.close();
        const n = Math.min(chunk, total - meter.pulled);
        meter.pulled += n;
        controller.enqueue(new Uint8Array(n).fill(fill));
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, meter };
}

function streamReq(p: string, body: ReadableStream<Uint8Array>, headers: Record<string, string>, method = "POST") {
  return new Request(`http://localhost${p}`, {
    method,
    headers: { authorization: `Bearer ${s.key}`, ...headers },
    body,
    duplex: "half",
  } as RequestInit);
}

describe("request bodies are limited in bytes, before and while reading", () => {
  const CHUNK = 64 * 1024;

  it(`refuses a declared Content-Length over ${MAX_BODY_BYTES} bytes with 413 without reading the body`, async () => {
    const { stream, meter } = meteredStream(MAX_BODY_BYTES * 2);
    const res = await settingsRoute.PATCH(streamReq("/api/workspace/settings", stream, { "content-type": "application/json", "content-length": String(MAX_BODY_BYTES * 2) }, "PATCH"));
    const out = await json(res);
    expect([res.status, out.error.code]).toEqual([413, "payload_too_large"]);
    expect(meter.pulled).toBe(0);
  });

  it("cuts off a chunked body without Content-Length after at most the limit plus one chunk", async () => {
    const { stream, meter } = meteredStream(MAX_BODY_BYTES * 4, CHUNK);
    const res = await settingsRoute.PATCH(streamReq("/api/workspace/settings", stream, { "content-type": "application/json" }, "PATCH"));
    expect(res.status).toBe(413);
    expect(meter.pulled).toBeGreaterThan(MAX_BODY_BYTES);
    expect(meter.pulled).toBeLessThanOrEqual(MAX_BODY_BYTES + CHUNK);
    console.log(`chunked body: ${meter.pulled} of ${MAX_BODY_BYTES * 4} bytes read before the 413 (limit ${MAX_BODY_BYTES}, chunk ${CHUNK})`);
  });

  it("counts bytes, not characters: 600,000 two-byte characters (1.2 MB) are refused", async () => {
    const name = "é".repeat(600_000);
    const raw = JSON.stringify({ name });
    expect(raw.length).toBeLessThan(MAX_BODY_BYTES);
    expect(Buffer.byteLength(raw)).toBeGreaterThan(MAX_BODY_BYTES);
    const res = await settingsRoute.PATCH(req("PATCH", "/api/workspace/settings", { key: s.key, raw }));
    expect(res.status).toBe(413);
    expect((await db().workspace.findUniqueOrThrow({ where: { id: s.workspaceId } })).name).toBe("Nul Bakery");
  });

  it("accepts a body of exactly the limit's worth of bytes and refuses invalid UTF-8 with 400", async () => {
    // Exactly at the limit is read (and then refused by the schema, not by size).
    const raw = JSON.stringify({ name: "a".repeat(MAX_BODY_BYTES - 11) });
    expect(Buffer.byteLength(raw)).toBe(MAX_BODY_BYTES);
    expect((await settingsRoute.PATCH(req("PATCH", "/api/workspace/settings", { key: s.key, raw }))).status).toBe(400);

    const bytes = new Uint8Array([...Buffer.from('{"name":"bad '), 0xff, 0xfe, ...Buffer.from('"}')]);
    const res = await settingsRoute.PATCH(new Request("http://localhost/api/workspace/settings", {
      method: "PATCH",
      headers: { authorization: `Bearer ${s.key}`, "content-type": "application/json" },
      body: bytes,
    }));
    const out = await json(res);
    expect([res.status, out.error.code, out.error.message]).toEqual([400, "bad_request", "The body is not valid UTF-8."]);
    expect((await db().workspace.findUniqueOrThrow({ where: { id: s.workspaceId } })).name).toBe("Nul Bakery");
  });

  it("media upload (multipart) refuses by Content-Length without reading, and cuts a chunked one off", async () => {
    // Its own limit (UPLOAD_MAX_BYTES, here the default) plus room for the multipart framing.
    const over = env().UPLOAD_MAX_BYTES + 128 * 1024;
    const before = await db().mediaAsset.count({ where: { workspaceId: s.workspaceId } });
    const declared = meteredStream(over);
    const a = await mediaRoute.POST(streamReq("/api/media", declared.stream, { "content-type": "multipart/form-data; boundary=x", "content-length": String(over) }));
    expect(a.status).toBe(413);
    expect(declared.meter.pulled).toBe(0);
    const chunked = meteredStream(over, 1024 * 1024);
    const b = await mediaRoute.POST(streamReq("/api/media", chunked.stream, { "content-type": "multipart/form-data; boundary=x" }));
    expect(b.status).toBe(413);
    expect(chunked.meter.pulled).toBeLessThanOrEqual(env().UPLOAD_MAX_BYTES + 64 * 1024 + 1024 * 1024);
    expect(await db().mediaAsset.count({ where: { workspaceId: s.workspaceId } })).toBe(before);
  });

  it("CSV import refuses by Content-Length without reading, and cuts a chunked multipart body off", async () => {
    const declared = meteredStream(IMPORT_MAX_BYTES * 3);
    const a = await importRoute.POST(streamReq("/api/import", declared.stream, { "content-type": "text/csv", "content-length": String(IMPORT_MAX_BYTES * 3) }));
    expect(a.status).toBe(413);
    expect(declared.meter.pulled).toBe(0);

    const chunked = meteredStream(IMPORT_MAX_BYTES * 10, CHUNK);
    const b = await importRoute.POST(streamReq("/api/import", chunked.stream, { "content-type": "multipart/form-data; boundary=x" }));
    expect(b.status).toBe(413);
    expect(chunked.meter.pulled).toBeLessThanOrEqual(IMPORT_MAX_BYTES + 64_000 + CHUNK);

    const csv = meteredStream(IMPORT_MAX_BYTES * 10, CHUNK);
    const c = await importRoute.POST(streamReq("/api/import", csv.stream, { "content-type": "text/csv" }));
    expect(c.status).toBe(413);
    expect(csv.meter.pulled).toBeLessThanOrEqual(IMPORT_MAX_BYTES + CHUNK);
  });
});
