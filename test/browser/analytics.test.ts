// The analytics page (issue 14, item 4), in chromium on `next start`:
// - a new workspace sees an empty state that says what will appear and links to the composer;
// - after a post is published (simulation mode) and its engagement collected, the totals, the top
//   post and the per-network table show the collected numbers, labelled as simulated; the chart
//   and the best-time heatmap are drawn; the CSV link downloads the same post;
// - "Over time" on the top post fetches (only then) and shows that post's numbers over time: a
//   chart and a table per network with the collected snapshot, labelled simulated; it closes again;
// - the Posts page shows the post's latest numbers;
// - the network filter narrows the numbers; at 375 px nothing is wider than the phone (with a
//   post's numbers over time open too); axe clean, with and without them open.
import { describe, expect, it } from "vitest";
import { api, axe, scrollsSideways, shot, signUpWithWorkspace, startApp } from "./support/harness";

const app = startApp();

describe("the analytics page", () => {
  it("shows an empty state, then a published post's collected numbers, filters, heatmap and CSV", { timeout: 240_000 }, async () => {
    const page = await app.newPage({ timezoneId: "UTC" });
    await signUpWithWorkspace(page, { name: "Olga Oven", email: "olga@example.com", workspace: "Olga's Oven" });

    await page.goto("/dashboard/analytics");
    await page.getByRole("heading", { name: "Analytics", level: 1 }).waitFor();
    await page.getByText("No published posts in this range.").waitFor();
    expect(await page.getByRole("link", { name: "Write a post" }).getAttribute("href")).toBe("/dashboard/compose");
    await page.getByTestId("best-time-heatmap").getByText(/Typical times for now/).waitFor();

    const sky = await api(page, "POST", "/api/accounts", { platform: "bluesky", handle: "olgasoven.bsky.social" });
    const masto = await api(page, "POST", "/api/accounts", { platform: "mastodon", handle: "olga@bakers.social" });
    expect(sky.status, JSON.stringify(sky.body)).toBe(201);
    expect(masto.status, JSON.stringify(masto.body)).toBe(201);
    const skyId = (sky.body.account as { id: string }).id;
    const made = await api(page, "POST", "/api/agent/schedule", { accountIds: [skyId], content: "Pretzels are warm" });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const postId = made.body.postId as string;
    await app.until("the post is published", 20_000, async () => {
      const p = (await api(page, "GET", `/api/posts/${postId}`)).body.post as { status: string };
      return p.status === "published" ? true : undefined;
    });
    const collected = await api(page, "POST", "/api/engagement", { postId });
    expect(collected.status, JSON.stringify(collected.body)).toBe(202);
    // The test is the cron: a process call runs the queued collection.
    const numbers = await app.until("engagement is collected", 20_000, async () => {
      const r = await fetch(`${app.base}/api/agent/process`, { method: "POST", headers: { authorization: `Bearer ${process.env.CRON_SECRET}` } });
      expect(r.status).toBe(200);
      const t = (await api(page, "GET", `/api/engagement?postId=${postId}`)).body.targets as {
        latest: { likes: number; reposts: number; replies: number; impressions: number | null; collectedAt: string } | null;
      }[];
      return t[0]?.latest ?? undefined;
    });
    const engagement = numbers.likes + numbers.reposts + numbers.replies;

    // The page asks for a post's numbers over time only once someone opens them.
    const engagementReads: string[] = [];
    page.on("request", (r) => {
      if (new URL(r.url()).pathname === "/api/engagement") engagementReads.push(r.url());
    });
    await page.reload();
    const totals = page.getByTestId("analytics-totals");
    await totals.getByText("Posts published").waitFor();
    expect(await totals.locator("div", { hasText: "Posts published" }).locator("dd").textContent()).toBe("1");
    expect(await totals.locator("div", { hasText: /^Engagement\d/ }).locator("dd").textContent()).toBe(new Intl.NumberFormat("en-GB").format(engagement));
    await page.getByText(/1 of these went out in simulation mode/).waitFor();
    const top = page.getByTestId("top-posts").getByRole("listitem");
    expect(await top.count()).toBe(1);
    expect(await top.first().textContent()).toContain("Pretzels are warm");
    await page.getByRole("table", { name: "By network" }).getByRole("rowheader", { name: "Bluesky" }).waitFor();
    await page.getByTestId("analytics-chart").locator("svg").first().waitFor();

    // The top post's engagement over time: a disclosure that fetches when opened.
    const overTime = top.first().getByRole("button", { name: "Over time" });
    expect(await overTime.getAttribute("aria-expanded")).toBe("false");
    const trend = page.locator(`[id="${await overTime.getAttribute("aria-controls")}"]`);
    expect(await trend.isHidden()).toBe(true);
    expect(engagementReads).toEqual([]);
    await overTime.click();
    expect(await overTime.getAttribute("aria-expanded")).toBe("true");
    await trend.getByTestId("post-trend-chart").locator("svg").first().waitFor();
    expect(engagementReads.map((u) => new URL(u).searchParams.get("postId"))).toEqual([postId]);
    const trendTable = trend.getByRole("table", { name: /^Bluesky: engagement over time/ });
    await trendTable.waitFor();
    expect(await trendTable.locator("caption").textContent()).toBe("Bluesky: engagement over time simulated");
    const zone = ((await api(page, "GET", "/api/analytics")).body.range as { timeZone: string }).timeZone;
    const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", hourCycle: "h23", timeZone: zone }).format(new Date(numbers.collectedAt));
    const trendRows = trendTable.locator("tbody tr");
    expect(await trendRows.count()).toBe(1);
    expect(await trendRows.first().locator("time").getAttribute("datetime")).toBe(numbers.collectedAt);
    expect(await trendRows.first().locator("th, td").allTextContents()).toEqual(
      [when, numbers.likes, numbers.reposts, numbers.replies, numbers.impressions ?? "—"].map((v) => (typeof v === "number" ? new Intl.NumberFormat("en-GB").format(v) : v)),
    );
    expect(await axe(page)).toEqual([]);
    await overTime.click();
    expect(await overTime.getAttribute("aria-expanded")).toBe("false");
    expect(await trend.isHidden()).toBe(true);
    expect(await page.getByTestId("best-time-heatmap").locator("span[title]").count()).toBe(7 * 24);

    // The CSV link carries the same filters and lists the post.
    const href = await page.getByRole("link", { name: "Export these posts as CSV" }).getAttribute("href");
    expect(href).toMatch(/^\/api\/analytics\?.*format=csv$/);
    const csv = await page.request.get(href!);
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trimEnd().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("Pretzels are warm");
    expect(lines[1]).toMatch(/,yes$/);

    // Mastodon only: nothing published there.
    await page.getByRole("combobox", { name: "Network" }).selectOption("mastodon");
    await page.getByText("No published posts in this range.").waitFor();

    expect(await axe(page)).toEqual([]);

    // The Posts page shows the target's latest numbers too.
    await page.goto("/dashboard/posts");
    expect(await page.locator(`li[data-post-id="${postId}"]`).getByTestId("target-engagement").textContent()).toBe(
      `${numbers.likes} likes · ${numbers.reposts} reposts · ${numbers.replies} replies${numbers.impressions === null ? "" : ` · ${numbers.impressions} views`}`,
    );
    await page.goto("/dashboard/analytics");
    await totals.getByText("Posts published").waitFor();
    await totals.locator("div", { hasText: "Posts published" }).locator("dd").getByText("1").waitFor();
    await page.setViewportSize({ width: 375, height: 800 });
    await page.waitForTimeout(500);
    expect(await scrollsSideways(page)).toBe(false);
    await top.first().getByRole("button", { name: "Over time" }).click();
    await top.first().getByRole("table", { name: /^Bluesky: engagement over time/ }).locator("tbody tr").first().waitFor();
    await top.first().getByTestId("post-trend-chart").locator("svg").first().waitFor();
    await page.waitForTimeout(500);
    expect(await scrollsSideways(page)).toBe(false);
    await shot(page, "analytics-375");
  });
});
