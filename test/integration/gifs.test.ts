// GIF search through Herald's server (docs/decisions.md, "GIF search") against a local server
// playing GIPHY: the key, query and rating it is sent; the compact answer; readable errors for
// every way GIPHY can fail; "not configured" without a key; and a chosen GIF stored as the
// caller's workspace's media, looked up again by id on the server.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as clientConfigRoute from "@/app/api/client-config/route";
import * as gifsRoute from "@/app/api/gifs/route";
import * as gifMediaRoute from "@/app/api/gifs/media/route";
import * as oneMedia from "@/app/api/media/[id]/route";
import * as mediaRoute from "@/app/api/media/route";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { params, req, workspaceWithKey } from "../support/factories";
import { GIPHY_TEST_KEY, startGiphyFixture, type GiphyFixture } from "../support/giphy-fixture";
import { json } from "../support/routes";

const MEDIA_DIR = mkdtempSync(path.join(tmpdir(), "herald-gifs-"));
let giphy: GiphyFixture;
let a: { id: string; key: string };
let b: { id: string; key: string };

function configure(extra: Record<string, string | undefined> = {}) {
  delete process.env.SUPABASE_URL;
  delete process.env.SUPABASE_SERVICE_ROLE_KEY;
  Object.assign(process.env, {
    MEDIA_DIR,
    PUBLIC_BASE_URL: "https://herald.test",
    UPLOAD_MAX_BYTES: String(5 * 1024 * 1024),
    GIPHY_API_KEY: GIPHY_TEST_KEY,
    GIPHY_API_URL: giphy.server.url,
    GIPHY_RATING: "g",
  });
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
}

beforeAll(async () => {
  giphy = await startGiphyFixture();
  const wa = await workspaceWithKey("Corner Bakery");
  const wb = await workspaceWithKey("Birch Books");
  a = { id: wa.workspace.id, key: wa.key };
  b = { id: wb.workspace.id, key: wb.key };
});
afterAll(async () => {
  await giphy?.server.close();
  rmSync(MEDIA_DIR, { recursive: true, force: true });
});
beforeEach(() => {
  configure();
  giphy.server.reset();
});

const search = async (query: string, key = a.key) => {
  const res = await gifsRoute.GET(req("GET", `/api/gifs${query}`, { key }));
  return { status: res.status, body: await json(res) };
};
const insert = async (body: unknown, key = a.key) => {
  const res = await gifMediaRoute.POST(req("POST", "/api/gifs/media", { key, body }));
  return { status: res.status, body: await json(res) };
};
const providerRequests = (p: string | RegExp) => giphy.server.requests.filter((r) => (typeof p === "string" ? r.path === p : p.test(r.path)));

describe("GET /api/gifs", () => {
  it("asks GIPHY with the key, query, rating and offset, and answers a compact list without the key", async () => {
    const r = await search("?q=bread&offset=0");
    expect(r.status).toBe(200);
    expect(r.body.gifs).toEqual([
      {
        id: giphy.ids[1],
        title: "Fresh Bread GIF",
        previewUrl: `${giphy.server.url}/media/${giphy.ids[1]}/200w.gif`,
        width: 200,
        height: 150,
        attribution: { provider: "GIPHY", username: null, pageUrl: `https://giphy.com/gifs/${giphy.ids[1]}` },
      },
    ]);
    expect(r.body.nextOffset).toBeNull();
    expect(r.body.attribution).toBe("Powered by GIPHY");
    const text = JSON.stringify(r.body);
    expect(text).not.toContain(GIPHY_TEST_KEY);
    expect(text).not.toContain("analytics");

    const [sent] = providerRequests("/v1/gifs/search");
    expect(Object.fromEntries(sent.query)).toMatchObject({ api_key: GIPHY_TEST_KEY, q: "bread", rating: "g", offset: "0", limit: "24" });
  });

  it("passes the configured rating and the offset on, and says where the next page starts", async () => {
    configure({ GIPHY_RATING: "pg" });
    const r = await search("?q=bakery");
    expect(r.status).toBe(200);
    expect(r.body.gifs.map((g: { id: string }) => g.id)).toEqual(giphy.ids);
    expect(r.body.nextOffset).toBeNull();
    const next = await search("?q=bakery&offset=1");
    expect(next.body.gifs.map((g: { id: string }) => g.id)).toEqual([giphy.ids[1]]);
    expect(providerRequests("/v1/gifs/search").map((x) => [x.query.get("rating"), x.query.get("offset")])).toEqual([["pg", "0"], ["pg", "1"]]);
  });

  it("says GIF search is not configured without a key, asks nobody, and client-config hides the button", async () => {
    const on = await json(await clientConfigRoute.GET(req("GET", "/api/client-config", { key: a.key })));
    expect(on.config.gifs).toEqual({ enabled: true });

    configure({ GIPHY_API_KEY: undefined });
    const r = await search("?q=bread");
    expect(r.status).toBe(404);
    expect(r.body.error.message).toMatch(/GIF search is not configured/);
    const i = await insert({ id: giphy.ids[0] });
    expect(i.status).toBe(404);
    expect(giphy.server.requests).toEqual([]);
    const off = await json(await clientConfigRoute.GET(req("GET", "/api/client-config", { key: a.key })));
    expect(off.config.gifs).toEqual({ enabled: false });
  });

  it.each([
    ["a rate limit", { status: 429, json: { meta: { status: 429, msg: "Too Many Requests" } } }, 429, /limiting requests/],
    ["a refused key", { status: 401, json: { meta: { status: 401, msg: "Unauthorized" } } }, 503, /did not accept this Herald's API key/],
    ["a server error", { status: 500, text: "oops" }, 502, /GIPHY answered HTTP 500/],
    ["a reset connection", { reset: true }, 502, /Could not reach GIPHY/],
    ["something that is not JSON", { status: 200, text: "<html>" }, 502, /not JSON/],
    ["a synthetic (outage) answer", { json: { data: [], meta: { status: 200, msg: "OK", response_id: "" } } }, 503, /having trouble/],
  ])("answers %s with a readable %i, never a stack", async (_what, response, status, message) => {
    giphy.server.once("GET", "/v1/gifs/search", response);
    const r = await search("?q=bread");
    expect(r.status).toBe(status);
    expect(r.body.error.message).toMatch(message);
    const text = JSON.stringify(r.body);
    expect(text).not.toMatch(/\bat .+\.ts:\d+/);
    expect(text).not.toContain(GIPHY_TEST_KEY);
  });

  it.each([
    ["no query", "", "q"],
    ["a blank query", "?q=%20%20", "q"],
    ["a query of 51 characters", `?q=${"a".repeat(51)}`, "q"],
    ["a negative offset", "?q=bread&offset=-1", "offset"],
    ["an offset that is not a number", "?q=bread&offset=two", "offset"],
    ["an unknown parameter", "?q=bread&api_key=mine", ""],
  ])("refuses %s with a 400 naming the field", async (_what, query, field) => {
    const r = await search(query);
    expect(r.status).toBe(400);
    if (field) expect(r.body.error.fields.map((f: { path: string }) => f.path)).toContain(field);
    expect(giphy.server.requests).toEqual([]);
  });

  it("needs a caller of a workspace", async () => {
    const res = await gifsRoute.GET(req("GET", "/api/gifs?q=bread"));
    expect(res.status).toBe(401);
    expect(giphy.server.requests).toEqual([]);
  });
});

describe("POST /api/gifs/media", () => {
  it("looks the GIF up by id, downloads GIPHY's file and stores it as the caller's media with its source", async () => {
    const r = await insert({ id: giphy.ids[0] });
    expect(r.status).toBe(201);
    expect(r.body.media).toMatchObject({ kind: "gif", mime: "image/gif", width: 40, height: 30, altText: "Birthday Cake GIF by Corner Bakery (via GIPHY, by @cornerbakery)" });
    const row = await db().mediaAsset.findUniqueOrThrow({ where: { id: r.body.media.id } });
    expect(row.workspaceId).toBe(a.id);
    expect(existsSync(path.join(MEDIA_DIR, row.storageKey))).toBe(true);
    expect((await sharp(path.join(MEDIA_DIR, row.storageKey), { animated: true }).metadata()).pages).toBe(3);

    const [lookup] = providerRequests(`/v1/gifs/${giphy.ids[0]}`);
    expect(lookup.query.get("api_key")).toBe(GIPHY_TEST_KEY);
    expect(lookup.query.get("rating")).toBe("g");
    expect(providerRequests(/^\/media\//).map((x) => x.path)).toEqual([`/media/${giphy.ids[0]}/giphy.gif`]);

    // Listed with the workspace's other media, attachable like an upload.
    const list = await json(await mediaRoute.GET(req("GET", "/api/media", { key: a.key })));
    expect(list.media.map((m: { id: string }) => m.id)).toContain(row.id);
  });

  it("keeps the caller's own description, still with the source", async () => {
    const r = await insert({ id: giphy.ids[1], altText: "A loaf coming out of the oven" });
    expect(r.status).toBe(201);
    expect(r.body.media.altText).toBe("A loaf coming out of the oven (via GIPHY)");
  });

  it("stores a GIF another workspace inserts in that workspace only", async () => {
    const mine = await insert({ id: giphy.ids[0] });
    const theirs = await insert({ id: giphy.ids[0] }, b.key);
    expect(theirs.status).toBe(201);
    expect(theirs.body.media.id).not.toBe(mine.body.media.id);
    expect((await db().mediaAsset.findUniqueOrThrow({ where: { id: theirs.body.media.id } })).workspaceId).toBe(b.id);
    // B cannot read or list A's GIF.
    const probe = await oneMedia.GET(req("GET", `/api/media/${mine.body.media.id}`, { key: b.key }), params({ id: mine.body.media.id }));
    expect(probe.status).toBe(404);
    const listB = await json(await mediaRoute.GET(req("GET", "/api/media", { key: b.key })));
    expect(listB.media.map((m: { id: string }) => m.id)).not.toContain(mine.body.media.id);
  });

  it("answers 404 for an id GIPHY does not know, and stores nothing", async () => {
    const before = await db().mediaAsset.count();
    const r = await insert({ id: "NoSuchGif123" });
    expect(r.status).toBe(404);
    expect(r.body.error.message).toMatch(/no GIF with that id/);
    expect(await db().mediaAsset.count()).toBe(before);
  });

  it("keeps the upload limit: a GIF larger than it is refused with a 413", async () => {
    configure({ UPLOAD_MAX_BYTES: "100" });
    const before = await db().mediaAsset.count();
    const r = await insert({ id: giphy.ids[0] });
    expect(r.status).toBe(413);
    expect(await db().mediaAsset.count()).toBe(before);
  });

  it("answers a file that is not a picture with a 502 naming GIPHY, not the caller", async () => {
    giphy.server.once("GET", /^\/media\//, { headers: { "content-type": "image/gif" }, text: "not a gif at all" });
    const r = await insert({ id: giphy.ids[0] });
    expect(r.status).toBe(502);
    expect(r.body.error.message).toMatch(/GIPHY's file for that GIF was not accepted/);
  });

  it.each([
    ["a URL instead of an id", { id: "https://evil.example/x.gif" }],
    ["a path", { id: "../../v1/gifs/search" }],
    ["a URL field", { id: "abc", url: "http://127.0.0.1/x.gif" }],
    ["no id", {}],
    ["an id that is not text", { id: 42 }],
  ])("refuses %s with a 400 and asks GIPHY nothing", async (_what, body) => {
    const r = await insert(body);
    expect(r.status).toBe(400);
    expect(giphy.server.requests).toEqual([]);
  });
});
