// A local server playing GIPHY's API (developers.giphy.com/docs/api/endpoint): search and get-by-id
// answer with GIPHY's documented shape (sizes as strings, meta, pagination), and the files its
// "images" point at are served by the same server. Tests set GIPHY_API_URL to its url.
import sharp from "sharp";
import { startFixtureServer, type FixtureServer } from "./fixture-server";

export const GIPHY_TEST_KEY = "giphy-test-key-0123";

export interface GiphyFixture {
  server: FixtureServer;
  /** The animated GIF every "original" rendition serves (3 frames, 40×30). */
  gif: Buffer;
  /** The GIFs the fixture knows, by id. */
  ids: string[];
}

const CATALOGUE = [
  { id: "Cake3o7TKSjRrfIPjeiVyM", title: "Birthday Cake GIF by Corner Bakery", username: "cornerbakery" },
  { id: "Bread26gsjCZpPolPr3sBy", title: "Fresh Bread GIF", username: "" },
];

export async function animatedGif(): Promise<Buffer> {
  const frame = (c: string) => sharp({ create: { width: 40, height: 30, channels: 3, background: c } }).png().toBuffer();
  return sharp([await frame("#c8914a"), await frame("#f3e1c7"), await frame("#7a4b1c")], { join: { animated: true } })
    .gif({ delay: 100, loop: 0 })
    .toBuffer();
}

function gifObject(server: FixtureServer, g: (typeof CATALOGUE)[number]) {
  const file = (name: string) => `${server.url}/media/${g.id}/${name}`;
  return {
    type: "gif",
    id: g.id,
    url: `https://giphy.com/gifs/${g.id}`,
    slug: g.id.toLowerCase(),
    username: g.username,
    rating: "g",
    title: g.title,
    images: {
      original: { url: file("giphy.gif"), width: "40", height: "30", size: "2048", frames: "3" },
      downsized: { url: file("giphy-downsized.gif"), width: "40", height: "30", size: "2048" },
      fixed_width: { url: file("200w.gif"), width: "200", height: "150", size: "2048" },
      fixed_width_small: { url: file("100w.gif"), width: "100", height: "75", size: "1024" },
    },
    analytics_response_payload: "e=ZXZlbnRfdHlwZT1HSUZfU0VBUkNI",
  };
}

const meta = (status = 200, msg = "OK") => ({ status, msg, response_id: "fixture-response-1" });

export async function startGiphyFixture(): Promise<GiphyFixture> {
  const server = await startFixtureServer();
  const gif = await animatedGif();
  server.on("GET", "/v1/gifs/search", (r) => {
    if (r.query.get("api_key") !== GIPHY_TEST_KEY) return { status: 401, json: { meta: meta(401, "Unauthorized") } };
    const q = (r.query.get("q") ?? "").toLowerCase();
    const offset = Number(r.query.get("offset") ?? 0);
    const hits = CATALOGUE.filter((g) => g.title.toLowerCase().includes(q) || q === "bakery");
    const page = hits.slice(offset);
    return {
      json: { data: page.map((g) => gifObject(server, g)), pagination: { total_count: hits.length, count: page.length, offset }, meta: meta() },
    };
  });
  server.on("GET", /^\/v1\/gifs\/[^/]+$/, (r) => {
    if (r.query.get("api_key") !== GIPHY_TEST_KEY) return { status: 401, json: { meta: meta(401, "Unauthorized") } };
    const g = CATALOGUE.find((c) => `/v1/gifs/${c.id}` === r.path);
    if (!g) return { status: 404, json: { data: [], meta: meta(404, "Not Found") } };
    return { json: { data: gifObject(server, g), meta: meta() } };
  });
  server.on("GET", /^\/media\//, () => ({ headers: { "content-type": "image/gif", "content-length": String(gif.length) }, body: gif }));
  return { server, gif, ids: CATALOGUE.map((c) => c.id) };
}
