// The web app in a real browser (playwright-core driving Debian's /usr/bin/chromium): a new user
// signs up and creates a workspace in the pages, connects two simulated accounts and schedules a
// post for both through the API with the browser's own session cookie, opens the posts page, the
// cron endpoint publishes the post, and the page turns it green live — no reload. Then the admin
// tasks page shows the owner the counts, and an invited viewer gets "not allowed".
//
// The server, the build (once per source tree, shared with the other browser test files), chromium
// and the helpers live in ./support/harness.ts. The server runs against this file's own database.
// Screenshots land in test-results/browser/ (gitignored; CI keeps them as artifacts).
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { api, axe, shot, signUpWithWorkspace, startApp } from "./support/harness";

const app = startApp();

describe("the dashboard in chromium", () => {
  it("publishes a two-platform post live on the posts page; admin counts for the owner; not allowed for a viewer", { timeout: 240_000 }, async () => {
    const page = await app.newPage();

    // Sign up and create a workspace through the pages, as a new user would.
    await signUpWithWorkspace(page, { name: "Olive Owner", email: "olive@example.com", workspace: "Corner Bakery" });

    // Accounts and the post through the API with the browser's session cookie.
    const accounts = [];
    for (const [platform, handle] of [["bluesky", "bakery.bsky.social"], ["mastodon", "bakery@mastodon.example"]]) {
      const r = await api(page, "POST", "/api/accounts", { platform, handle });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      accounts.push((r.body.account as { id: string }).id);
    }
    const dueAt = Date.now() + 4_000;
    const scheduled = await api(page, "POST", "/api/agent/schedule", {
      accountIds: accounts,
      content: "Fresh sourdough at 8 tomorrow — come early!",
      scheduledAt: new Date(dueAt).toISOString(),
    });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
    const postId = scheduled.body.postId as string;

    await page.goto("/dashboard/posts");
    const card = page.locator(`[data-post-id="${postId}"]`);
    await expect.poll(() => card.getAttribute("data-status")).toBe("scheduled");
    expect(await card.locator("[data-target-id]").count()).toBe(2);
    await page.waitForSelector('[data-live="live"]', { timeout: 30_000 });
    await shot(page, "posts-scheduled");
    await page.evaluate(() => ((window as unknown as { heraldNoReload: boolean }).heraldNoReload = true));

    // The cron publishes it.
    await sleep(Math.max(0, dueAt - Date.now() + 500));
    const processed = await fetch(`${app.base}/api/agent/process`, {
      method: "POST",
      headers: { authorization: `Bearer ${process.env.CRON_SECRET}` },
    });
    expect(processed.status, await processed.clone().text()).toBe(200);

    await page.waitForSelector(`[data-post-id="${postId}"][data-status="published"]`, { timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { heraldNoReload?: boolean }).heraldNoReload)).toBe(true);
    for (const platform of ["bluesky", "mastodon"]) {
      const row = card.locator(`[data-platform="${platform}"]`);
      expect(await row.getAttribute("data-status")).toBe("published");
      // Simulated accounts: labelled so, with no link to a page that does not exist.
      expect(await row.getByText(/^Simulated: nothing was sent to/).count()).toBe(1);
      expect(await row.getByRole("link", { name: /View on/ }).count()).toBe(0);
    }
    await expect.poll(() => page.getByTestId("live-announcer").textContent()).toMatch(/now published/);
    await shot(page, "posts-published");
    expect(await axe(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: "dark" });
    await shot(page, "posts-published-dark");
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 375, height: 800 });
    await shot(page, "posts-published-phone");
    await page.setViewportSize({ width: 1024, height: 900 });

    // A platform that needs review is explained in plain words; "Mark as published" settles it.
    const second = await api(page, "POST", "/api/agent/schedule", {
      accountIds: accounts,
      content: "Did this one go out?",
      scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const reviewId = second.body.postId as string;
    // As the cron leaves it after a timeout it could not resolve (same database as the server).
    const doubt = await db().postTarget.findFirstOrThrow({ where: { postId: reviewId, platform: "mastodon" } });
    await db().agentTask.updateMany({ where: { postTargetId: doubt.id, type: "social_post" }, data: { status: "needs_review", lastError: "Timed out after sending." } });
    await db().postTarget.update({ where: { id: doubt.id }, data: { status: "needs_review", error: "Timed out after sending." } });
    await page.reload();
    const review = page.locator(`[data-target-id="${doubt.id}"]`);
    await review.getByText("we cannot tell whether it went out").waitFor();
    expect(await review.getByRole("button", { name: "Publish again on Mastodon" }).count()).toBe(1);
    await review.getByRole("button", { name: "Mark as published on Mastodon" }).click();
    await review.getByLabel("Link to the live post (optional)").fill("not a link");
    await review.getByRole("button", { name: "Confirm it is live" }).click();
    // The API's field error, next to the field it is about.
    await review.getByText("Must be an http(s) URL of the live post.").waitFor();
    expect(await review.getByLabel("Link to the live post (optional)").getAttribute("aria-invalid")).toBe("true");
    await shot(page, "posts-needs-review");
    expect(await axe(page)).toEqual([]);
    await review.getByLabel("Link to the live post (optional)").fill("https://mastodon.example/@bakery/42");
    await review.getByRole("button", { name: "Confirm it is live" }).click();
    await page.waitForSelector(`[data-target-id="${doubt.id}"][data-status="published"]`, { timeout: 15_000 });
    expect(await review.getByRole("link", { name: /View on Mastodon/ }).getAttribute("href")).toBe("https://mastodon.example/@bakery/42");

    // Admin → Tasks as the owner.
    await page.goto("/dashboard/admin/tasks");
    await page.getByRole("heading", { name: "Tasks", level: 1 }).waitFor();
    // The page shows the API's numbers (other features may add tasks of their own, e.g. engagement
    // collection), and for publishing: two published by the cron, one marked by a person, one waiting.
    const stats = (await api(page, "GET", "/api/agent/tasks/stats")).body.stats as Record<string, number>;
    for (const k of ["total", "pending", "completed", "failed", "needs_review"]) {
      await expect.poll(() => page.locator(`[data-count="${k}"] dd`).textContent(), { timeout: 15_000 }).toBe(String(stats[k]));
    }
    const publishing = page.locator('[data-row="social_post"]');
    expect(await publishing.locator('[data-col="completed"]').textContent()).toBe("3");
    expect(await publishing.locator('[data-col="pending"]').textContent()).toBe("1");
    expect(await publishing.locator('[data-col="total"]').textContent()).toBe("4");
    const tp = (await api(page, "GET", "/api/agent/tasks/throughput?hours=48")).body.buckets as { completed: number; failed: number }[];
    const done = tp.reduce((n, b) => n + b.completed, 0);
    expect(done).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.getByTestId("throughput-summary").textContent(), { timeout: 15_000 }).toMatch(new RegExp(`^${done} completed and 0 failed`));
    // The task list, filtered to publishing tasks, with a finished task's attempts.
    await page.getByRole("combobox", { name: /^Type/ }).selectOption("social_post");
    await expect.poll(() => page.locator("[data-task-id]").count(), { timeout: 15_000 }).toBe(4);
    await page.getByRole("button", { name: /Show attempts for Publish a post on Bluesky/ }).last().click();
    await page.getByRole("cell", { name: "completed" }).first().waitFor();
    await shot(page, "admin-tasks");
    expect(await axe(page)).toEqual([]);

    // An invited viewer is told they are not allowed.
    const invited = await api(page, "POST", "/api/auth/organization/invite-member", { email: "vic@example.com", role: "viewer" });
    expect(invited.status, JSON.stringify(invited.body)).toBe(200);
    const vpage = await app.newPage();
    const signedUp = await api(vpage, "POST", "/api/auth/sign-up/email", { name: "Vic Viewer", email: "vic@example.com", password: "correct horse battery" });
    expect(signedUp.status, JSON.stringify(signedUp.body)).toBe(200);
    await vpage.goto(`/invite/${invited.body.id as string}`);
    await vpage.getByRole("button", { name: "Accept and join" }).click();
    await vpage.waitForURL((u) => !u.pathname.startsWith("/invite/"), { timeout: 30_000 });
    await vpage.goto("/dashboard/admin/tasks");
    await vpage.getByRole("heading", { name: "Not allowed" }).waitFor();
    expect(await vpage.getByText("You are a viewer here").count()).toBe(1);
    await shot(vpage, "admin-tasks-viewer-not-allowed");
    expect(await axe(vpage)).toEqual([]);
    // The viewer still sees the posts, without buttons that would change them.
    await vpage.goto("/dashboard/posts");
    await vpage.locator(`[data-post-id="${postId}"][data-status="published"]`).waitFor();
    expect(await vpage.getByRole("button", { name: /Retry|Cancel|Mark as published/ }).count()).toBe(0);
  });
});
