// An editor whose post waits for approval, in a real browser (playwright-core driving Debian's
// /usr/bin/chromium), every step through the pages as the two people would do it:
// 1. an owner signs up, creates a workspace, connects a simulated account on the accounts page and
//    turns on "Editors' posts need an admin's approval" in Settings;
// 2. the owner invites an editor in Settings → Members and passes on the link; in a second browser
//    the editor opens it, creates an account from it and accepts;
// 3. the editor schedules two posts in the composer; the composer says they wait for approval, the
//    posts page shows them waiting, and the editor has no Approve or Reject button (the API says 403);
// 4. the owner approves the first on the posts page and rejects the second with a reason (an empty
//    reason is refused next to its field); the editor's open posts page shows the reason live;
// 5. the approved post has its publishing task; when it falls due the cron publishes it and both
//    people's pages turn it published.
// The harness (build once per source tree, next start against this file's database, chromium) is
// ./support/harness.ts. Screenshots land in test-results/browser/approval-*.png.
import { setTimeout as sleep } from "node:timers/promises";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { api, axe, shot, signUpWithWorkspace, startApp } from "./support/harness";

const app = startApp();
const UTC = { timezoneId: "UTC" };
const PASSWORD = "correct horse battery";

/** "YYYY-MM-DD" and "HH:mm" of an instant in UTC (the workspace's zone: the browsers run in UTC). */
const ymd = (d: Date) => d.toISOString().slice(0, 10);
const hm = (d: Date) => d.toISOString().slice(11, 16);

/** Writes a post in the composer for the Bluesky account at `at` and presses Schedule; returns its id. */
async function composeAndSchedule(page: Page, text: string, at: Date): Promise<string> {
  await page.goto("/dashboard/compose");
  await page.getByRole("checkbox", { name: /Bluesky/ }).check();
  await page.getByLabel("Post text for every platform").fill(text);
  await page.getByLabel("Date", { exact: true }).fill(ymd(at));
  await page.getByLabel("Time", { exact: true }).fill(hm(at));
  await page.getByRole("button", { name: "Schedule", exact: true }).click();
  const open = page.getByRole("link", { name: "Open the post" });
  await open.waitFor({ timeout: 30_000 });
  const id = new URL((await open.getAttribute("href"))!, app.base).searchParams.get("focus");
  expect(id).toBeTruthy();
  return id!;
}

describe("an editor whose post waits for approval", () => {
  it("is held until the owner approves it (then published by the cron) or rejects it with a reason the editor sees", { timeout: 300_000 }, async () => {
    // 1. The owner: workspace, a simulated account, the approval rule.
    const owner = await app.newPage(UTC);
    await signUpWithWorkspace(owner, { name: "Otto Owner", email: "otto@example.com", workspace: "Otto's Deli" });

    await owner.goto("/dashboard/accounts");
    const form = owner.locator("#connect-form");
    await form.getByLabel("Platform").selectOption("bluesky");
    const simulated = form.getByLabel("Simulated (nothing is posted)");
    if (await simulated.count()) await simulated.check();
    await form.getByLabel("Handle").fill("ottosdeli.bsky.social");
    await form.getByRole("button", { name: "Add simulated account" }).click();
    await owner.getByText(/account ottosdeli\.bsky\.social connected in simulation mode/).waitFor({ timeout: 15_000 });

    await owner.goto("/dashboard/settings");
    const approval = owner.getByRole("region", { name: "Approval" });
    const rule = approval.getByLabel(/Editors’ posts need an admin’s approval/);
    expect(await rule.isChecked()).toBe(false);
    await rule.check();
    await approval.getByText("Saved: editors' posts now wait for approval.").waitFor({ timeout: 15_000 });
    await owner.reload();
    expect(await owner.getByRole("region", { name: "Approval" }).getByLabel(/Editors’ posts need an admin’s approval/).isChecked()).toBe(true);

    // 2. The invitation by link, accepted in a second browser by someone without an account yet.
    const members = owner.getByRole("region", { name: "Members and roles" });
    await members.getByLabel("Email", { exact: true }).fill("edna@example.com");
    await members.getByLabel("Role", { exact: true }).selectOption("editor");
    await members.getByRole("button", { name: "Invite", exact: true }).click();
    await members.getByText("Invitation sent to").waitFor({ timeout: 15_000 });
    const link = (await members.locator("code").textContent())!.trim();
    expect(link).toMatch(new RegExp(`^${app.base}/invite/`));
    await shot(owner, "approval-settings-invited");
    expect(await axe(owner)).toEqual([]);

    const editor = await app.newPage(UTC);
    await editor.goto(link);
    await editor.getByRole("heading", { name: "Join Otto's Deli" }).waitFor();
    await editor.getByRole("link", { name: "Create an account" }).click();
    await editor.waitForURL(/\/sign-up\?/);
    expect(await editor.getByLabel("Email").inputValue()).toBe("edna@example.com");
    await editor.getByLabel("Your name").fill("Edna Editor");
    await editor.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await editor.getByRole("button", { name: "Create account" }).click();
    await editor.waitForURL(/\/invite\//, { timeout: 30_000 });
    await editor.getByRole("button", { name: "Accept and join" }).click();
    await editor.waitForURL((u) => u.pathname === "/dashboard", { timeout: 30_000 });

    // 3. The editor schedules two posts; both wait. The first is due at the next whole minute at
    // least 20 s away (the picker has whole minutes), so the cron can publish it soon after approval.
    const dueAt = new Date(Math.ceil((Date.now() + 20_000) / 60_000) * 60_000);
    const approvedText = "Pastrami on rye is back on Friday!";
    const approvedId = await composeAndSchedule(editor, approvedText, dueAt);
    const notice = editor.getByText("An admin or owner of this workspace must approve this post before it is published");
    await notice.waitFor();
    expect(await editor.getByText("Waiting for approval.", { exact: true }).count()).toBe(1);
    await shot(editor, "approval-compose-waiting");
    const rejectedText = "Everything half price, forever!!!";
    const rejectedId = await composeAndSchedule(editor, rejectedText, new Date(dueAt.getTime() + 3_600_000));
    await notice.waitFor();

    await editor.goto("/dashboard/posts");
    await editor.waitForSelector('[data-live="live"]', { timeout: 30_000 });
    for (const [id, text] of [[approvedId, approvedText], [rejectedId, rejectedText]]) {
      const card = editor.getByRole("listitem", { name: text });
      expect(await card.getAttribute("data-post-id")).toBe(id);
      expect(await card.getAttribute("data-approval")).toBe("pending");
      await card.getByText("Waiting for approval", { exact: true }).waitFor();
      await card.getByText("This post waits for an admin’s approval before it can be published.").waitFor();
      expect(await card.getByRole("button", { name: /Approve|Reject/ }).count()).toBe(0);
    }
    // Held: no publishing task yet. The API refuses the editor too (the button is not just hidden).
    expect(await db().agentTask.count({ where: { type: "social_post", postTarget: { postId: approvedId } } })).toBe(0);
    expect((await api(editor, "POST", `/api/posts/${approvedId}/approve`)).status).toBe(403);
    await shot(editor, "approval-posts-editor-waiting");
    expect(await axe(editor)).toEqual([]);

    // 4. The owner approves the first and rejects the second with a reason.
    await owner.goto("/dashboard/posts");
    const toApprove = owner.getByRole("listitem", { name: approvedText });
    const toReject = owner.getByRole("listitem", { name: rejectedText });
    await toApprove.getByText("An editor scheduled this post. It will not be published until an admin approves it.").waitFor();
    await shot(owner, "approval-posts-owner-pending");
    expect(await axe(owner)).toEqual([]);
    await toApprove.getByRole("button", { name: "Approve", exact: true }).click();
    await expect.poll(() => toApprove.getAttribute("data-approval"), { timeout: 15_000 }).toBe("approved");
    expect(await toApprove.getAttribute("data-status")).toBe("scheduled");
    expect(await toApprove.getByRole("button", { name: /Approve|Reject/ }).count()).toBe(0);

    await toReject.getByRole("button", { name: "Reject", exact: true }).click();
    const reason = toReject.getByLabel("Why not? The editor sees this.");
    await toReject.getByRole("button", { name: "Reject post" }).click();
    await toReject.getByText("Say why, so the editor can fix the post.").waitFor({ timeout: 15_000 });
    expect(await reason.getAttribute("aria-invalid")).toBe("true");
    const why = "We can't promise half price forever. Make it this weekend only.";
    await reason.fill(why);
    await shot(owner, "approval-posts-owner-rejecting");
    await toReject.getByRole("button", { name: "Reject post" }).click();
    await expect.poll(() => toReject.getAttribute("data-approval"), { timeout: 15_000 }).toBe("rejected");
    await toReject.getByText(why).waitFor();
    expect(await toReject.getAttribute("data-status")).toBe("cancelled");

    // The editor's open page shows both decisions without a reload.
    const rejectedForEditor = editor.getByRole("listitem", { name: rejectedText });
    await rejectedForEditor.getByText("Not approved:").waitFor({ timeout: 30_000 });
    expect(await rejectedForEditor.textContent()).toContain(why);
    await expect.poll(() => editor.getByRole("listitem", { name: approvedText }).getAttribute("data-approval"), { timeout: 30_000 }).toBe("approved");
    await shot(editor, "approval-posts-editor-decided");
    expect(await axe(editor)).toEqual([]);

    // 5. Approved means scheduled: one publishing task for its target, none for the rejected post.
    const post = (await api(owner, "GET", `/api/posts/${approvedId}`)).body.post as { scheduledAt: string; targets: { taskId: string | null; platform: string }[] };
    expect(post.targets).toHaveLength(1);
    expect(post.targets[0].taskId).toBeTruthy();
    const tasks = await db().agentTask.findMany({ where: { type: "social_post", postTarget: { postId: approvedId } } });
    expect(tasks.map((t) => t.status)).toEqual(["pending"]);
    expect(await db().agentTask.count({ where: { postTarget: { postId: rejectedId } } })).toBe(0);

    // The cron runs once the post is due and publishes it; the owner's page turns it live.
    await owner.waitForSelector('[data-live="live"]', { timeout: 30_000 });
    await sleep(Math.max(0, new Date(post.scheduledAt).getTime() - Date.now() + 500));
    const processed = await fetch(`${app.base}/api/agent/process`, { method: "POST", headers: { authorization: `Bearer ${process.env.CRON_SECRET}` } });
    expect(processed.status, await processed.clone().text()).toBe(200);
    await expect.poll(() => toApprove.getAttribute("data-status"), { timeout: 30_000 }).toBe("published");
    const row = toApprove.locator('[data-platform="bluesky"]');
    expect(await row.getAttribute("data-status")).toBe("published");
    // A simulated account: labelled so, and no link to a page that does not exist.
    await row.getByText("Simulated: nothing was sent to Bluesky").waitFor();
    expect(await row.getByRole("link", { name: /View on Bluesky/ }).count()).toBe(0);
    expect(await toReject.getAttribute("data-status")).toBe("cancelled");
    await shot(owner, "approval-posts-published");
    await expect.poll(() => editor.getByRole("listitem", { name: approvedText }).getAttribute("data-status"), { timeout: 30_000 }).toBe("published");
  });
});
