// Link previews (docs/decisions.md, "Link previews"): the card parser, and GET /api/link-preview
// against pages on a local fixture server (reached through the guarded fetch's test allow-list):
// a found card, the cache (a second call does not refetch), "no preview" answers, refused addresses.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as route from "../../app/api/link-preview/route";
import { resetClock, setClock } from "../../lib/clock";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { NO_PREVIEW_TTL_MS, normalizeUrl, parsePreview, PREVIEW_TTL_MS } from "../../lib/link-preview";
import { req, workspaceWithKey } from "../support/factories";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";

const PAGE = "https://cornerbakery.example/blog/rye";

describe("parsePreview", () => {
  it("reads og:* tags, decodes entities and resolves a relative image against the page", () => {
    const html = `<!doctype html><html><head>
      <title>Ignored &amp; plain</title>
      <meta property="og:title" content="Rye &amp; Spelt &#8211; back on Saturday">
      <meta property="og:description" content="Baked at 5 &lt;am&gt;, gone by noon.">
      <meta property="og:image" content="/img/rye.jpg">
      <meta property="og:site_name" content="Corner Bakery">
      <meta name="twitter:title" content="Twitter title">
    </head><body></body></html>`;
    expect(parsePreview(html, PAGE)).toEqual({
      url: PAGE,
      title: "Rye & Spelt – back on Saturday",
      description: "Baked at 5 <am>, gone by noon.",
      image: "https://cornerbakery.example/img/rye.jpg",
      siteName: "Corner Bakery",
    });
  });

  it("falls back to twitter:* tags, then to <title> and meta description; <base href> resolves images", () => {
    const twitter = `<head><base href="https://cdn.cornerbakery.example/assets/"><meta name="twitter:title" content="Twitter card">
      <meta name="twitter:description" content="From the card"><meta name="twitter:image" content="loaf.png"></head>`;
    expect(parsePreview(twitter, PAGE)).toMatchObject({ title: "Twitter card", description: "From the card", image: "https://cdn.cornerbakery.example/assets/loaf.png", siteName: null });
    const plain = `<HEAD><TITLE>  Opening hours
      &mdash; Corner Bakery </TITLE><META NAME="Description" CONTENT="Mon&ndash;Sat 7&ndash;18"></HEAD>`;
    expect(parsePreview(plain, PAGE)).toEqual({ url: PAGE, title: "Opening hours — Corner Bakery", description: "Mon–Sat 7–18", image: null, siteName: null });
  });

  it("has no card without a title, drops non-http images and bounds long fields", () => {
    expect(parsePreview(`<head><meta name="description" content="only this"></head>`, PAGE)).toBeNull();
    const long = parsePreview(`<title>${"a".repeat(1000)}</title><meta property="og:image" content="javascript:alert(1)">`, PAGE)!;
    expect(long.title).toHaveLength(300);
    expect(long.title.endsWith("…")).toBe(true);
    expect(long.image).toBeNull();
  });

  it("normalizes the cache key: lower-case host, no default port, no fragment", () => {
    expect(normalizeUrl("HTTPS://CornerBakery.Example:443/Blog?a=1#top")).toBe("https://cornerbakery.example/Blog?a=1");
  });
});

describe("GET /api/link-preview", () => {
  let site: FixtureServer;
  let key: string;
  let workspaceId: string;
  const ask = (url: string, k = key) => route.GET(req("GET", `/api/link-preview?url=${encodeURIComponent(url)}`, { key: k }), { params: Promise.resolve({}) });
  const pageHits = (path: string) => site.requests.filter((r) => r.path === path).length;

  beforeAll(async () => {
    site = await startFixtureServer();
    site.on("GET", "/rye", () => ({
      headers: { "content-type": "text/html; charset=utf-8" },
      text: `<html><head><meta property="og:title" content="Rye is back"><meta property="og:description" content="Saturday only"><meta property="og:image" content="/rye.jpg"><meta property="og:site_name" content="Corner Bakery"></head></html>`,
    }));
    site.on("GET", "/bare", () => ({ headers: { "content-type": "text/html" }, text: "<html><body>nothing here</body></html>" }));
    site.on("GET", "/data.json", () => ({ json: { title: "not a page" } }));
    site.on("GET", "/slow", () => ({ headers: { "content-type": "text/html" }, text: "<title>late</title>", delayMs: 7000 }));
    const ws = await workspaceWithKey("Preview Bakery");
    key = ws.key;
    workspaceId = ws.workspace.id;
  });

  afterEach(() => resetClock());
  afterAll(() => site.close());

  it("answers the page's card, and a second call within the TTL comes from the cache", async () => {
    setClock(new Date("2031-03-01T09:00:00Z"));
    const res = await ask(`${site.url}/rye#section`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      success: true,
      preview: { url: `${site.url}/rye`, title: "Rye is back", description: "Saturday only", image: `${site.url}/rye.jpg`, siteName: "Corner Bakery" },
    });
    expect(pageHits("/rye")).toBe(1);
    const again = await (await ask(`${site.url}/rye`)).json();
    expect(again.preview.title).toBe("Rye is back");
    expect(pageHits("/rye")).toBe(1);
    const row = await db().linkPreview.findUniqueOrThrow({ where: { workspaceId_url: { workspaceId, url: `${site.url}/rye` } } });
    expect(row.expiresAt.getTime() - row.fetchedAt.getTime()).toBe(PREVIEW_TTL_MS);

    // After the TTL the page is read again.
    setClock(new Date(Date.parse("2031-03-01T09:00:00Z") + PREVIEW_TTL_MS + 1000));
    await ask(`${site.url}/rye`);
    expect(pageHits("/rye")).toBe(2);
  });

  it("keeps each workspace's cache to itself", async () => {
    const other = await workspaceWithKey("Other Preview Bakery");
    const before = pageHits("/rye");
    await ask(`${site.url}/rye`, other.key);
    expect(pageHits("/rye")).toBe(before + 1);
    expect(await db().linkPreview.count({ where: { workspaceId: other.workspace.id } })).toBe(1);
  });

  it("says 'no preview' with a reason for a page without a card, a non-HTML answer, an error status and a timeout", { timeout: 20_000 }, async () => {
    setClock(new Date("2031-03-02T09:00:00Z"));
    const reasons: Record<string, string> = {};
    for (const path of ["/bare", "/data.json", "/missing", "/slow"]) {
      const res = await ask(`${site.url}${path}`);
      expect(res.status, path).toBe(200);
      const body = await res.json();
      expect(body.preview, path).toBeNull();
      reasons[path] = body.reason;
    }
    expect(reasons).toEqual({ "/bare": "no_metadata", "/data.json": "not_html", "/missing": "http_error", "/slow": "timeout" });
    // "No preview" is cached too, for less time: asking again does not refetch.
    await ask(`${site.url}/bare`);
    expect(pageHits("/bare")).toBe(1);
    const row = await db().linkPreview.findUniqueOrThrow({ where: { workspaceId_url: { workspaceId, url: `${site.url}/bare` } } });
    expect(row.expiresAt.getTime() - row.fetchedAt.getTime()).toBe(NO_PREVIEW_TTL_MS);
  });

  it("refuses what is not a public http(s) URL with a 400 naming url, and never fetches it", async () => {
    const saved = process.env.HERALD_FETCH_ALLOW_HOSTS;
    process.env.HERALD_FETCH_ALLOW_HOSTS = "";
    resetEnvCache();
    // A key of its own: the earlier tests moved the clock to 2031, and the rate limiter remembers.
    const fresh = (await workspaceWithKey("Refusing Bakery")).key;
    try {
      const before = site.requests.length;
      for (const bad of ["ftp://cornerbakery.example/x", "javascript:alert(1)", "not a url", "", `${site.url}/rye`, "http://169.254.169.254/latest/meta-data", "https://user:pw@cornerbakery.example/"]) {
        const res = await ask(bad, fresh);
        const body = await res.json();
        expect(res.status, bad).toBe(400);
        expect(body.error.fields?.[0]?.path, bad).toBe("url");
        expect(JSON.stringify(body)).not.toContain("pw@");
      }
      expect(site.requests.length).toBe(before);
    } finally {
      process.env.HERALD_FETCH_ALLOW_HOSTS = saved;
      resetEnvCache();
    }
  });

  it("needs a workspace caller", async () => {
    const res = await route.GET(req("GET", `/api/link-preview?url=${encodeURIComponent(`${site.url}/rye`)}`), { params: Promise.resolve({}) });
    expect(res.status).toBe(401);
  });
});
