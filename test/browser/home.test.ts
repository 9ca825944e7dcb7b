// The front page and the dashboard home (issue 14, item 9), in chromium against `next start`:
// - signed out, / is a front page (what Herald does, where it posts, how to start) whose "Create
//   your workspace" leads to sign-up, with the service's status and a link to /api/health;
// - signed in, / goes to /dashboard;
// - a new workspace's dashboard is a checklist with nothing done, each step linking to its page;
// - after an account is added and posts are scheduled through the API, the checklist marks those
//   two steps done and the overview lists the next post (workspace zone, 24-hour clock, linking to
//   the Posts page), the simulated result without a link, and no failures;
// - every page fits 375 px without sideways scroll and has no WCAG 2 A/AA violation.
import { describe, expect, it } from "vitest";
import { api, axe, scrollsSideways, shot, startApp } from "./support/harness";

const app = startApp();

describe("the front page and the dashboard home", () => {
  it("takes a visitor from the front page to a checklist, and the checklist to an overview", { timeout: 240_000 }, async () => {
    const page = await app.newPage({ timezoneId: "Europe/Berlin" });

    // 1. The front page, signed out.
    await page.goto("/");
    await page.getByRole("heading", { level: 1, name: /planned, written and posted on time/ }).waitFor();
    const what = page.getByRole("region", { name: "What Herald does for you" });
    for (const title of ["Plan the week in one sitting", "Write with AI in your brand voice", "Publish to every network you use", "Never lose or double a post", "See what happened"]) {
      await what.getByRole("heading", { name: title }).waitFor();
    }
    const networks = await page.getByRole("region", { name: "Where it posts" }).getByRole("listitem").allTextContents();
    expect(networks).toEqual(["X", "Bluesky", "Mastodon", "Facebook", "Instagram", "Threads", "LinkedIn", "Reddit", "TikTok", "YouTube", "WhatsApp"]);
    // The status moved to a line at the foot of the page: the verdict anyone may see, and the health check.
    const status = page.getByRole("region", { name: "Status" });
    expect(await status.locator("[data-health]").getAttribute("data-health")).toBe("ok");
    expect(await status.textContent()).toContain("Publishing service: Working normally");
    const healthLink = status.getByRole("link", { name: "Health check" });
    expect(await healthLink.getAttribute("href")).toBe("/api/health");
    const healthAnswer = await page.request.get("/api/health");
    expect(healthAnswer.status()).toBe(200);
    expect(await healthAnswer.json()).toMatchObject({ ok: true, status: "ok" });
    expect(await page.getByRole("link", { name: "Sign in" }).first().getAttribute("href")).toBe("/sign-in");
    expect(await axe(page)).toEqual([]);
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await scrollsSideways(page)).toBe(false);
    await shot(page, "home-front-375");

    // 2. "Create your workspace" leads to sign-up, and on to a new workspace.
    await page.getByRole("link", { name: "Create your workspace" }).first().click();
    await page.waitForURL((u) => u.pathname === "/sign-up");
    await page.getByLabel("Your name").fill("Carla Cafe");
    await page.getByLabel("Email").fill("carla@example.com");
    await page.getByLabel("Password", { exact: true }).fill("correct horse battery");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/workspaces\/new/, { timeout: 30_000 });
    await page.getByLabel("Workspace name").fill("Carla's Corner Cafe");
    await page.getByRole("button", { name: "Create workspace" }).click();
    await page.waitForURL((u) => u.pathname === "/dashboard", { timeout: 30_000 });

    // 3. The checklist, nothing done, each step linking to where it is done; no overview yet.
    const checklist = page.getByRole("region", { name: "Get started" });
    expect(await checklist.getByTestId("checklist-progress").textContent()).toBe("0 of 4 done. Each step opens the page where you do it.");
    const steps = checklist.locator("li[data-step]");
    expect(await steps.evaluateAll((els) => els.map((e) => [e.getAttribute("data-step"), e.getAttribute("data-done")]))).toEqual([
      ["account", "false"],
      ["post", "false"],
      ["slots", "false"],
      ["teammate", "false"],
    ]);
    const hrefs = await steps.getByRole("link").evaluateAll((els) => els.map((e) => [e.textContent, e.getAttribute("href")]));
    expect(hrefs).toEqual([
      ["Connect a social account", "/dashboard/accounts"],
      ["Write and schedule your first post", "/dashboard/compose"],
      ["Set your posting slots", "/dashboard/settings#slots"],
      ["Invite a teammate", "/dashboard/settings#members"],
    ]);
    expect(await checklist.getByText("To do").count()).toBe(4);
    expect(await page.getByRole("region", { name: "Next posts" }).count()).toBe(0);
    expect(await scrollsSideways(page)).toBe(false);
    expect(await axe(page)).toEqual([]);
    await shot(page, "home-checklist-375");
    await checklist.getByRole("link", { name: "Connect a social account" }).click();
    await page.waitForURL((u) => u.pathname === "/dashboard/accounts");

    // Signed in, the front page is the dashboard.
    await page.goto("/");
    await page.waitForURL((u) => u.pathname === "/dashboard");

    // 4. An account (simulated: no credentials), a post for later and one for now.
    const added = await api(page, "POST", "/api/accounts", { platform: "twitter", handle: "@carlascafe" });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const accountId = (added.body.account as { id: string }).id;
    const later = await api(page, "POST", "/api/agent/schedule", {
      accountIds: [accountId],
      content: "Live music on Saturday night",
      scheduledAt: "2099-05-04T21:30:00.000Z",
    });
    expect(later.status, JSON.stringify(later.body)).toBe(201);
    const laterId = later.body.postId as string;
    const now = await api(page, "POST", "/api/agent/schedule", { accountIds: [accountId], content: "Fresh scones, just out of the oven" });
    expect(now.status, JSON.stringify(now.body)).toBe(201);
    await expect
      .poll(async () => ((await api(page, "GET", "/api/posts?status=published")).body.posts as unknown[]).length, { timeout: 15_000 })
      .toBe(1);

    // 5. Two steps done, the overview with the next post, the result and no failures.
    await page.reload();
    expect(await checklist.getByTestId("checklist-progress").textContent()).toBe("2 of 4 done. Each step opens the page where you do it.");
    expect(await steps.evaluateAll((els) => els.map((e) => [e.getAttribute("data-step"), e.getAttribute("data-done")]))).toEqual([
      ["account", "true"],
      ["post", "true"],
      ["slots", "false"],
      ["teammate", "false"],
    ]);

    const next = page.getByRole("region", { name: "Next posts" });
    const item = next.locator(`li[data-post-id="${laterId}"]`);
    // 21:30 UTC on 4 May 2099 is 23:30 in Berlin (CEST), the workspace's zone from sign-up.
    expect(await item.locator("time").textContent()).toBe("4 May 2099, 23:30");
    expect(await item.textContent()).toContain("X (Twitter) @carlascafe");
    const open = item.getByRole("link", { name: "Live music on Saturday night" });
    expect(await open.getAttribute("href")).toBe(`/dashboard/posts?focus=${laterId}`);
    expect(await next.locator("li[data-post-id]").count()).toBe(1);

    const recent = page.getByRole("region", { name: "Recent results" });
    const result = recent.locator('li[data-platform="twitter"]');
    expect(await result.count()).toBe(1);
    expect(await result.textContent()).toContain("Fresh scones, just out of the oven");
    await result.getByText("Simulated: nothing was sent to X").waitFor();
    expect(await result.getByRole("link", { name: /View on/ }).count()).toBe(0);
    await page.getByRole("region", { name: "Needs attention" }).getByText("Nothing needs your attention").waitFor();

    expect(await page.locator("main").textContent()).not.toMatch(/\d (AM|PM)\b/i);
    expect(await scrollsSideways(page)).toBe(false);
    expect(await axe(page)).toEqual([]);
    await shot(page, "home-overview-375");

    await open.click();
    await page.waitForURL((u) => u.pathname === "/dashboard/posts" && u.searchParams.get("focus") === laterId);
    await page.locator(`li[data-post-id="${laterId}"]`).waitFor();
  });
});
