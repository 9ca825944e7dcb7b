// The emergency stop (docs/decisions.md, "Emergency stop") in chromium on `next start`, on a
// phone (375 px), as an owner would use it:
// 1. in Settings → Publishing the switch asks first (and "Keep publishing" changes nothing), then
//    pauses; the banner shows at once, the page does not scroll sideways and axe finds nothing;
// 2. a Posts page open in another tab gets the banner live, without a reload; every other page,
//    reached through the phone menu or loaded afresh, shows it too;
// 3. a post due now waits while paused (a cron call sends nothing), and the composer's "Publish
//    now" says so;
// 4. Resume in the banner removes it everywhere, the Settings switch is off again, and the next
//    cron call publishes the waiting post.
// Screenshots land in test-results/browser/emergency-stop-*.png.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { api, axe, scrollsSideways, shot, signUpWithWorkspace, startApp } from "./support/harness";

const app = startApp();
const PHONE = { width: 375, height: 800 };
const BANNER_TEXT = "Publishing is paused — nothing will be posted until you resume.";

const banner = (page: Page) => page.getByRole("region", { name: "Publishing paused" });

async function cron() {
  const r = await fetch(`${app.base}/api/agent/process`, { method: "POST", headers: { authorization: `Bearer ${process.env.CRON_SECRET}` } });
  expect(r.status, await r.clone().text()).toBe(200);
  return (await r.json()) as { claimed: number; completed: number; heldByPause: number };
}

describe("the emergency stop", () => {
  it("pauses from Settings with a confirmation, shows the banner on every page (live in another tab), and resumes from the banner", { timeout: 300_000 }, async () => {
    const page = await app.newPage({ timezoneId: "UTC" });
    await signUpWithWorkspace(page, { name: "Petra Pause", email: "petra@example.com", workspace: "Petra's Pies" });
    await page.setViewportSize(PHONE);
    const added = await api(page, "POST", "/api/accounts", { platform: "bluesky", handle: "petraspies.bsky.social" });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const accountId = (added.body.account as { id: string }).id;

    // A Posts page in a second tab of the same browser, listening to the live stream.
    const posts = await page.context().newPage();
    await posts.setViewportSize(PHONE);
    await posts.goto("/dashboard/posts");
    await posts.getByRole("heading", { level: 1 }).first().waitFor();
    expect(await banner(posts).count()).toBe(0);

    // 1. Settings: the switch asks first.
    await page.goto("/dashboard/settings");
    const section = page.getByRole("region", { name: "Publishing", exact: true });
    const toggle = section.getByRole("switch", { name: "Pause all publishing" });
    expect(await toggle.getAttribute("aria-checked")).toBe("false");
    expect(await banner(page).count()).toBe(0);
    await toggle.click();
    const confirm = section.getByRole("group", { name: "Pause all publishing?" });
    await confirm.waitFor();
    await confirm.getByRole("button", { name: "Keep publishing" }).click();
    await expect.poll(() => confirm.count()).toBe(0);
    expect(await toggle.getAttribute("aria-checked")).toBe("false");
    expect((await api(page, "GET", "/api/workspace/publishing")).body.publishing).toMatchObject({ paused: false });

    await toggle.click();
    await section.getByRole("group", { name: "Pause all publishing?" }).getByRole("button", { name: "Pause publishing" }).click();
    await banner(page).getByText(BANNER_TEXT).waitFor({ timeout: 15_000 });
    expect(await toggle.getAttribute("aria-checked")).toBe("true");
    await section.getByText(/^Paused by Petra Pause on \d{1,2} \w{3} \d{4}, \d{2}:\d{2}\./).waitFor();
    expect(await banner(page).getByText(/^Paused by Petra Pause on/).count()).toBe(1);
    expect((await api(page, "GET", "/api/workspace/publishing")).body.publishing).toMatchObject({ paused: true, pausedByName: "Petra Pause" });
    expect(await scrollsSideways(page)).toBe(false);
    await shot(page, "emergency-stop-settings-375");
    expect(await axe(page)).toEqual([]);

    // 2. The other tab got it live; other pages show it, through the phone menu and afresh.
    await banner(posts).getByText(BANNER_TEXT).waitFor({ timeout: 15_000 });
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const [label, path] of [["Calendar", "/dashboard/calendar"], ["Compose", "/dashboard/compose"]] as const) {
      await nav.getByRole("button", { name: /^Menu/ }).click();
      await nav.getByRole("link", { name: label, exact: true }).click();
      await page.waitForURL((u) => u.pathname === path);
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      await banner(page).getByText(BANNER_TEXT).waitFor();
      expect(await scrollsSideways(page), label).toBe(false);
    }
    for (const path of ["/dashboard", "/dashboard/admin/tasks", "/dashboard/accounts"]) {
      await page.goto(path);
      await banner(page).getByText(BANNER_TEXT).waitFor();
      expect(await scrollsSideways(page), path).toBe(false);
    }
    // The Tasks page says what the pause holds (nothing due yet).
    await page.goto("/dashboard/admin/tasks");
    await page.locator('[data-count="heldByPause"]').getByText(/0 due tasks wait for the resume/).waitFor({ timeout: 15_000 });

    // 3. A post due now waits: its own publish-now work and a cron call send nothing.
    const scheduled = await api(page, "POST", "/api/agent/schedule", { accountIds: [accountId], content: "Apple pie, fresh out of the oven" });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
    const taskId = (scheduled.body.tasks as { id: string }[])[0].id;
    const held = await cron();
    expect(held).toMatchObject({ claimed: 0, heldByPause: 1 });
    expect(await db().agentTask.findUniqueOrThrow({ where: { id: taskId }, select: { status: true, retryCount: true } })).toEqual({ status: "pending", retryCount: 0 });
    await page.reload();
    await page.locator('[data-count="heldByPause"]').getByText(/1 due task waits for the resume/).waitFor({ timeout: 15_000 });
    expect(await scrollsSideways(page)).toBe(false);
    await shot(page, "emergency-stop-tasks-375");
    expect(await axe(page)).toEqual([]);

    // The composer's "Publish now" says the post waits, not "Publishing now".
    await page.goto("/dashboard/compose");
    await page.getByRole("checkbox", { name: /Bluesky/ }).check();
    await page.getByLabel("Post text for every platform").fill("Cherry pie, as soon as we resume");
    await page.getByRole("button", { name: "Publish now", exact: true }).click();
    await page.getByText("Publishing is paused for this workspace: nothing goes out until an admin resumes it.").waitFor({ timeout: 15_000 });
    expect(await page.getByText(/^Publishing now/).count()).toBe(0);
    expect(await scrollsSideways(page)).toBe(false);

    // 4. Resume from the banner (in the live tab): gone there, and on the next page of the first tab.
    await posts.bringToFront();
    await shot(posts, "emergency-stop-posts-banner-375");
    await banner(posts).getByRole("button", { name: "Resume publishing" }).click();
    await expect.poll(() => banner(posts).count(), { timeout: 15_000 }).toBe(0);
    expect((await api(posts, "GET", "/api/workspace/publishing")).body.publishing).toMatchObject({ paused: false, pausedAt: null });
    await page.goto("/dashboard/settings");
    await page.getByRole("region", { name: "Publishing", exact: true }).getByRole("switch", { name: "Pause all publishing" }).waitFor();
    expect(await banner(page).count()).toBe(0);
    expect(await page.getByRole("region", { name: "Publishing", exact: true }).getByRole("switch", { name: "Pause all publishing" }).getAttribute("aria-checked")).toBe("false");

    // The first cron call after the resume publishes the post that waited.
    const sent = await cron();
    expect(sent).toMatchObject({ heldByPause: 0 });
    expect(await db().agentTask.findUniqueOrThrow({ where: { id: taskId }, select: { status: true } })).toEqual({ status: "completed" });
  });
});
