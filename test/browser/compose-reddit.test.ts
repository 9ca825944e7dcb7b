// A Reddit post from the composer in chromium: with a simulated Reddit account chosen, the Reddit
// section shows; scheduling without a title puts the server's error next to the Title field; the
// subreddit typed as r/Breadit becomes Breadit and its (simulated) rules note appears; a title
// from the Assist panel's "Reddit titles" fills the field; the Reddit tab's preview shows the
// title above the text; the post is scheduled with config.reddit and shows on the posts page. At
// 375 px the section fits without sideways scroll and axe-core finds no WCAG 2 A/AA violation.
// With a real account (its token; a local server answering like Reddit's OAuth API, as
// REDDIT_API_URL of the app): a subreddit that does not exist, a link where only text posts go and
// a missing required flair are marked at their fields and hold the post back until fixed.
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { startFixtureServer } from "../support/fixture-server";
import { api, axe, scrollsSideways, shot, signUpWithWorkspace, startApp } from "./support/harness";

// Before startApp: the app's server takes its environment when it starts.
const reddit = await startFixtureServer();
process.env.REDDIT_API_URL = reddit.url;
afterAll(() => reddit.close());
const app = startApp();


/** The element that describes `input` (aria-describedby) and has this text. */
async function describedBy(page: Page, label: string): Promise<string> {
  const ids = (await page.getByLabel(label, { exact: true }).getAttribute("aria-describedby")) ?? "";
  const texts = await Promise.all(ids.split(" ").filter(Boolean).map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(" ");
}

describe("a Reddit post from the composer", () => {
  it("asks for the title next to its field, then schedules to the subreddit with the title", { timeout: 240_000 }, async () => {
    const page = await app.newPage({ timezoneId: "UTC" });
    await signUpWithWorkspace(page, { name: "Rita Reddit", email: "rita@example.com", workspace: "Rita's Rolls" });
    const added = await api(page, "POST", "/api/accounts", { platform: "reddit", handle: "ritasrolls" });
    expect(added.status, JSON.stringify(added.body)).toBe(201);

    await page.goto("/dashboard/compose");
    // The only account is chosen already; a Reddit account brings the Reddit section.
    expect(await page.getByRole("checkbox", { name: /Reddit/ }).isChecked()).toBe(true);
    const section = page.getByRole("group", { name: "Reddit" });
    await section.waitFor();
    const text = "Rolls, loaves and the new chestnut bread, fresh from 7am every Saturday.";
    await page.getByLabel("Post text for every platform").fill(text);

    // No subreddit and no title: the server's errors next to both fields, the alert says so.
    await page.getByRole("button", { name: "Schedule", exact: true }).click();
    const title = section.getByLabel("Title", { exact: true });
    await expect.poll(() => title.getAttribute("aria-invalid"), { timeout: 15_000 }).toBe("true");
    expect(await describedBy(page, "Title")).toContain("A Reddit post needs a title.");
    expect(await describedBy(page, "Subreddit")).toContain("A Reddit post needs a subreddit to go to.");
    // The composer's alert, focused, says why (Next's route announcer is an alert too).
    const alert = page.locator('form [role="alert"]');
    expect(await alert.textContent()).toMatch(/The post does not fit every platform\..*marked below/);
    expect(await alert.evaluate((el) => el === document.activeElement)).toBe(true);
    await shot(page, "compose-reddit-errors");

    // r/ is shown in front and stripped from what is typed; a simulated account's rules are not read.
    const subreddit = section.getByLabel("Subreddit", { exact: true });
    await subreddit.fill("r/Breadit");
    expect(await subreddit.inputValue()).toBe("Breadit");
    await section.getByText("Simulated account: subreddit rules are not checked.").waitFor({ timeout: 15_000 });

    // A suggested title fills the Title field.
    await page.getByRole("button", { name: "Reddit titles", exact: true }).click();
    await page.getByRole("button", { name: "Suggest titles" }).click();
    const use = page.getByRole("button", { name: /^Use as the Reddit title: / }).first();
    await use.waitFor({ timeout: 30_000 });
    const suggested = ((await use.textContent()) ?? "").replace(/^Use as the Reddit title: /, "");
    await use.click();
    expect(await title.inputValue()).toBe(suggested);
    expect(suggested.length).toBeGreaterThan(0);

    const chosen = "Fresh chestnut bread this Saturday";
    await title.fill(chosen);
    expect(await section.getByText(`Title characters ${chosen.length}/300`).count()).toBe(1);
    await section.getByLabel("Spoiler").check();

    // The Reddit tab's preview: subreddit, title above the text.
    await page.getByRole("tab", { name: /^Reddit/ }).click();
    const preview = page.getByRole("figure", { name: "Preview on Reddit" });
    expect(await preview.getByTestId("preview-title").textContent()).toBe(chosen);
    expect(await preview.textContent()).toMatch(new RegExp(`r/Breadit.*${chosen}.*Rolls, loaves`));
    await page.getByRole("tab", { name: "All platforms" }).click();

    expect(await axe(page)).toEqual([]);
    await shot(page, "compose-reddit-filled");

    await page.getByRole("button", { name: "Schedule", exact: true }).click();
    const open = page.getByRole("link", { name: "Open the post" });
    await open.waitFor({ timeout: 30_000 });
    const postId = new URL((await open.getAttribute("href"))!, app.base).searchParams.get("focus")!;
    const tasks = await db().agentTask.findMany({ where: { type: "social_post", postTarget: { postId } }, select: { platform: true, content: true, config: true } });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ platform: "reddit", content: text });
    expect((tasks[0].config as { reddit?: unknown }).reddit).toEqual({ subreddit: "Breadit", title: chosen, spoiler: true });

    await open.click();
    await page.waitForURL(/\/dashboard\/posts/);
    const card = page.locator(`[data-post-id="${postId}"]`);
    await expect.poll(() => card.getAttribute("data-status"), { timeout: 15_000 }).toBe("scheduled");
  });

  it("is usable at 375 px: the section fits, its fields take input, no WCAG 2 A/AA violations", { timeout: 180_000 }, async () => {
    const page = await app.newPage({ timezoneId: "UTC" });
    await signUpWithWorkspace(page, { name: "Paul Phone", email: "paul@example.com", workspace: "Paul's Pies" });
    for (const [platform, handle] of [["reddit", "paulspies"], ["bluesky", "paulspies.bsky.social"]]) {
      const r = await api(page, "POST", "/api/accounts", { platform, handle });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto("/dashboard/compose");
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    const section = page.getByRole("group", { name: "Reddit" });
    // Only while a Reddit account is chosen.
    await page.getByRole("checkbox", { name: /Bluesky/ }).check();
    expect(await section.count()).toBe(0);
    await page.getByRole("checkbox", { name: /Reddit/ }).check();
    await section.waitFor();

    await section.getByLabel("Subreddit", { exact: true }).fill("Pies");
    await section.getByLabel("Title", { exact: true }).fill("Pie of the week: plum and almond");
    await section.getByLabel("NSFW (18+)").check();
    await section.getByText("Simulated account: subreddit rules are not checked.").waitFor({ timeout: 15_000 });
    for (const label of ["Subreddit", "Title"]) {
      const box = await section.getByLabel(label, { exact: true }).boundingBox();
      expect(box, label).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, label).toBeLessThanOrEqual(375);
    }
    expect(await scrollsSideways(page)).toBe(false);
    expect(await axe(page)).toEqual([]);
    await section.scrollIntoViewIfNeeded();
    await shot(page, "compose-reddit-phone");
  });

  it("holds back a post the subreddit refuses, says why at each field, and schedules it once fixed", { timeout: 180_000 }, async () => {
    reddit.on("GET", "/r/nosuchsub42/about", () => ({ status: 302, headers: { location: "/subreddits/search.json?q=nosuchsub42" } }));
    reddit.on("GET", "/r/Breadit/about", () => ({ json: { kind: "t5", data: { display_name: "Breadit", subreddit_type: "public", submission_type: "self" } } }));
    reddit.on("GET", "/api/v1/Breadit/post_requirements", () => ({ json: { is_flair_required: true } }));
    reddit.on("GET", "/r/Breadit/api/link_flair_v2", () => ({ json: [{ id: "f-home", text: "Homemade", mod_only: false }, { id: "f-mod", text: "Mods only", mod_only: true }] }));

    const page = await app.newPage({ timezoneId: "UTC" });
    await signUpWithWorkspace(page, { name: "Bruno Bread", email: "bruno@example.com", workspace: "Bruno's Breads" });
    const added = await api(page, "POST", "/api/accounts", { platform: "reddit", handle: "brunobreads", credentials: { accessToken: "reddit-token" } });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const accountId = (added.body.account as { id: string }).id;

    await page.goto("/dashboard/compose");
    const section = page.getByRole("group", { name: "Reddit" });
    await section.waitFor();
    await page.getByLabel("Post text for every platform").fill("Our rye starter is ten years old today.");
    await section.getByLabel("Title", { exact: true }).fill("A ten-year-old rye starter");

    // No such subreddit: said at the field as soon as it is known; Schedule sends nothing.
    await section.getByLabel("Subreddit", { exact: true }).fill("nosuchsub42");
    await expect.poll(() => describedBy(page, "Subreddit"), { timeout: 15_000 }).toContain("r/nosuchsub42 does not exist.");
    await page.getByRole("button", { name: "Schedule", exact: true }).click();
    const alert = page.locator('form [role="alert"]');
    await expect.poll(() => alert.textContent(), { timeout: 15_000 }).toMatch(/The post was not scheduled: the subreddit does not take it as it is\..*marked below/);
    expect(await alert.evaluate((el) => el === document.activeElement)).toBe(true);

    // r/Breadit takes text posts only and requires a flair: the link and the missing flair are marked.
    await section.getByLabel("Subreddit", { exact: true }).fill("Breadit");
    await page.getByLabel(/^Link/).fill("https://example.org/rye");
    await section.getByText("r/Breadit takes text posts only; it requires a flair.").waitFor({ timeout: 15_000 });
    await page.getByText("Link posts are not allowed in r/Breadit: leave the link out, or put it into the text.").waitFor();
    const flair = section.getByRole("combobox", { name: /^Flair/ });
    expect(await flair.locator("option").allTextContents()).toEqual(["Choose a flair", "Homemade"]);
    expect(await flair.getAttribute("aria-invalid")).toBe("true");
    expect(await section.getByText("This subreddit requires a flair: choose one.").count()).toBe(1);
    expect(await axe(page)).toEqual([]);
    await shot(page, "compose-reddit-rules");
    await page.getByRole("button", { name: "Schedule", exact: true }).click();
    await expect.poll(() => alert.textContent(), { timeout: 15_000 }).toMatch(/The post was not scheduled/);
    expect(await db().postTarget.count({ where: { accountId } })).toBe(0);

    await page.getByLabel(/^Link/).fill("");
    await flair.selectOption({ label: "Homemade" });
    expect(await flair.getAttribute("aria-invalid")).toBeNull();
    await page.getByRole("button", { name: "Schedule", exact: true }).click();
    const open = page.getByRole("link", { name: "Open the post" });
    await open.waitFor({ timeout: 30_000 });
    const tasks = await db().agentTask.findMany({ where: { accountId }, select: { config: true } });
    expect(tasks).toHaveLength(1);
    expect((tasks[0].config as { reddit?: unknown }).reddit).toEqual({ subreddit: "Breadit", title: "A ten-year-old rye starter", flairId: "f-home" });
    expect(reddit.requests.every((q) => q.headers.authorization === "Bearer reddit-token")).toBe(true);
    expect(reddit.requests.some((q) => q.path === "/api/submit")).toBe(false);
  });
});
