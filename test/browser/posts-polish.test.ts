// The Posts page as a newcomer met it (issue 14, item 11), in chromium on `next start`, with the
// browser in New York and the server in UTC:
// - no hydration error (the page used to read the browser's zone while rendering, so the server's
//   HTML and the browser's first render disagreed); no error in the console at all;
// - an X handle typed with its "@" shows with one "@" (was "@@brunobakes");
// - a post published in simulation mode says so beside its status and links nowhere (it used to
//   link to x.com with a made-up id);
// - times on a 24-hour clock, as on every other page (this one used to say "9:30 AM");
// - /favicon.ico is an icon (was 404).
// And the navigation at 375 px (issue 14, item 10): the row of links was cut at "Imp…" and the
// rest could only be reached by a sideways swipe nobody would guess; now a Menu button opens every
// page, each opens from it, marks itself as current and closes the menu, and no page is wider
// than the phone. From 640 px the links are one row, without the button.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { api, axe, shot, signUpWithWorkspace, startApp } from "./support/harness";

const app = startApp();

/** Console errors and uncaught page errors from now on (a hydration mismatch is either). */
function errorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  return errors;
}

describe("the Posts page", () => {
  it("renders without a hydration error in another zone, one @ per handle, simulated posts labelled and unlinked, 24-hour times", { timeout: 180_000 }, async () => {
    const page = await app.newPage({ timezoneId: "America/New_York" });
    await signUpWithWorkspace(page, { name: "Bruno Baker", email: "bruno@example.com", workspace: "Bruno's Bakes" });
    const added = await api(page, "POST", "/api/accounts", { platform: "twitter", handle: "@brunobakes" });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const accountId = (added.body.account as { id: string }).id;

    // Published now (by the request's own after-response work), and one for later in the day.
    const now = await api(page, "POST", "/api/agent/schedule", { accountIds: [accountId], content: "Cinnamon buns are out of the oven!" });
    expect(now.status, JSON.stringify(now.body)).toBe(201);
    const later = await api(page, "POST", "/api/agent/schedule", {
      accountIds: [accountId],
      content: "Sourdough class tomorrow evening",
      scheduledAt: "2099-05-04T21:30:00.000Z",
    });
    expect(later.status, JSON.stringify(later.body)).toBe(201);
    await expect
      .poll(async () => ((await api(page, "GET", "/api/posts?status=published")).body.posts as unknown[]).length, { timeout: 15_000 })
      .toBe(1);

    // The workspace's zone came from the browser at sign-up (New York); the server runs in UTC.
    const errors = errorsOf(page);
    await page.goto("/dashboard/posts");
    const published = page.locator('li[data-post-id][data-status="published"]');
    await published.waitFor();
    // Let hydration finish and report.
    await page.waitForLoadState("load");
    await page.waitForTimeout(1_000);
    expect(errors).toEqual([]);

    const row = published.locator('li[data-platform="twitter"]');
    expect(await row.textContent()).toContain("@brunobakes");
    expect(await page.getByText("@@brunobakes").count()).toBe(0);
    await row.getByText("Simulated: nothing was sent to X").waitFor();
    expect(await row.getByRole("link").count()).toBe(0);
    // The API says it too, for clients that show links.
    const listed = (await api(page, "GET", "/api/posts?status=published")).body.posts as { targets: { simulated: boolean; url: string | null }[] }[];
    expect(listed[0].targets[0].simulated).toBe(true);

    // 21:30 UTC on 4 May 2099 is 17:30 in New York (EDT): a 24-hour clock, no AM/PM anywhere.
    const scheduled = page.locator('li[data-post-id][data-status="scheduled"]');
    expect(await scheduled.locator("time").first().textContent()).toBe("4 May 2099, 17:30");
    expect(await page.locator("main").textContent()).not.toMatch(/\d (AM|PM)\b/i);

    expect(await axe(page)).toEqual([]);
    await shot(page, "posts-polish");

    const icon = await page.request.get("/favicon.ico");
    expect(icon.status()).toBe(200);
    const bytes = await icon.body();
    // An ICO file: reserved 0, type 1 (icon), at least one image.
    expect([bytes.readUInt16LE(0), bytes.readUInt16LE(2)]).toEqual([0, 1]);
    expect(bytes.readUInt16LE(4)).toBeGreaterThan(0);
  });

  it("shows a published post's note from the network (a refused YouTube thumbnail, say) beside it, not as an error", { timeout: 180_000 }, async () => {
    const page = await app.newPage();
    await page.setViewportSize({ width: 375, height: 800 });
    await signUpWithWorkspace(page, { name: "Nora Note", email: "nora@example.com", workspace: "Nora's Notes" });
    const added = await api(page, "POST", "/api/accounts", { platform: "twitter", handle: "@noranotes" });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const now = await api(page, "POST", "/api/agent/schedule", { accountIds: [(added.body.account as { id: string }).id], content: "New video is up" });
    expect(now.status, JSON.stringify(now.body)).toBe(201);
    const postId = now.body.postId as string;
    await expect.poll(async () => (await db().postTarget.findFirstOrThrow({ where: { postId } })).status, { timeout: 15_000 }).toBe("published");
    // What the scheduler's write-back keeps from PublishResult.warnings (lib/scheduler/sql/finish.ts).
    const note = "The video is live, but YouTube refused the custom thumbnail: the channel is not verified for custom thumbnails.";
    await db().postTarget.updateMany({ where: { postId }, data: { error: note } });

    await page.goto("/dashboard/posts");
    const row = page.locator(`li[data-post-id="${postId}"] li[data-target-id]`);
    await row.getByTestId("target-note").waitFor();
    expect(await row.getByTestId("target-note").textContent()).toBe(`Published, with a note: ${note}`);
    expect(await row.getByText("What went wrong").count()).toBe(0);
    expect(await axe(page)).toEqual([]);
  });

  it("reaches every page from the Menu at 375 px, none wider than the phone; one row of links from 640 px", { timeout: 180_000 }, async () => {
    const page = await app.newPage({ timezoneId: "UTC" });
    await signUpWithWorkspace(page, { name: "Mia Menu", email: "mia@example.com", workspace: "Mia's Muffins" });
    await page.setViewportSize({ width: 375, height: 800 });
    const nav = page.getByRole("navigation", { name: "Main" });
    const menu = nav.getByRole("button", { name: /^Menu/ });
    const pages = [
      ["Compose", "/dashboard/compose"],
      ["Autopilot", "/dashboard/autopilot"],
      ["Calendar", "/dashboard/calendar"],
      ["Posts", "/dashboard/posts"],
      ["Analytics", "/dashboard/analytics"],
      ["Campaigns", "/dashboard/campaigns"],
      ["Import", "/dashboard/import"],
      ["Accounts", "/dashboard/accounts"],
      ["Recipients", "/dashboard/recipients"],
      ["Settings", "/dashboard/settings"],
      ["Audit log", "/dashboard/admin/audit"],
      ["Tasks", "/dashboard/admin/tasks"],
    ] as const;
    await page.goto("/dashboard");
    const tooWide: string[] = [];
    for (const [label, path] of pages) {
      await menu.click();
      expect(await menu.getAttribute("aria-expanded")).toBe("true");
      const link = nav.getByRole("link", { name: label, exact: true });
      const box = await link.boundingBox();
      expect(box, label).not.toBeNull();
      expect(box!.x + box!.width, label).toBeLessThanOrEqual(375);
      await link.click();
      await page.waitForURL((u) => u.pathname === path);
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      // The menu closed, says where the person is, and the page fits the phone.
      expect(await menu.getAttribute("aria-expanded"), label).toBe("false");
      expect(await menu.textContent(), label).toContain(label);
      // Measured once the page's own data has had a moment to arrive (tables and charts come then).
      await page.waitForTimeout(1_000);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 375) tooWide.push(`${label}: ${width} px`);
    }
    expect(tooWide).toEqual([]);
    await menu.click();
    expect(await nav.getByRole("link", { name: "Tasks", exact: true }).getAttribute("aria-current")).toBe("page");
    expect(await axe(page)).toEqual([]);
    await shot(page, "nav-phone-open");

    // From 640 px: every link in one visible row, no Menu button.
    await page.setViewportSize({ width: 1024, height: 800 });
    await expect.poll(() => menu.isVisible()).toBe(false);
    for (const [label] of pages) expect(await nav.getByRole("link", { name: label, exact: true }).isVisible(), label).toBe(true);
  });
});
