// A YouTube and a TikTok post from the composer in chromium: with a simulated YouTube account and a
// simulated TikTok account chosen, both sections show (no audit notice: the TikTok account is
// simulated); a tiny MP4 is attached; scheduling without a title and a privacy puts the server's
// errors next to the Title field and the "Who can view this post" choice; TikTok's privacy is not
// preselected and its comments, Duet and Stitch are off; branded content takes "Only me" away; the
// YouTube tab's preview shows the title over the description; once filled in, the post is
// scheduled with config.youtube and config.tiktok and shows on the posts page. At 375 px both
// sections fit without sideways scroll and axe-core finds no WCAG 2 A/AA violation; a real TikTok
// account brings the notice that TikTok keeps an unaudited app's posts private, and a real YouTube
// account the quota its Google app has left today (none for a simulated one).
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { projectKeyOf, spendQuota } from "../../lib/social/youtube/quota";
import { api, axe, scrollsSideways, shot, signUpWithWorkspace, startApp } from "./support/harness";
import { mp4 as mp4Of } from "../support/mp4";

const app = startApp();


/** A minimal MP4 the media upload accepts: 5 s, one vertical 720×1280 track. */
const mp4 = () => mp4Of(720, 1280);

/** The text of the elements that describe `locator` (aria-describedby). */
async function describedBy(page: Page, locator: ReturnType<Page["locator"]>): Promise<string> {
  const ids = (await locator.getAttribute("aria-describedby")) ?? "";
  const texts = await Promise.all(ids.split(" ").filter(Boolean).map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(" ");
}

async function addAccounts(page: Page, accounts: Record<string, unknown>[]) {
  for (const a of accounts) {
    const r = await api(page, "POST", "/api/accounts", a);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
}

describe("a YouTube and a TikTok post from the composer", () => {
  it("asks for the title and who can view the post next to their fields, then schedules with both networks' fields", { timeout: 240_000 }, async () => {
    const page = await app.newPage({ timezoneId: "UTC" });
    await signUpWithWorkspace(page, { name: "Vera Video", email: "vera@example.com", workspace: "Vera's Bakes" });
    await addAccounts(page, [
      { platform: "youtube", handle: "verasbakes" },
      { platform: "tiktok", handle: "verasbakes" },
    ]);

    await page.goto("/dashboard/compose");
    const youtube = page.getByRole("group", { name: "YouTube" });
    const tiktok = page.getByRole("group", { name: "TikTok" });
    await page.getByRole("checkbox", { name: /YouTube/ }).check();
    await youtube.waitFor();
    expect(await tiktok.count()).toBe(0);
    await page.getByRole("checkbox", { name: /TikTok/ }).check();
    await tiktok.waitFor();
    expect(await youtube.getByText("A YouTube post is one video: add one above.").count()).toBe(1);
    // Simulated: TikTok's audit notice and YouTube's quota are for real accounts.
    expect(await page.getByText(/Until Herald’s TikTok app passes TikTok’s audit/).count()).toBe(0);
    expect(await page.getByTestId("youtube-quota").count()).toBe(0);

    // YouTube's defaults: public, not made for kids; TikTok's: nothing chosen, everything off.
    expect(await youtube.getByRole("radio", { name: "Public" }).isChecked()).toBe(true);
    expect(await youtube.getByRole("radiogroup", { name: "Made for kids" }).getByRole("radio", { name: "No" }).isChecked()).toBe(true);
    const who = tiktok.getByRole("radiogroup", { name: "Who can view this post" });
    for (const name of ["Everyone", "Friends", "Followers", "Only me"]) expect(await who.getByRole("radio", { name }).isChecked(), name).toBe(false);
    for (const name of ["Allow comments", "Allow Duet", "Allow Stitch"]) expect(await tiktok.getByRole("checkbox", { name }).isChecked(), name).toBe(false);

    const text = "How we shape a sourdough loaf, start to finish, in under a minute.";
    await page.getByLabel("Post text for every platform").fill(text);
    await page.getByLabel("Choose images or videos").setInputFiles({ name: "loaf.mp4", mimeType: "video/mp4", buffer: mp4() });
    await page.getByText("loaf.mp4 uploaded.").waitFor({ timeout: 30_000 });

    // No title and no privacy: the server's errors next to both fields, the alert says so.
    await page.getByRole("button", { name: "Schedule", exact: true }).click();
    const title = youtube.getByLabel("Title", { exact: true });
    await expect.poll(() => title.getAttribute("aria-invalid"), { timeout: 15_000 }).toBe("true");
    expect(await describedBy(page, title)).toContain("A YouTube video needs a title.");
    expect(await who.getAttribute("aria-invalid")).toBe("true");
    expect(await describedBy(page, who)).toContain("Choose who can view this post: TikTok allows no default.");
    const alert = page.locator('form [role="alert"]');
    expect(await alert.textContent()).toMatch(/marked below/);
    expect(await alert.evaluate((el) => el === document.activeElement)).toBe(true);
    await shot(page, "compose-video-errors");

    const chosen = "Shaping a sourdough loaf";
    await title.fill(chosen);
    expect(await title.getAttribute("aria-invalid")).toBeNull();
    expect(await youtube.getByText(`Title characters ${chosen.length}/100`).count()).toBe(1);
    await youtube.getByRole("radio", { name: "Unlisted" }).check();
    await youtube.getByLabel("Category (optional)").selectOption({ label: "Howto & Style" });
    await youtube.getByLabel("Tags (optional)").fill("bread, sourdough");
    await youtube.getByRole("checkbox", { name: /^Short/ }).check();

    // Branded content cannot be private: "Only me" is taken away while it is on.
    await who.getByRole("radio", { name: "Only me" }).check();
    await tiktok.getByRole("switch", { name: "Disclose commercial content" }).check();
    await tiktok.getByRole("checkbox", { name: "Branded content" }).check();
    expect(await who.getByRole("radio", { name: "Only me" }).isDisabled()).toBe(true);
    expect(await who.getByRole("radio", { name: "Only me" }).isChecked()).toBe(false);
    expect(await describedBy(page, who)).toContain("Branded content cannot be private");
    await tiktok.getByRole("checkbox", { name: "Branded content" }).uncheck();
    await tiktok.getByRole("checkbox", { name: "Your brand" }).check();
    await who.getByRole("radio", { name: "Followers" }).check();
    expect(await who.getAttribute("aria-invalid")).toBeNull();
    await tiktok.getByRole("checkbox", { name: "Allow comments" }).check();

    // The YouTube tab's preview: the title over the description.
    await page.getByRole("tab", { name: /^YouTube/ }).click();
    const preview = page.getByRole("figure", { name: "Preview on YouTube" });
    expect(await preview.getByTestId("preview-title").textContent()).toBe(chosen);
    expect(await preview.textContent()).toMatch(new RegExp(`${chosen}.*How we shape`));
    await page.getByRole("tab", { name: "All platforms" }).click();

    expect(await axe(page)).toEqual([]);
    await shot(page, "compose-video-filled");

    await page.getByRole("button", { name: "Schedule", exact: true }).click();
    const open = page.getByRole("link", { name: "Open the post" });
    await open.waitFor({ timeout: 30_000 });
    const postId = new URL((await open.getAttribute("href"))!, app.base).searchParams.get("focus")!;
    const tasks = await db().agentTask.findMany({ where: { type: "social_post", postTarget: { postId } }, select: { platform: true, content: true, config: true } });
    expect(tasks.map((t) => t.platform).sort()).toEqual(["tiktok", "youtube"]);
    for (const t of tasks) {
      const c = t.config as { youtube?: unknown; tiktok?: unknown; media?: { type: string }[] };
      expect(t.content).toBe(text);
      expect(c.media?.map((m) => m.type)).toEqual(["video"]);
      expect(c.youtube).toEqual({ title: chosen, privacy: "unlisted", categoryId: "26", tags: ["bread", "sourdough"], madeForKids: false, shorts: true });
      expect(c.tiktok).toEqual({ privacy: "FOLLOWER_OF_CREATOR", allowComments: true, brandOrganic: true });
    }

    await open.click();
    await page.waitForURL(/\/dashboard\/posts/);
    const card = page.locator(`[data-post-id="${postId}"]`);
    await expect.poll(() => card.getAttribute("data-status"), { timeout: 15_000 }).toBe("scheduled");
  });

  it("is usable at 375 px, says a real TikTok account's posts stay private until the audit, no WCAG 2 A/AA violations", { timeout: 180_000 }, async () => {
    const page = await app.newPage({ timezoneId: "UTC" });
    await signUpWithWorkspace(page, { name: "Tom Tablet", email: "tom@example.com", workspace: "Tom's Tarts" });
    await addAccounts(page, [
      { platform: "youtube", handle: "tomstarts", credentials: { accessToken: "youtube-token" } },
      { platform: "tiktok", handle: "tomstarts", credentials: { accessToken: "tiktok-token" } },
    ]);
    // Today's count for the server's Google app (same env, this file's own database): 8,400 units
    // spent leave 1,600, one upload.
    await spendQuota(db(), projectKeyOf(process.env.GOOGLE_CLIENT_ID), new Date(), 8_400);
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto("/dashboard/compose");
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    await page.getByRole("checkbox", { name: /YouTube/ }).check();
    await page.getByRole("checkbox", { name: /TikTok/ }).check();
    const youtube = page.getByRole("group", { name: "YouTube" });
    const tiktok = page.getByRole("group", { name: "TikTok" });
    await tiktok.waitFor();
    await tiktok.getByText("Until Herald’s TikTok app passes TikTok’s audit, TikTok keeps posts private (Only me).").waitFor();
    await youtube.getByText("YouTube quota today: 1,600 of 10,000 units left (about 1 upload). Resets at midnight Pacific time.").waitFor();
    expect(await youtube.getByRole("alert").count()).toBe(0);

    await youtube.getByLabel("Title", { exact: true }).fill("Tart of the week: plum and almond");
    await youtube.getByLabel("Tags (optional)").fill("tarts, baking");
    await tiktok.getByRole("radio", { name: "Everyone" }).check();
    await tiktok.getByRole("switch", { name: "Disclose commercial content" }).check();
    for (const field of [youtube.getByLabel("Title", { exact: true }), youtube.getByLabel("Category (optional)"), youtube.getByLabel("Tags (optional)")]) {
      const b = await field.boundingBox();
      expect(b).not.toBeNull();
      expect(b!.x).toBeGreaterThanOrEqual(0);
      expect(b!.x + b!.width).toBeLessThanOrEqual(375);
    }
    // The disclosure on without saying what it promotes holds the post back, said at the field.
    await page.getByRole("button", { name: "Schedule", exact: true }).click();
    await tiktok.getByText("Say what the post promotes (your brand, branded content or both), or turn the disclosure off.").waitFor();
    await expect.poll(() => page.locator('form [role="alert"]').textContent(), { timeout: 15_000 }).toMatch(/commercial-content disclosure is not complete/);

    expect(await scrollsSideways(page)).toBe(false);
    expect(await axe(page)).toEqual([]);
    await tiktok.scrollIntoViewIfNeeded();
    await shot(page, "compose-video-phone");

    // One unit more and no upload is left: read again when YouTube is chosen again, said as an alert.
    await spendQuota(db(), projectKeyOf(process.env.GOOGLE_CLIENT_ID), new Date(), 1);
    await page.getByRole("checkbox", { name: /YouTube/ }).uncheck();
    await youtube.waitFor({ state: "detached" });
    await page.getByRole("checkbox", { name: /YouTube/ }).check();
    const usedUp = youtube.getByRole("alert");
    await usedUp.waitFor({ timeout: 15_000 });
    expect(await usedUp.textContent()).toContain("YouTube quota today: 1,599 of 10,000 units left (about 0 uploads).");
    expect(await usedUp.textContent()).toContain("YouTube will refuse uploads until then");
  });
});
