// The composer's per-network previews (issue 14, item 3), in chromium on `next start`: with X and
// LinkedIn chosen, a long text with a link shows whole on X and cut near 210 characters on
// LinkedIn behind a "see more" button that expands it; both show the link as a card with its
// domain and path; a 4:5 photo then replaces the card, cropped to 16:9 on X and kept at 4:5 on
// LinkedIn. After scheduling, the Posts page and the Calendar show the photo's thumbnail with its
// alt text, lazily loaded. At 375 px nothing scrolls sideways, and axe finds nothing.
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { api, axe, scrollsSideways, shot, signUpWithWorkspace, startApp } from "./support/harness";

const app = startApp();

const LINK = "https://www.crumb.example/menu/spring";
// ~250 characters: under X's 280 with the link (23), over LinkedIn's fold.
const TEXT =
  "Our spring menu is here: rye with wild garlic, rhubarb buns and a sourdough that took us all winter to get right. " +
  "Come by the shop on Saturday morning, taste everything, and tell us which one should stay on the shelf for good this year.";

const box = async (loc: import("playwright-core").Locator) => {
  const b = (await loc.boundingBox())!;
  return b.width / b.height;
};

describe("previews in the composer", () => {
  it("cuts LinkedIn's text with 'see more' but not X's, shows the link card, crops the photo per network; then thumbnails on Posts and Calendar", { timeout: 240_000 }, async () => {
    const page = await app.newPage({ timezoneId: "UTC" });
    await signUpWithWorkspace(page, { name: "Pia Preview", email: "pia@example.com", workspace: "Pia's Pastries" });
    for (const [platform, handle] of [["twitter", "piaspastries"], ["linkedin", "pias-pastries"]]) {
      const r = await api(page, "POST", "/api/accounts", { platform, handle });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    await page.goto("/dashboard/compose");
    await page.getByRole("heading", { name: "Compose" }).waitFor();
    await page.getByRole("checkbox", { name: /piaspastries/ }).check();
    await page.getByRole("checkbox", { name: /pias-pastries/ }).check();
    await page.getByLabel("Post text for every platform").fill(TEXT);
    await page.getByRole("textbox", { name: /^Link/ }).fill(LINK);

    // X: the whole text, the link in it, and a card.
    await page.getByRole("tab", { name: /^X/ }).click();
    const x = page.getByRole("figure", { name: "Preview on X" });
    const xText = x.getByTestId("preview-text");
    expect(await xText.getAttribute("data-folded")).toBe("false");
    expect(await xText.textContent()).toBe(`${TEXT}\n\n${LINK}`);
    expect(await x.getByRole("button", { name: /more/ }).count()).toBe(0);
    const xCard = x.getByTestId("preview-link-card");
    expect(await xCard.textContent()).toContain("crumb.example");
    expect(await xCard.textContent()).toContain("/menu/spring");

    // LinkedIn: cut near 210 characters at a word, "see more" expands it.
    await page.getByRole("tab", { name: /^LinkedIn/ }).click();
    const li = page.getByRole("figure", { name: "Preview on LinkedIn" });
    const liText = li.getByTestId("preview-text");
    expect(await liText.getAttribute("data-folded")).toBe("true");
    const more = li.getByRole("button", { name: "…see more" });
    const cut = ((await liText.textContent()) ?? "").replace("…see more", "");
    expect(cut.length).toBeLessThanOrEqual(210);
    expect(cut.length).toBeGreaterThan(180);
    expect(TEXT.startsWith(cut)).toBe(true);
    expect(TEXT[cut.length]).toBe(" ");
    expect(await more.getAttribute("aria-expanded")).toBe("false");
    await more.click();
    expect(await liText.getAttribute("data-folded")).toBe("false");
    expect(await liText.textContent()).toContain(LINK);
    await li.getByRole("button", { name: "Show less" }).waitFor();
    expect(await li.getByTestId("preview-link-card").textContent()).toContain("crumb.example");

    // A 4:5 photo: the card gives way to the picture, 16:9 on X, its own 4:5 on LinkedIn.
    const photo = await sharp({ create: { width: 800, height: 1000, channels: 3, background: "#c08040" } }).jpeg().toBuffer();
    await page.getByLabel("Choose images or videos").setInputFiles({ name: "buns.jpg", mimeType: "image/jpeg", buffer: photo });
    await page.getByText("buns.jpg uploaded.").waitFor({ timeout: 30_000 });
    await page.getByLabel("Alt text (describe the image)").fill("Rhubarb buns on a tray");
    const liMedia = li.getByTestId("preview-media");
    await expect.poll(() => liMedia.getAttribute("data-ratio")).toBe("0.800");
    expect(await box(liMedia)).toBeCloseTo(0.8, 1);
    expect(await li.getByTestId("preview-link-card").count()).toBe(0);
    expect(await li.getByRole("img", { name: "Rhubarb buns on a tray" }).count()).toBe(1);
    await page.getByRole("tab", { name: /^X/ }).click();
    const xMedia = x.getByTestId("preview-media");
    expect(await xMedia.getAttribute("data-ratio")).toBe("1.778");
    expect(await box(xMedia)).toBeCloseTo(16 / 9, 1);
    expect(await x.getByRole("img", { name: "Rhubarb buns on a tray" }).evaluate((el) => getComputedStyle(el).objectFit)).toBe("cover");
    expect(await x.getByTestId("preview-link-card").count()).toBe(0);
    expect(await axe(page)).toEqual([]);
    await shot(page, "compose-preview-x");

    // At 375 px: nothing wider than the phone.
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await scrollsSideways(page)).toBe(false);
    await page.getByRole("tab", { name: /^LinkedIn/ }).click();
    expect(await scrollsSideways(page)).toBe(false);
    await shot(page, "compose-preview-linkedin-375");
    await page.setViewportSize({ width: 1024, height: 900 });

    // Schedule it for a fixed day, then find its thumbnail on Posts and in the Calendar.
    await page.getByLabel("Date", { exact: true }).fill("2099-05-06");
    await page.getByRole("textbox", { name: "Time", exact: true }).fill("10:00");
    await page.getByRole("button", { name: "Schedule", exact: true }).click();
    const open = page.getByRole("link", { name: "Open the post" });
    await open.waitFor({ timeout: 30_000 });
    const postId = new URL((await open.getAttribute("href"))!, app.base).searchParams.get("focus")!;

    await page.goto("/dashboard/posts");
    const card = page.locator(`[data-post-id="${postId}"]`);
    const thumb = card.getByTestId("post-thumbnail").getByRole("img", { name: "Image: Rhubarb buns on a tray" });
    await thumb.waitFor();
    expect(await thumb.getAttribute("loading")).toBe("lazy");
    expect(await thumb.getAttribute("src")).toMatch(/\/api\/media\/[a-z0-9]+\/file$/);
    await expect.poll(() => thumb.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(800);
    expect(await box(thumb)).toBeCloseTo(1, 1);
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await scrollsSideways(page)).toBe(false);
    expect(await axe(page)).toEqual([]);
    await shot(page, "posts-thumbnail-375");
    await page.setViewportSize({ width: 1024, height: 900 });

    await page.goto("/dashboard/calendar?view=week&date=2099-05-06");
    const chip = page.locator("li").filter({ has: page.locator(`a[href*="${postId}"]`) });
    const calThumb = chip.getByTestId("post-thumbnail").getByRole("img", { name: "Image: Rhubarb buns on a tray" });
    await calThumb.waitFor();
    expect(await calThumb.getAttribute("loading")).toBe("lazy");
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await scrollsSideways(page)).toBe(false);
    expect(await axe(page)).toEqual([]);
    await shot(page, "calendar-thumbnail-375");
  });
});
