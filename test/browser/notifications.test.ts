// The notification bell and Settings → Notifications (docs/decisions.md, "Notifications") in
// chromium on `next start`, on a phone (375 px):
// 1. with nothing yet, the bell opens on its empty state;
// 2. a post fails for good in a cron call: the bell of an open page says 1 unread (live), its panel (which fits the
//    screen, no sideways scroll, axe clean) shows the failure, labelled simulated, with its time in
//    the workspace's zone; clicking it marks it read and follows its link; Mark all read clears a
//    second one;
// 3. the weekly digest opt-in in Settings persists across a reload and queues the digest task.
// Screenshots land in test-results/browser/notifications-*.png.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { api, axe, scrollsSideways, shot, signUpWithWorkspace, startApp } from "./support/harness";

const app = startApp();
const PHONE = { width: 375, height: 800 };
const EMPTY = "Nothing new. Herald tells you here when a post fails, waits for review, or an account needs reconnecting.";

const bell = (page: Page) => page.getByRole("button", { name: /^Notifications, \d+ unread$/ });
const panel = (page: Page) => page.getByRole("region", { name: "Notifications", exact: true });

async function cron() {
  const r = await fetch(`${app.base}/api/agent/process`, { method: "POST", headers: { authorization: `Bearer ${process.env.CRON_SECRET}` } });
  expect(r.status, await r.clone().text()).toBe(200);
}

describe("notifications", () => {
  it("shows a failed post under the bell, marks it read, and keeps the digest opt-in", { timeout: 300_000 }, async () => {
    const page = await app.newPage({ timezoneId: "UTC" });
    await signUpWithWorkspace(page, { name: "Fritz Fail", email: "fritz@example.com", workspace: "Fritz's Bakery" });
    await page.setViewportSize(PHONE);
    const me = await db().user.findUniqueOrThrow({ where: { email: "fritz@example.com" }, include: { memberships: true } });
    const workspaceId = me.memberships[0].workspaceId;
    // The workspace's zone differs from the browser's: times show in Tokyo's.
    await db().workspace.update({ where: { id: workspaceId }, data: { timeZone: "Asia/Tokyo" } });

    // 1. Empty.
    await page.goto("/dashboard/posts");
    await expect.poll(() => bell(page).getAttribute("aria-label"), { timeout: 15_000 }).toBe("Notifications, 0 unread");
    await bell(page).click();
    await panel(page).getByText(EMPTY).waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => panel(page).count()).toBe(0);

    // 2. A post that the platform refuses for good, published by the cron.
    const added = await api(page, "POST", "/api/accounts", { platform: "bluesky", handle: "fritzbakes.bsky.social" });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const accountId = (added.body.account as { id: string }).id;
    await db().socialAccount.update({ where: { id: accountId }, data: { simulation: { failRate: 1, failureClass: "permanent" } } });
    const at = new Date(Date.now() + 60 * 60_000).toISOString();
    const scheduled = await api(page, "POST", "/api/agent/schedule", { accountIds: [accountId], content: "Plum cake, Saturday only", scheduledAt: at });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
    await db().agentTask.updateMany({ where: { workspaceId, type: "social_post" }, data: { scheduledAt: new Date(Date.now() - 1_000) } });
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    await cron();
    await expect.poll(() => db().notification.count({ where: { workspaceId, userId: me.id } }), { timeout: 30_000 }).toBe(1);
    // The open Posts page's live stream brings it to the bell, well before the next poll.
    await expect.poll(() => bell(page).getAttribute("aria-label"), { timeout: 6_000 }).toBe("Notifications, 1 unread");

    await page.goto("/dashboard");
    await expect.poll(() => bell(page).getAttribute("aria-label"), { timeout: 15_000 }).toBe("Notifications, 1 unread");
    await bell(page).click();
    const item = panel(page).getByRole("button", { name: /A post failed on @fritzbakes\.bsky\.social \(simulated\)/ });
    await item.waitFor();
    await panel(page).getByText(/Plum cake, Saturday only/).waitFor();
    const created = (await db().notification.findFirstOrThrow({ where: { workspaceId, userId: me.id } })).createdAt;
    const tokyo = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", hourCycle: "h23", timeZone: "Asia/Tokyo" }).format(created);
    await panel(page).getByText(tokyo).waitFor();
    // The panel fits the phone's screen.
    const box = (await panel(page).boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    expect(await scrollsSideways(page)).toBe(false);
    await shot(page, "notifications-panel-375");
    expect(await axe(page)).toEqual([]);

    await item.click();
    await page.waitForURL((u) => u.pathname === "/dashboard/posts");
    await expect.poll(() => bell(page).getAttribute("aria-label"), { timeout: 15_000 }).toBe("Notifications, 0 unread");
    expect((await db().notification.findFirstOrThrow({ where: { workspaceId, userId: me.id } })).readAt).not.toBeNull();

    // Mark all read.
    await db().notification.create({ data: { workspaceId, userId: me.id, kind: "account_reconnect", title: "Reconnect @fritzbakes.bsky.social", body: "b", link: "/dashboard/accounts", dedupeKey: "t" } });
    await page.reload();
    await expect.poll(() => bell(page).getAttribute("aria-label"), { timeout: 15_000 }).toBe("Notifications, 1 unread");
    await bell(page).click();
    await panel(page).getByRole("button", { name: "Mark all read" }).click();
    await expect.poll(() => bell(page).getAttribute("aria-label"), { timeout: 15_000 }).toBe("Notifications, 0 unread");
    await page.keyboard.press("Escape");

    // 3. The digest opt-in persists.
    await page.goto("/dashboard/settings");
    const section = page.getByRole("region", { name: "Notifications", exact: true });
    const digest = section.getByRole("checkbox", { name: "Weekly digest" });
    await digest.waitFor();
    expect(await digest.isChecked()).toBe(false);
    expect(await section.getByRole("checkbox", { name: "Email me too" }).isChecked()).toBe(true);
    await digest.check();
    await section.getByText(/^Saved: you get the weekly digest/).waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await shot(page, "notifications-settings-375");
    await page.reload();
    await expect.poll(() => section.getByRole("checkbox", { name: "Weekly digest" }).isChecked(), { timeout: 15_000 }).toBe(true);
    expect(await db().agentTask.count({ where: { workspaceId, type: "digest", status: "pending" } })).toBe(1);
  });
});
