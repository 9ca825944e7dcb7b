// The community inbox in chromium (docs/decisions.md, "Inbox"): a simulated account has a post
// published ten hours ago; the inbox is empty; the cron's process call sweeps the inbox and a
// simulated reply arrives on the open page live (no reload), with the navigation's count; the
// thread shows our post and the reply; "Suggest an answer" fills in the reply suggestion; the answer
// is sent (a reply task, run at once) and shows in the thread as ours. Then the page at 375 px, and
// the notice of what an account's last sweep could not read (a Meta permission left unticked).
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { api, axe, scrollsSideways, shot, signUpWithWorkspace, startApp } from "./support/harness";

const app = startApp();

describe("the community inbox in chromium", () => {
  it("shows a reply arriving live, suggests an answer, sends it and shows it in the thread", { timeout: 240_000 }, async () => {
    const page = await app.newPage();
    await signUpWithWorkspace(page, { name: "Ivy Inbox", email: "ivy@example.com", workspace: "Inbox Bakery" });
    const r = await api(page, "POST", "/api/accounts", { platform: "bluesky", handle: "inbox-bakery.bsky.social" });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const account = r.body.account as { id: string; workspaceId?: string };
    const acc = await db().socialAccount.findUniqueOrThrow({ where: { id: account.id } });
    // Our post, published (simulated) ten hours ago: simulation answers it with replies.
    const post = await db().post.create({ data: { workspaceId: acc.workspaceId, text: "Rye loaves are back this weekend", status: "published" } });
    await db().postTarget.create({
      data: { workspaceId: acc.workspaceId, postId: post.id, accountId: acc.id, platform: "bluesky", status: "published", platformPostId: "sim_bluesky_inbox_browser_1", publishedAt: new Date(Date.now() - 10 * 3_600_000) },
    });

    await page.goto("/dashboard/inbox");
    await page.getByText("Nothing to answer yet.").waitFor({ timeout: 30_000 });
    await page.waitForSelector('[data-live="live"]', { timeout: 30_000 });
    await page.evaluate(() => ((window as unknown as { heraldNoReload: boolean }).heraldNoReload = true));

    // The cron's call sweeps the inbox: simulated replies arrive.
    const processed = await fetch(`${app.base}/api/agent/process`, { method: "POST", headers: { authorization: `Bearer ${process.env.CRON_SECRET}` } });
    expect(processed.status, await processed.clone().text()).toBe(200);
    const first = page.getByRole("button", { name: /@simulated-fan-/ }).first();
    await first.waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { heraldNoReload?: boolean }).heraldNoReload)).toBe(true);
    expect(await first.getByText("Simulated", { exact: true }).count()).toBe(1);
    const count = await db().inboxItem.count({ where: { workspaceId: acc.workspaceId, status: "open" } });
    expect(count).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId("inbox-count").first().textContent(), { timeout: 30_000 }).toContain(String(count));
    await shot(page, "inbox-arrived");

    await first.click();
    const thread = page.getByRole("region", { name: "Thread" });
    await thread.getByText("Rye loaves are back this weekend").waitFor();
    await thread.getByRole("button", { name: "Suggest an answer" }).click();
    const box = thread.getByLabel("Your answer");
    await expect.poll(() => box.inputValue(), { timeout: 30_000 }).not.toBe("");
    await thread.getByText(/Suggested by the/).waitFor();
    await box.fill("Thank you! See you at the bakery.");
    await thread.getByRole("button", { name: "Send answer" }).click();
    // Sent right after the response (a reply task run at once); the thread shows it as ours, live.
    await thread.locator('[data-outgoing="true"]').getByText("Thank you! See you at the bakery.").waitFor({ timeout: 60_000 });
    const ours = await db().inboxItem.findFirstOrThrow({ where: { workspaceId: acc.workspaceId, outgoing: true } });
    expect(ours).toMatchObject({ text: "Thank you! See you at the bakery.", simulated: true });
    expect(await db().simulatedPost.count({ where: { accountId: acc.id } })).toBe(1);
    await shot(page, "inbox-answered");
    expect(await axe(page)).toEqual([]);

    await page.setViewportSize({ width: 375, height: 800 });
    expect(await scrollsSideways(page)).toBe(false);
    await shot(page, "inbox-phone");
  });

  it("names above the list, at 375 px, what an account's last sweep could not read and where to fix it", { timeout: 180_000 }, async () => {
    const page = await app.newPage();
    await page.setViewportSize({ width: 375, height: 800 });
    await signUpWithWorkspace(page, { name: "Nia Notice", email: "nia@example.com", workspace: "Notice Bakery" });
    const r = await api(page, "POST", "/api/accounts", { platform: "instagram", handle: "notice.bakery" });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const acc = await db().socialAccount.findUniqueOrThrow({ where: { id: (r.body.account as { id: string }).id } });
    // What the sweep writes when Meta refused an edge (test/integration/inbox-meta-mentions.test.ts).
    const message = "Instagram refused reading comments for @notice.bakery (the instagram_manage_comments permission was not granted); reconnect the account with Meta and leave instagram_manage_comments ticked to collect them.";
    await db().inboxCursor.create({ data: { accountId: acc.id, workspaceId: acc.workspaceId, notices: [message] } });

    await page.goto("/dashboard/inbox");
    const notice = page.getByRole("region", { name: "Some replies cannot be read" });
    await notice.getByText(message).waitFor({ timeout: 30_000 });
    expect(await notice.getByRole("link", { name: "Reconnect on the Accounts page" }).getAttribute("href")).toBe("/dashboard/accounts");
    // Above the list (and its empty state), where the person looks first.
    const noticeBox = await notice.boundingBox();
    const emptyBox = await page.getByText("Nothing to answer yet.").boundingBox();
    expect(noticeBox!.y).toBeLessThan(emptyBox!.y);
    expect(await scrollsSideways(page)).toBe(false);
    expect(await axe(page)).toEqual([]);
    await shot(page, "inbox-notice-phone");
  });
});
