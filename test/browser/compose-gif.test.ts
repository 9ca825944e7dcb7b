// GIF search in the composer (docs/decisions.md, "GIF search") in chromium on `next start`, on a
// phone (375 px): the GIF button (shown because the server has a GIPHY key), a debounced search
// through Herald's own GET /api/gifs against a local server playing GIPHY (which must see the key,
// the query and the rating, while the page never does), the results grid with "Powered by GIPHY",
// and a chosen GIF attached like an upload with its source in the alt text.
//
// The production server refuses loopback file downloads by design (lib/env.ts refuses
// HERALD_FETCH_ALLOW_HOSTS in production), so POST /api/gifs/media, which downloads GIPHY's file
// through the guarded fetch, is answered by this test process running the same insertGif on the
// same database (the test set-up allow-lists loopback); the request the page sends is asserted.
// Screenshots land in test-results/browser/compose-gif-*.png.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { insertGif } from "../../lib/gifs/giphy";
import { toMediaJson } from "../../lib/media/assets";
import { GIPHY_TEST_KEY, startGiphyFixture } from "../support/giphy-fixture";
import { api, axe, scrollsSideways, shot, signUpWithWorkspace, startApp } from "./support/harness";

// Started before startApp's beforeAll copies process.env into the server's environment.
const giphy = await startGiphyFixture();
process.env.GIPHY_API_KEY = GIPHY_TEST_KEY;
process.env.GIPHY_API_URL = giphy.server.url;
resetEnvCache();
afterAll(() => giphy.server.close());
const app = startApp();
const PHONE = { width: 375, height: 800 };

describe("GIFs in the composer", () => {
  it("searches GIPHY through Herald, shows the results, and attaches the chosen GIF with its source", { timeout: 300_000 }, async () => {
    const page = await app.newPage({ timezoneId: "UTC" });
    await signUpWithWorkspace(page, { name: "Gina Gif", email: "gina@example.com", workspace: "Gina's Gateaux" });
    const workspace = await db().workspace.findFirstOrThrow({ where: { name: "Gina's Gateaux" } });
    const sky = await api(page, "POST", "/api/accounts", { platform: "bluesky", handle: "gina.bsky.social" });
    expect(sky.status, JSON.stringify(sky.body)).toBe(201);
    await page.setViewportSize(PHONE);

    const inserted: unknown[] = [];
    await page.route("**/api/gifs/media", async (route) => {
      const body = route.request().postDataJSON() as { id: string };
      inserted.push(body);
      const media = await insertGif(workspace.id, { id: body.id });
      await route.fulfill({ status: 201, contentType: "application/json", body: JSON.stringify({ success: true, media: toMediaJson(media) }) });
    });

    await page.goto("/dashboard/compose");
    await page.getByRole("heading", { name: "Compose" }).waitFor();
    const gifButton = page.getByRole("button", { name: "GIF", exact: true });
    await gifButton.click();
    expect(await gifButton.getAttribute("aria-expanded")).toBe("true");
    const panel = page.getByRole("region", { name: "GIF search" });
    await panel.getByText("Type to search GIPHY.").waitFor();

    // Typed quickly: one search after the pause, not one per key.
    await panel.getByLabel("Search GIFs").pressSequentially("cake", { delay: 30 });
    const results = panel.getByRole("list", { name: "GIF results" });
    await results.waitFor();
    await panel.getByText("Powered by GIPHY").waitFor();
    const searches = giphy.server.requests.filter((r) => r.path === "/v1/gifs/search");
    expect(searches.map((r) => [r.query.get("api_key"), r.query.get("q"), r.query.get("rating")])).toEqual([[GIPHY_TEST_KEY, "cake", "g"]]);
    const images = results.getByRole("img");
    expect(await images.count()).toBe(1);
    expect(await images.first().getAttribute("alt")).toBe("Birthday Cake GIF by Corner Bakery");
    expect(await page.content()).not.toContain(GIPHY_TEST_KEY);
    expect(await scrollsSideways(page)).toBe(false);
    expect(await axe(page)).toEqual([]);
    await shot(page, "compose-gif-results");

    // A search with nothing found says so.
    await panel.getByLabel("Search GIFs").fill("zzzz");
    await panel.getByText("No GIFs found for “zzzz”.").waitFor();
    await panel.getByLabel("Search GIFs").fill("cake");
    await results.getByRole("img").first().waitFor();

    await results.getByRole("button", { name: /Add this GIF/ }).first().click();
    expect(await panel.count()).toBe(0);
    const alt = page.getByLabel("Alt text (describe the image)");
    await alt.waitFor();
    expect(await alt.inputValue()).toBe("Birthday Cake GIF by Corner Bakery (via GIPHY, by @cornerbakery)");
    expect(inserted).toEqual([{ id: giphy.ids[0] }]);
    const rows = await db().mediaAsset.findMany({ where: { workspaceId: workspace.id } });
    expect(rows.map((r) => [r.kind, r.mime])).toEqual([["gif", "image/gif"]]);
    await page.getByText(/1\. Birthday Cake GIF/).waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    expect(await axe(page)).toEqual([]);
    await shot(page, "compose-gif-attached");
  });
});
