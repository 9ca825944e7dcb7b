// The AI agent in a real browser (playwright-core driving Debian's /usr/bin/chromium), in simulation
// mode (no OPENAI_API_KEY in this environment, so every AI output must say "Simulated AI"):
// 1. an owner signs up, creates a workspace, connects a simulated Bluesky account and has three
//    posting slots a week; on the Autopilot page they generate next week for a campaign (3 posts);
//    the run waits until the cron's process call, then three drafts appear with the "Simulated AI"
//    badge, their time, text and angle (the Posts page says Autopilot drafted them); the owner
//    approves two and rejects one with a reason;
// 2. the calendar on that week shows exactly the two approved posts (not the rejected one);
// 3. the composer's Assist panel drafts a post from a brief (simulated, with its cost), "Use this
//    draft" fills the text, and the inline brand check lists a blocking word and a claim to check;
//    scheduling that text is refused with the findings shown;
// 4. axe-core WCAG 2 A/AA (light and dark) on the autopilot page, and no sideways scroll at 375 px.
// Screenshots: test-results/browser/autopilot-*.png.
import { expect, describe, it } from "vitest";
import type { Page } from "playwright-core";
import { db } from "../../lib/db";
import { api, axe, scrollsSideways, shot, signUpWithWorkspace, startApp } from "./support/harness";

const app = startApp();
const UTC = { timezoneId: "UTC" };

async function runProcessor() {
  const r = await fetch(`${app.base}/api/agent/process`, { method: "POST", headers: { authorization: `Bearer ${process.env.CRON_SECRET}` } });
  expect(r.status, await r.clone().text()).toBe(200);
}

let owner: Promise<{ page: Page; accountId: string }> | undefined;
function ownerWithAccount() {
  owner ??= (async () => {
    const page = await app.newPage(UTC);
    await signUpWithWorkspace(page, { name: "Pia Pilot", email: "pia@example.com", workspace: "Pia's Bakery" });
    // Setup through the API (the accounts and slots pages have their own tests).
    const acc = await api(page, "POST", "/api/accounts", { platform: "bluesky", handle: "piabakery.bsky.social" });
    expect(acc.status, JSON.stringify(acc.body)).toBe(201);
    const slots = await api(page, "PATCH", "/api/workspace/settings", {
      postingSlots: [
        { weekday: 1, time: "09:00" },
        { weekday: 3, time: "12:00" },
        { weekday: 5, time: "17:30" },
      ],
    });
    expect(slots.status, JSON.stringify(slots.body)).toBe(200);
    return { page, accountId: (acc.body.account as { id: string }).id };
  })();
  return owner;
}

describe("autopilot", () => {
  it("generates a week of simulated drafts; two approved and one rejected; the calendar shows the two", { timeout: 240_000 }, async () => {
    const { page } = await ownerWithAccount();

    await page.goto("/dashboard/compose");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Autopilot" }).click();
    await page.waitForURL(/\/dashboard\/autopilot$/);
    await page.getByRole("heading", { level: 1, name: "Autopilot" }).waitFor();

    await page.getByLabel("Campaign name").fill("Winter breads");
    await page.getByLabel("Brief", { exact: true }).fill("Our rye and spelt loaves are back for winter, baked fresh every morning; pre-order in the shop.");
    const week = page.getByLabel("Week", { exact: true });
    expect(await week.locator("option:checked").textContent()).toMatch(/^Next week: /);
    await page.getByLabel("Number of posts").fill("3");
    expect(await page.getByRole("checkbox", { name: /Bluesky/ }).isChecked()).toBe(true);
    await page.getByRole("button", { name: "Generate the week" }).click();

    // Filed as a generate task: waiting for the scheduler, and the page says who runs it.
    const progress = page.locator("[data-run-status]");
    await page.locator('[data-run-status="pending"]').waitFor({ timeout: 15_000 });
    await progress.getByText(/cron runs it within a few minutes/).waitFor();
    const task = await db().agentTask.findFirstOrThrow({ where: { type: "generate" }, select: { id: true, status: true } });
    expect(task.status).toBe("pending");

    // The cron's call runs it; the page (polling and the live stream) shows the drafts.
    await runProcessor();
    await page.locator('[data-run-status="completed"]').waitFor({ timeout: 30_000 });
    await progress.getByText(/3 drafts waiting for approval/).waitFor();
    const drafts = page.locator("li[data-post-id]");
    await expect.poll(() => drafts.count(), { timeout: 15_000 }).toBe(3);
    const ids = await drafts.evaluateAll((els) => els.map((e) => e.getAttribute("data-post-id")!));
    for (const id of ids) {
      const card = page.locator(`li[data-post-id="${id}"]`);
      expect(await card.getAttribute("data-approval")).toBe("pending");
      await card.getByText("Simulated AI", { exact: true }).waitFor();
      await card.getByText("Waiting for approval", { exact: true }).waitFor();
      expect(await card.getByText(/^Bluesky · @piabakery\.bsky\.social$/).count()).toBe(1);
    }
    // On the Posts page an admin reads who wrote them: Autopilot, not "an editor".
    const postsPage = await page.context().newPage();
    await postsPage.goto("/dashboard/posts");
    const waitingCard = postsPage.locator(`li[data-post-id="${ids[0]}"]`);
    await waitingCard.getByText("Autopilot drafted this post. It will not be published until an admin approves it.").waitFor();
    expect(await postsPage.getByText(/An editor scheduled this post/).count()).toBe(0);
    await postsPage.close();
    // Times in the workspace's zone (UTC here): Monday 09:00, Wednesday 12:00, Friday 17:30.
    const headings = await drafts.locator("h4").allTextContents();
    expect(headings.map((h) => h.match(/^(\w{3}) \d+ \w{3}, (\d\d:\d\d)/)?.slice(1).join(" "))).toEqual(["Mon 09:00", "Wed 12:00", "Fri 17:30"]);
    await shot(page, "autopilot-drafts");

    const weekStart = ((await api(page, "GET", "/api/agent/autopilot")).body.runs as { result: { weekStart: string } }[])[0].result.weekStart;
    expect(weekStart).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // Approve the first two, reject the third with a reason.
    const [a1, a2, r1] = ids;
    for (const id of [a1, a2]) {
      const card = page.locator(`li[data-post-id="${id}"]`);
      await card.getByRole("button", { name: "Approve", exact: true }).click();
      await expect.poll(() => card.getAttribute("data-approval"), { timeout: 15_000 }).toBe("approved");
      await card.getByText("Approved", { exact: true }).waitFor();
    }
    const rejected = page.locator(`li[data-post-id="${r1}"]`);
    await rejected.getByRole("button", { name: "Reject", exact: true }).click();
    const why = "Too similar to Monday's post; make it about the spelt loaf.";
    await rejected.getByLabel("Why not?").fill(why);
    await rejected.getByRole("button", { name: "Reject draft" }).click();
    await expect.poll(() => rejected.getAttribute("data-approval"), { timeout: 15_000 }).toBe("rejected");
    await rejected.getByText(why).waitFor();
    await shot(page, "autopilot-decided");

    const stored = await db().post.findMany({ where: { id: { in: ids } }, select: { id: true, approvalState: true, status: true } });
    expect(Object.fromEntries(stored.map((p) => [p.id, `${p.approvalState}/${p.status}`]))).toEqual({
      [a1]: "approved/scheduled",
      [a2]: "approved/scheduled",
      [r1]: "rejected/cancelled",
    });

    // The calendar's week: exactly the two approved posts.
    await page.goto(`/dashboard/calendar?view=week&date=${weekStart}`);
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    const chips = page.locator('li a[href^="/dashboard/posts?focus="]');
    await expect.poll(() => chips.count(), { timeout: 15_000 }).toBe(2);
    const shown = await chips.evaluateAll((els) => els.map((e) => new URL((e as HTMLAnchorElement).href).searchParams.get("focus")));
    expect(shown.sort()).toEqual([a1, a2].sort());
    expect(await page.getByText("awaiting approval").count()).toBe(0);
    await shot(page, "autopilot-calendar-week");

    // The posts list marks them as the agent's (simulated) work.
    await page.goto("/dashboard/posts");
    await page.locator(`[data-post-id="${a1}"]`).getByText("Simulated AI", { exact: true }).waitFor({ timeout: 15_000 });
  });

  it("has no WCAG 2 A/AA violations on the autopilot page (light and dark) and fits 375 px", { timeout: 120_000 }, async () => {
    const { page } = await ownerWithAccount();
    await page.setViewportSize({ width: 1024, height: 900 });
    await page.goto("/dashboard/autopilot");
    await page.locator("li[data-post-id]").first().waitFor({ timeout: 30_000 });
    expect(await axe(page)).toEqual([]);
    await page.setViewportSize({ width: 375, height: 800 });
    await page.reload();
    await page.locator("li[data-post-id]").first().waitFor({ timeout: 30_000 });
    expect(await scrollsSideways(page)).toBe(false);
    await shot(page, "autopilot-375");
    await page.setViewportSize({ width: 1024, height: 900 });
  });
});

describe("the composer's Assist panel and brand check", () => {
  it("drafts from a brief (simulated, with its cost), fills the text, and flags brand problems inline and on Schedule", { timeout: 180_000 }, async () => {
    const { page } = await ownerWithAccount();
    const voice = await api(page, "PATCH", "/api/workspace/settings", { brandVoice: { avoidWords: ["cheap"] } });
    expect(voice.status, JSON.stringify(voice.body)).toBe(200);

    await page.goto("/dashboard/compose");
    await page.getByRole("checkbox", { name: /Bluesky/ }).check();
    const assist = page.getByRole("region", { name: "Assist" });
    await assist.getByLabel("Brief for the agent").fill("Fresh cinnamon buns every Saturday morning from 8 am");
    await assist.getByRole("button", { name: "Draft posts" }).click();
    const result = assist.getByTestId("assist-result");
    await result.locator('[data-kind="draft"]').waitFor({ timeout: 30_000 });
    await result.getByText("Simulated AI", { exact: true }).waitFor();
    await result.getByText(/no OPENAI_API_KEY is set/).waitFor();
    await result.getByText(/Cost of this call: \$0\.00/).waitFor();
    const drafted = (await result.locator("li p.whitespace-pre-wrap").first().textContent())!.trim();
    expect(drafted.length).toBeGreaterThan(10);
    await shot(page, "autopilot-compose-assist-draft");
    expect(await axe(page)).toEqual([]);

    await result.getByRole("button", { name: "Use this draft" }).click();
    expect(await page.getByLabel("Post text for every platform").inputValue()).toBe(drafted);

    // The brand check under the text: a word to avoid blocks, a guarantee asks for a look.
    await page.getByLabel("Post text for every platform").fill("Guaranteed the best buns, and never cheap ones.");
    const check = page.getByTestId("compliance");
    await check.locator('[data-severity="block"]').getByText(/cheap/).waitFor({ timeout: 15_000 });
    await check.locator('[data-severity="review"]').first().waitFor();
    await check.getByText(/1 to fix before scheduling/).waitFor();

    // Schedule anyway: refused (422), the findings stay under the text.
    const at = new Date(Date.now() + 86_400_000);
    await page.getByLabel("Date", { exact: true }).fill(at.toISOString().slice(0, 10));
    await page.getByLabel("Time", { exact: true }).fill("10:00");
    await page.getByRole("button", { name: "Schedule", exact: true }).click();
    await page.getByText(/The post breaks your brand's rules/).waitFor({ timeout: 15_000 });
    await check.getByText("Not scheduled: the brand check found problems to fix first.").waitFor();
    expect(await db().post.count({ where: { text: { contains: "never cheap" } } })).toBe(0);
    await shot(page, "autopilot-compose-refused");

    // "Let the agent write it when it goes out": scheduled with content null and the brief.
    await assist.getByLabel("Let the agent write it when it goes out").check();
    await page.getByText("The agent writes this post’s text when it goes out").waitFor();
    await page.getByRole("button", { name: "Schedule", exact: true }).click();
    const open = page.getByRole("link", { name: "Open the post" });
    await open.waitFor({ timeout: 30_000 });
    const postId = new URL((await open.getAttribute("href"))!, app.base).searchParams.get("focus")!;
    const tasks = await db().agentTask.findMany({ where: { type: "social_post", postTarget: { postId } }, select: { content: true, config: true } });
    expect(tasks).toHaveLength(1);
    expect(tasks[0].content).toBeNull();
    expect((tasks[0].config as { brief?: string }).brief).toBe("Fresh cinnamon buns every Saturday morning from 8 am");
  });
});

describe("A/B variants", () => {
  it("writes variants in Assist, schedules them as an A/B test into posting slots, and compares them on Posts", { timeout: 180_000 }, async () => {
    const { page, accountId } = await ownerWithAccount();
    await page.goto("/dashboard/compose");
    await page.getByRole("checkbox", { name: /Bluesky/ }).check();
    const assist = page.getByRole("region", { name: "Assist" });
    await assist.getByRole("button", { name: "Variants", exact: true }).click();
    await assist.getByLabel("Brief or original post").fill("Sourdough class on Saturday afternoon, six places left");
    await assist.getByRole("button", { name: "Write variants" }).click();
    const result = assist.getByTestId("assist-result");
    await result.locator('[data-kind="variants"]').waitFor({ timeout: 30_000 });
    await result.getByText("Simulated AI", { exact: true }).waitFor();
    await result.getByRole("button", { name: "Schedule all as an A/B test" }).click();
    await result.getByText(/^Scheduled: A .* · B /).waitFor({ timeout: 30_000 });

    const posts = await db().post.findMany({ where: { variantGroup: { not: null }, targets: { some: { accountId } } }, orderBy: { variantLabel: "asc" } });
    expect(posts.map((p) => p.variantLabel)).toEqual(["A", "B"]);
    expect(posts[0].variantGroup).toBe(posts[1].variantGroup);
    expect(posts[0].scheduledAt!.getTime()).toBeLessThan(posts[1].scheduledAt!.getTime());

    await page.goto(`/dashboard/posts?focus=${posts[0].id}`);
    const card = page.locator(`li[data-post-id="${posts[0].id}"]`);
    await card.getByRole("button", { name: /A\/B test · variant A: compare variants/ }).click();
    await card.getByText("Waiting for engagement numbers from every variant.").waitFor({ timeout: 15_000 });
    await shot(page, "autopilot-ab-compare");
  });
});

describe("an editor on the autopilot page", () => {
  it("can edit a waiting draft inline (the brand check refuses a banned word) but has no Approve or Reject", { timeout: 180_000 }, async () => {
    const { page, accountId } = await ownerWithAccount();
    const voice = await api(page, "PATCH", "/api/workspace/settings", { brandVoice: { avoidWords: ["cheap"] } });
    expect(voice.status, JSON.stringify(voice.body)).toBe(200);
    // A fresh one-post run for the week after next, carried out by the cron's call.
    const start = await api(page, "POST", "/api/agent/autopilot", { campaign: "Spelt week", brief: "Spelt loaves all week, crusty and nutty.", accountIds: [accountId], posts: 1, weekStart: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10) });
    expect(start.status, JSON.stringify(start.body)).toBe(202);
    await runProcessor();
    const run = await db().agentTask.findUniqueOrThrow({ where: { id: (start.body.task as { id: string }).id }, select: { status: true, result: true } });
    expect(run.status).toBe("completed");
    const draftId = (run.result as { postIds: string[] }).postIds[0];

    const invited = await api(page, "POST", "/api/auth/organization/invite-member", { email: "eddie@example.com", role: "editor" });
    expect(invited.status, JSON.stringify(invited.body)).toBe(200);
    const editor = await app.newPage(UTC);
    const signedUp = await api(editor, "POST", "/api/auth/sign-up/email", { name: "Eddie Editor", email: "eddie@example.com", password: "correct horse battery" });
    expect(signedUp.status, JSON.stringify(signedUp.body)).toBe(200);
    await editor.goto(`/invite/${invited.body.id as string}`);
    await editor.getByRole("button", { name: "Accept and join" }).click();
    await editor.waitForURL((u) => !u.pathname.startsWith("/invite/"), { timeout: 30_000 });

    await editor.goto("/dashboard/autopilot");
    const card = editor.locator(`li[data-post-id="${draftId}"]`);
    await card.waitFor({ timeout: 30_000 });
    expect(await card.getAttribute("data-approval")).toBe("pending");
    expect(await card.getByRole("button", { name: /Approve|Reject/ }).count()).toBe(0);
    await card.getByText("An admin or owner approves or rejects drafts.").waitFor();

    await card.getByRole("button", { name: "Edit", exact: true }).click();
    const box = card.getByLabel(/^Text/);
    // The textarea takes focus when the editor opens.
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    await box.fill("Spelt loaves all week, and never cheap.");
    await card.getByRole("button", { name: "Save text" }).click();
    await card.locator('[data-severity="block"]').getByText(/cheap/).waitFor({ timeout: 15_000 });
    await card.getByText(/The post breaks your brand's rules/).waitFor();
    await shot(editor, "autopilot-editor-refused");

    const fixed = "Spelt loaves all week: crusty, nutty and baked at dawn.";
    await box.fill(fixed);
    await card.getByRole("button", { name: "Save text" }).click();
    await card.getByText("Saved the new text.").waitFor({ timeout: 15_000 });
    await card.getByText(fixed).waitFor();
    const stored = await db().post.findUniqueOrThrow({ where: { id: draftId }, select: { text: true, approvalState: true } });
    expect(stored).toEqual({ text: fixed, approvalState: "pending" });
    expect((await api(editor, "POST", `/api/posts/${draftId}/approve`)).status).toBe(403);
  });
});

describe("Settings → AI", () => {
  it("shows this month's simulated usage, saves the cap and the autopilot toggle; a used-up cap answers the Assist panel with its message", { timeout: 120_000 }, async () => {
    const { page } = await ownerWithAccount();
    await page.goto("/dashboard/settings");
    const ai = page.getByRole("region", { name: "AI" });
    await ai.getByText(/no OPENAI_API_KEY is set/).waitFor({ timeout: 15_000 });
    await ai.getByText("Simulated AI", { exact: true }).waitFor();
    await ai.getByRole("rowheader", { name: "Autopilot" }).waitFor();
    await ai.getByRole("rowheader", { name: "Drafts" }).waitFor();
    const calls = await ai.locator("dt", { hasText: "Calls" }).locator("xpath=following-sibling::dd").textContent();
    expect(Number(calls)).toBeGreaterThanOrEqual(3);

    await ai.getByLabel("Monthly AI budget (US dollars)").fill("12.5");
    await ai.getByRole("button", { name: "Save budget" }).click();
    await ai.getByText("Saved: the monthly AI budget is $12.50.").waitFor({ timeout: 15_000 });
    await ai.getByText(/\$0\.00 of \$12\.50/).waitFor({ timeout: 15_000 });
    const toggle = ai.getByLabel("Autopilot may schedule directly");
    expect(await toggle.isChecked()).toBe(false);
    await toggle.check();
    await ai.getByText(/Saved: autopilot schedules its drafts directly/).waitFor({ timeout: 15_000 });
    const saved = (await api(page, "GET", "/api/workspace/settings")).body as Record<string, unknown>;
    const settings = (saved.settings ?? saved) as { aiMonthlyCapUsd: number; autopilotAutoSchedule: boolean };
    expect(settings.aiMonthlyCapUsd).toBe(12.5);
    expect(settings.autopilotAutoSchedule).toBe(true);
    await shot(page, "autopilot-settings-ai");
    expect(await axe(page)).toEqual([]);

    // A cap of $0 is used up at once: the Assist panel says so in words (HTTP 402).
    await ai.getByLabel("Monthly AI budget (US dollars)").fill("0");
    await ai.getByRole("button", { name: "Save budget" }).click();
    await ai.getByText("Saved: the monthly AI budget is $0.00.").waitFor({ timeout: 15_000 });
    await page.goto("/dashboard/compose");
    await page.getByRole("checkbox", { name: /Bluesky/ }).check();
    const assist = page.getByRole("region", { name: "Assist" });
    await assist.getByLabel("Brief for the agent").fill("Cinnamon buns on Saturday");
    await assist.getByRole("button", { name: "Draft posts" }).click();
    const alert = assist.getByRole("alert");
    await alert.getByText("This month’s AI budget is used up.").waitFor({ timeout: 15_000 });
    await alert.getByText(/used its AI budget for the month/).waitFor();
  });
});
