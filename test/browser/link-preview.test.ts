// Link previews in the composer (docs/decisions.md, "Link previews"), in chromium on `next start`
// at phone width: a link typed into the composer shows the page's card (site, title, description,
// picture) in the Bluesky preview once the typing stops; a link without a card keeps the plain
// domain-and-path card, with the post's text still previewed.
//
// The production server refuses loopback by design (lib/env.ts), so it cannot read a local fixture
// page; the cards are put in its cache (the LinkPreview table, same database) by this process, and
// the server answers GET /api/link-preview from there. Fetching and parsing pages is covered by
// test/integration/link-preview.test.ts. Screenshots land in test-results/browser/link-preview-*.png.
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { normalizeUrl } from "../../lib/link-preview";
import { api, axe, scrollsSideways, shot, signUpWithWorkspace, startApp } from "./support/harness";

const app = startApp();
const PHONE = { width: 375, height: 800 };
const WITH_CARD = "https://www.crumb.example/menu/spring";
const WITHOUT_CARD = "https://plain.crumb.example/hours";

describe("link previews in the composer", () => {
  it("shows the page's card for the link once typing stops, and the plain card for a page without one", { timeout: 240_000 }, async () => {
    const page = await app.newPage({ timezoneId: "UTC" });
    await signUpWithWorkspace(page, { name: "Lena Link", email: "lena@example.com", workspace: "Lena's Loaves" });
    const sky = await api(page, "POST", "/api/accounts", { platform: "bluesky", handle: "lenasloaves.bsky.social" });
    expect(sky.status, JSON.stringify(sky.body)).toBe(201);
    const workspaceId = (await db().socialAccount.findUniqueOrThrow({ where: { id: (sky.body.account as { id: string }).id } })).workspaceId;
    const png = await sharp({ create: { width: 191, height: 100, channels: 3, background: "#c8914a" } }).png().toBuffer();
    // Far ahead, so the rows stay fresh whatever the machine's clock says.
    const expiresAt = new Date("2099-01-01T00:00:00Z");
    const fetchedAt = new Date("2020-01-01T00:00:00Z");
    await db().linkPreview.createMany({
      data: [
        { workspaceId, url: normalizeUrl(WITH_CARD), status: "ok", title: "Spring menu: rye & wild garlic", description: "Rhubarb buns, a winter-long sourdough and more.", imageUrl: `data:image/png;base64,${png.toString("base64")}`, siteName: "Crumb Bakery", fetchedAt, expiresAt },
        { workspaceId, url: normalizeUrl(WITHOUT_CARD), status: "none", reason: "no_metadata", fetchedAt, expiresAt },
      ],
    });

    await page.setViewportSize(PHONE);
    await page.goto("/dashboard/compose");
    await page.getByRole("heading", { name: "Compose" }).waitFor();
    await page.getByRole("checkbox", { name: /lenasloaves/ }).check();
    await page.getByLabel("Post text for every platform").fill("Our spring menu is here.");
    const asked: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/api/link-preview")) asked.push(new URL(r.url()).searchParams.get("url") ?? "");
    });
    // Typed key by key: one request for the finished link, none per keystroke.
    await page.getByRole("textbox", { name: /^Link/ }).pressSequentially(WITH_CARD, { delay: 20 });

    await page.getByRole("tab", { name: /^Bluesky/ }).click();
    const card = page.getByRole("figure", { name: "Preview on Bluesky" }).getByTestId("preview-link-card");
    const fetched = card.getByTestId("preview-link-fetched");
    await fetched.waitFor();
    await fetched.getByText("Spring menu: rye & wild garlic").waitFor();
    await fetched.getByText("Rhubarb buns, a winter-long sourdough and more.").waitFor();
    await fetched.getByText("Crumb Bakery").waitFor();
    expect(await fetched.locator("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(191);
    expect(asked).toEqual([WITH_CARD]);
    expect(await scrollsSideways(page)).toBe(false);
    expect(await axe(page)).toEqual([]);
    await shot(page, "link-preview-card");

    // A page without a card: the plain card (domain and path), and the composer still takes input.
    await page.getByRole("textbox", { name: /^Link/ }).fill(WITHOUT_CARD);
    await page.waitForResponse((r) => r.url().includes("/api/link-preview") && r.url().includes(encodeURIComponent(WITHOUT_CARD)));
    await card.getByText("/hours").waitFor();
    expect(await card.getByTestId("preview-link-fetched").count()).toBe(0);
    await page.getByRole("figure", { name: "Preview on Bluesky" }).getByText("Our spring menu is here.").waitFor();
    await shot(page, "link-preview-plain");
  });
});
