// Settings → Scheduler and live updates (docs/decisions.md, "Workspace settings") in chromium on
// `next start`, on a phone (375 px):
// 1. a value out of bounds is refused at its field, in the page's units, with the focus there;
//    a good one saves, and is there after a reload;
// 2. the dashboard follows it: with the event stream blocked, the Posts page refetches on the
//    workspace's 5-second interval, so a post scheduled elsewhere shows within seconds — on the
//    deployment's default (15 s) it would not within the 12 s the test allows.
// Screenshots land in test-results/browser/live-settings-*.png.
import { describe, expect, it } from "vitest";
import { api, axe, scrollsSideways, shot, signUpWithWorkspace, startApp } from "./support/harness";

const app = startApp();
const PHONE = { width: 375, height: 800 };
const OPEN_TAB = "If the live connection drops, refresh an open tab every (seconds)";

describe("scheduler and live-update settings", () => {
  it("are set in Settings within bounds and followed by the dashboard", { timeout: 300_000 }, async () => {
    const page = await app.newPage({ timezoneId: "UTC" });
    await signUpWithWorkspace(page, { name: "Lena Live", email: "lena@example.com", workspace: "Lena's Loaves" });
    await page.setViewportSize(PHONE);

    // 1. Settings: refused at the field, then saved.
    await page.goto("/dashboard/settings");
    const form = page.getByRole("form", { name: "Live updates" });
    const field = form.getByLabel(OPEN_TAB);
    expect(await field.getAttribute("placeholder")).toBe("15 (default)");
    await field.fill("2");
    await form.getByRole("button", { name: "Save live updates" }).click();
    await form.getByText("Use a number from 5 to 3600 seconds, or leave it empty for the default.").waitFor();
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    expect((await api(page, "GET", "/api/settings")).body.settings).toMatchObject({ own: { live: { pollActiveMs: null } } });

    await field.fill("5");
    expect(await field.getAttribute("aria-invalid")).toBeNull();
    await form.getByRole("button", { name: "Save live updates" }).click();
    await form.getByRole("status").getByText("Saved.").waitFor();
    expect((await api(page, "GET", "/api/settings")).body.settings).toMatchObject({ own: { live: { pollActiveMs: 5000 } }, values: { live: { pollActiveMs: 5000 } } });
    expect(await scrollsSideways(page)).toBe(false);
    await shot(page, "live-settings-375");
    expect(await axe(page)).toEqual([]);
    await page.reload();
    expect(await page.getByRole("form", { name: "Live updates" }).getByLabel(OPEN_TAB).inputValue()).toBe("5");

    // 2. The dashboard follows it: no event stream, so the Posts page polls every 5 s.
    const added = await api(page, "POST", "/api/accounts", { platform: "bluesky", handle: "lenasloaves.bsky.social" });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    await page.route("**/api/events**", (route) => route.abort());
    await page.goto("/dashboard/posts");
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    expect(await page.locator('[data-live="live"]').count()).toBe(0);
    const scheduled = await api(page, "POST", "/api/agent/schedule", {
      accountIds: [(added.body.account as { id: string }).id],
      content: "Rye loaves are back on Saturday",
      scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
    await page.locator(`[data-post-id="${scheduled.body.postId as string}"]`).waitFor({ timeout: 12_000 });
    expect(await scrollsSideways(page)).toBe(false);
  });
});
