// Feeds (docs/decisions.md, "RSS feeds") in chromium on `next start`, on a phone (375 px): the empty
// state; a loopback feed address refused at its field; a followed feed listed with its accounts,
// template, last poll and the post its newest item became (linked); "Poll now" with the feed's
// error shown in place; pause; remove back to the empty state.
//
// The production server refuses loopback by design (lib/env.ts refuses HERALD_FETCH_ALLOW_HOSTS in
// production), so its own fetches of the local fixture feed are refused — which the form and
// "Poll now" show. The feed that is followed is followed by this test process (the test set-up
// allow-lists loopback), on the same database, and the page reads it.
// Screenshots land in test-results/browser/feeds-*.png.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createFeed } from "../../lib/feeds";
import { startFixtureServer } from "../support/fixture-server";
import { api, axe, scrollsSideways, shot, signUpWithWorkspace, startApp } from "./support/harness";

const feedServer = await startFixtureServer();
feedServer.on("GET", "/blog.xml", () => ({
  headers: { "content-type": "application/rss+xml" },
  text: '<?xml version="1.0"?><rss version="2.0"><channel><title>Fiona\'s Flour blog</title><item><title>Spelt is in</title><link>https://fiona.example/spelt</link><guid>spelt</guid></item><item><title>Older news</title><link>https://fiona.example/old</link><guid>old</guid></item></channel></rss>',
}));
afterAll(() => feedServer.close());
const app = startApp();
const PHONE = { width: 375, height: 800 };

describe("Feeds", () => {
  it("empty state, a refused address at its field, a followed feed with its post, poll-now error in place, pause and remove", { timeout: 300_000 }, async () => {
    const page = await app.newPage({ timezoneId: "UTC" });
    await signUpWithWorkspace(page, { name: "Fiona Flour", email: "fiona@example.com", workspace: "Fiona's Flour" });
    const sky = await api(page, "POST", "/api/accounts", { platform: "bluesky", handle: "fiona.bsky.social" });
    expect(sky.status, JSON.stringify(sky.body)).toBe(201);
    const skyId = (sky.body.account as { id: string }).id;
    await page.setViewportSize(PHONE);

    await page.goto("/dashboard/feeds");
    await page.getByRole("heading", { level: 1, name: "Feeds" }).waitFor();
    const empty = page.getByTestId("feeds-empty");
    await empty.getByText(/Follow your blog’s RSS or Atom feed/).waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    expect(await axe(page)).toEqual([]);
    await shot(page, "feeds-empty");

    // The server's own fetch of a loopback address is refused, said at the address field.
    const form = page.getByRole("form", { name: "Follow a feed" });
    await form.getByLabel("Feed address").fill(`${feedServer.url}/blog.xml`);
    await form.getByLabel(/fiona\.bsky\.social/).check();
    await form.getByRole("button", { name: "Follow feed" }).click();
    await form.getByText(/private, local or reserved address/).waitFor();
    expect(await form.getByLabel("Feed address").getAttribute("aria-invalid")).toBe("true");
    expect(await db().feed.count()).toBe(0);

    // Followed from this process (loopback allowed here), with the newest item posted at once.
    const workspaceId = (await db().socialAccount.findUniqueOrThrow({ where: { id: skyId } })).workspaceId;
    const { feed, poll } = await createFeed(
      db(),
      workspaceId,
      { url: `${feedServer.url}/blog.xml`, accountIds: [skyId], template: "New: {title} {link}", aiWritten: false, holdForApproval: false, backfill: 1 },
      { role: "owner", actor: { type: "api_key", apiKeyId: "browser-test" } },
      new Date(),
    );
    expect(poll.posts).toHaveLength(1);
    await page.reload();
    const card = page.getByRole("list", { name: "Feeds" }).getByRole("listitem").first();
    await card.getByRole("heading", { name: "Fiona's Flour blog" }).waitFor();
    await card.getByText(/bluesky · fiona\.bsky\.social/).waitFor();
    expect(await card.getByTestId("feed-last-poll").textContent()).toMatch(/2 items in the feed, 2 new, 1 post created\./);
    await card.getByRole("list", { name: "Posts from this feed" }).getByRole("link", { name: "Spelt is in" }).waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    expect(await axe(page)).toEqual([]);
    await shot(page, "feeds-list");

    // Poll now: the production server refuses loopback, and the feed says so where it is shown.
    await card.getByRole("button", { name: "Poll now" }).click();
    await card.getByTestId("feed-error").getByText(/private, local or reserved address/).waitFor();
    await shot(page, "feeds-error");

    await card.getByRole("button", { name: "Pause" }).click();
    await card.getByRole("button", { name: "Resume" }).waitFor();
    expect((await db().feed.findUniqueOrThrow({ where: { id: feed.id } })).enabled).toBe(false);

    await card.getByRole("button", { name: "Remove" }).click();
    await page.getByTestId("feeds-empty").waitFor();
    expect(await db().feed.count()).toBe(0);
  });
});
