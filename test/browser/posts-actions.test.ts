// The Posts page's own actions on posts (issue 14, item 1; docs/decisions.md, "Editing a scheduled
// post"), in chromium on `next start`, with the workspace in Tokyo (the browser's zone at sign-up):
// - each card links to the composer to edit (while every platform still waits) and to duplicate;
//   a post being published has neither Edit nor Delete; a draft has Edit but no "Cancel post";
// - Delete asks first ("No, keep it" keeps it) and then the post leaves the list; a post the cron
//   took meanwhile is refused in the server's words beside its buttons;
// - two ticked posts move to a new wall-clock time in the workspace's zone in one go, the cards
//   show it, and each post's History shows the edit; a ticked post already being published is
//   refused by its text and reason while the other moves;
// - at 375 px nothing scrolls sideways, with the bar and a History open; axe finds nothing.
// Times are relative to the test's clock (docs/testing.md, "Any date").
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { api, axe, scrollsSideways, shot, signUpWithWorkspace, startApp } from "./support/harness";

const app = startApp();
const ZONE = "Asia/Tokyo";
const HOUR = 3_600_000;

async function connect(page: Page): Promise<string> {
  const r = await api(page, "POST", "/api/accounts", { platform: "bluesky", handle: "bakery.bsky.social" });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return (r.body.account as { id: string }).id;
}

async function schedule(page: Page, accountId: string, content: string, inHours: number): Promise<string> {
  const r = await api(page, "POST", "/api/agent/schedule", { accountIds: [accountId], content, scheduledAt: new Date(Date.now() + inHours * HOUR).toISOString() });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.postId as string;
}

/** As the cron leaves a post it claimed: its task running (same database as the server). */
const startPublishing = (postId: string) => db().agentTask.updateMany({ where: { type: "social_post", postTarget: { postId } }, data: { status: "running" } });

/** A day `days` from now in the workspace's zone, as a date input takes it, and how the page shows 09:00 on it. */
function nineOClock(days: number) {
  const date = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(Date.now() + days * 24 * HOUR));
  const instant = new Date(`${date}T09:00:00+09:00`);
  const shown = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", hourCycle: "h23", timeZone: ZONE }).format(instant);
  return { date, instant, shown };
}

describe("actions on posts", () => {
  it("links to edit and duplicate, hides them while publishing, deletes after a confirm", { timeout: 180_000 }, async () => {
    const page = await app.newPage({ timezoneId: ZONE });
    await signUpWithWorkspace(page, { name: "Ana Editor", email: "ana@example.com", workspace: "Ana's Bakery" });
    const account = await connect(page);
    const lemon = await schedule(page, account, "Lemon drizzle is back on Friday", 3);
    const gone = await schedule(page, account, "Closed for the holidays", 4);
    const busy = await schedule(page, account, "Going out right now", 5);
    const late = await schedule(page, account, "Raffle tickets on sale", 6);
    await startPublishing(busy);
    const draft = await api(page, "POST", "/api/posts/drafts", { content: "Idea: pumpkin loaf", accountIds: [account] });
    expect(draft.status, JSON.stringify(draft.body)).toBeLessThan(300);
    const draftId = (draft.body.post as { id: string }).id;

    await page.goto("/dashboard/posts");
    const card = (id: string) => page.locator(`li[data-post-id="${id}"]`);
    await card(lemon).waitFor();
    expect(await card(lemon).getByRole("link", { name: /^Edit/ }).getAttribute("href")).toBe(`/dashboard/compose?edit=${lemon}`);
    expect(await card(lemon).getByRole("link", { name: /^Duplicate/ }).getAttribute("href")).toBe(`/dashboard/compose?from=${lemon}`);
    expect(await card(lemon).getByRole("button", { name: /^Cancel post/ }).count()).toBe(1);
    // Being published: it can be duplicated, not edited, cancelled or deleted.
    expect(await card(busy).getByRole("link", { name: /^Duplicate/ }).getAttribute("href")).toBe(`/dashboard/compose?from=${busy}`);
    expect(await card(busy).getByRole("link", { name: /^Edit/ }).count()).toBe(0);
    expect(await card(busy).getByRole("button", { name: /^(Delete|Cancel post)/ }).count()).toBe(0);
    // A draft is edited in the composer; there is nothing to cancel.
    expect(await card(draftId).getByRole("link", { name: /^Edit/ }).getAttribute("href")).toBe(`/dashboard/compose?edit=${draftId}`);
    expect(await card(draftId).getByRole("button", { name: /^Cancel post/ }).count()).toBe(0);

    // No history yet.
    await card(lemon).getByRole("button", { name: /^History/ }).click();
    await card(lemon).getByText("No edits yet.").waitFor();

    // Delete asks first; "No" keeps the post.
    await card(gone).getByRole("button", { name: /^Delete/ }).click();
    const question = card(gone).getByRole("group", { name: /^Delete this post\?/ });
    await question.waitFor();
    expect(await question.getByRole("button", { name: "No, keep it" }).evaluate((b) => b === document.activeElement)).toBe(true);
    expect(await axe(page)).toEqual([]);
    await question.getByRole("button", { name: "No, keep it" }).click();
    expect(await question.count()).toBe(0);
    expect((await api(page, "GET", `/api/posts/${gone}`)).status).toBe(200);
    await card(gone).getByRole("button", { name: /^Delete/ }).click();
    await card(gone).getByRole("button", { name: "Yes, delete" }).click();
    await expect.poll(() => card(gone).count(), { timeout: 15_000 }).toBe(0);
    expect((await api(page, "GET", `/api/posts/${gone}`)).status).toBe(404);

    // The cron took a post after the page showed it: the server's refusal, in words, beside its buttons.
    await startPublishing(late);
    await card(late).getByRole("button", { name: /^Delete/ }).click();
    await card(late).getByRole("button", { name: "Yes, delete" }).click();
    expect(await card(late).getByRole("alert").textContent()).toBe("This post is being published right now; wait until it has finished, then delete it.");
    expect((await api(page, "GET", `/api/posts/${late}`)).status).toBe(200);
    await shot(page, "posts-actions");
  });

  it("moves ticked posts to a new time, shows it in History, names a post that could not move; fits 375 px", { timeout: 180_000 }, async () => {
    const page = await app.newPage({ timezoneId: ZONE });
    await signUpWithWorkspace(page, { name: "Bo Baker", email: "bo@example.com", workspace: "Bo's Buns" });
    const account = await connect(page);
    const a = await schedule(page, account, "Cardamom buns all weekend", 2);
    const b = await schedule(page, account, "New sourdough starter class", 3);
    const started = await schedule(page, account, "Flash sale on croissants", 4);
    await startPublishing(started);

    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto("/dashboard/posts");
    const card = (id: string) => page.locator(`li[data-post-id="${id}"]`);
    await card(a).waitFor();
    const bar = page.getByRole("region", { name: "Selected posts" });
    expect(await bar.count()).toBe(0);

    // Two posts to Friday-ish 09:00 in Tokyo: the wall time goes to the server as it is.
    const first = nineOClock(3);
    await card(a).getByRole("checkbox", { name: "Select “Cardamom buns all weekend”" }).check();
    await card(b).getByRole("checkbox", { name: /^Select “New sourdough/ }).check();
    await bar.getByText("2 selected").waitFor();
    await bar.getByLabel("New date").fill(first.date);
    await bar.getByLabel("New time").fill("09:00");
    expect(await scrollsSideways(page)).toBe(false);
    await bar.getByRole("button", { name: "Reschedule" }).click();
    await expect.poll(() => page.getByTestId("bulk-summary").textContent(), { timeout: 15_000 }).toBe("2 moved.");
    expect(await bar.count()).toBe(0);
    for (const id of [a, b]) {
      await expect.poll(() => card(id).locator("time").first().textContent(), { timeout: 15_000 }).toBe(first.shown);
      expect(await card(id).getByRole("checkbox").isChecked()).toBe(false);
      const stored = (await api(page, "GET", `/api/posts/${id}`)).body.post as { scheduledAt: string };
      expect(new Date(stored.scheduledAt).getTime()).toBe(first.instant.getTime());
    }

    // History says who moved it, when, and from what time to what time.
    await card(a).getByRole("button", { name: /^History/ }).click();
    const version = card(a).locator('[data-version="1"]');
    await version.waitFor();
    expect(await version.locator("p").first().textContent()).toMatch(/^v1 · \d{1,2} \w{3,4} \d{4}, \d{2}:\d{2} · by Bo Baker — changed time$/);
    expect(await version.locator("p").nth(1).textContent()).toMatch(new RegExp(`^Time: \\d{1,2} \\w{3,4} \\d{4}, \\d{2}:\\d{2} →  to ${first.shown}$`));

    // One post already being published: refused by its text and reason; the other moves.
    const second = nineOClock(4);
    await card(b).getByRole("checkbox").check();
    await card(started).getByRole("checkbox").check();
    await bar.getByLabel("New date").fill(second.date);
    await bar.getByLabel("New time").fill("09:00");
    await bar.getByRole("button", { name: "Reschedule" }).click();
    await expect.poll(() => page.getByTestId("bulk-summary").textContent(), { timeout: 15_000 }).toBe("1 moved; 1 could not be:");
    const refusal = page.getByRole("alert").filter({ hasText: "Flash sale" });
    expect(await refusal.textContent()).toMatch(/^“Flash sale on croissants”: Only posts whose platforms are all still waiting can be edited; 1 of 1 already started/);
    await expect.poll(() => card(b).locator("time").first().textContent(), { timeout: 15_000 }).toBe(second.shown);
    // The refused post stays ticked, so it can be seen and dealt with.
    await bar.getByText("1 selected").waitFor();
    expect(await card(started).getByRole("checkbox").isChecked()).toBe(true);

    expect(await scrollsSideways(page)).toBe(false);
    expect(await axe(page)).toEqual([]);
    await shot(page, "posts-bulk-phone");
    await bar.getByRole("button", { name: /^Clear/ }).click();
    expect(await bar.count()).toBe(0);
  });
});
