// Campaigns as first-class (issue 14, item 5), in chromium on `next start`:
// - a new workspace's Campaigns page explains what a campaign is and creates the first one;
// - the campaign's page starts at nothing scheduled; the composer's Campaign choice schedules a
//   post into it, and the page then counts it and shows it as next scheduled, in its history too;
// - with the page open, a post of the campaign published elsewhere shows up live (counts, last
//   posted, a simulated result that links nowhere); the name and brief are edited in place;
// - a scheduled post opens in the composer with its campaign, and "No campaign" untags it;
// - a CSV's campaign column tags rows with an existing campaign and creates a new one, said in the preview;
// - a viewer reads the page without the forms; at 375 px nothing is wider than the phone; axe clean.
import { describe, expect, it } from "vitest";
import { api, axe, scrollsSideways, shot, signUpWithWorkspace, startApp } from "./support/harness";

const app = startApp();

describe("campaigns", () => {
  it("creates a campaign, schedules into it from the composer, and shows its counts, next post and history", { timeout: 240_000 }, async () => {
    const page = await app.newPage({ timezoneId: "UTC" });
    await signUpWithWorkspace(page, { name: "Cora Crust", email: "cora@example.com", workspace: "Cora's Crusts" });
    const sky = await api(page, "POST", "/api/accounts", { platform: "bluesky", handle: "coras.bsky.social" });
    expect(sky.status, JSON.stringify(sky.body)).toBe(201);
    const skyId = (sky.body.account as { id: string }).id;

    // From the main navigation to the empty state, which says what a campaign is and offers the form.
    await page.goto("/dashboard");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Campaigns", exact: true }).click();
    await page.waitForURL((u) => u.pathname === "/dashboard/campaigns");
    await page.getByRole("heading", { level: 1, name: "Campaigns" }).waitFor();
    const empty = page.getByTestId("campaigns-empty");
    await empty.getByText(/A campaign groups the posts that belong together/).waitFor();
    expect(await axe(page)).toEqual([]);
    // A name is needed.
    await empty.getByRole("button", { name: "Create campaign" }).click();
    await empty.getByText("Give the campaign a name.", { exact: true }).waitFor();
    await empty.getByLabel("Name").fill("Christmas stollen");
    await empty.getByLabel("Brief (optional)").fill("Stollen from the first of December, pre-orders open now.");
    await empty.getByRole("button", { name: "Create campaign" }).click();
    await page.getByText("Campaign “Christmas stollen” created.").waitFor();
    const card = page.getByRole("list", { name: "Campaigns" }).getByRole("listitem");
    await card.first().waitFor();
    expect(await card.count()).toBe(1);
    expect(await card.getByTestId("campaign-counts").textContent()).toBe("0 posts · 0 scheduled · 0 published");
    await card.getByText("Nothing scheduled").waitFor();
    // A second campaign of the same name is refused at the name.
    await page.getByRole("button", { name: "New campaign" }).click();
    const form = page.getByRole("form", { name: "New campaign" });
    await form.getByLabel("Name").fill("Christmas stollen");
    await form.getByRole("button", { name: "Create campaign" }).click();
    await form.getByText("Another campaign has this name.").waitFor();
    await form.getByRole("button", { name: "Cancel" }).click();

    // The campaign's page before any post.
    await card.getByRole("link", { name: "Christmas stollen" }).click();
    await page.getByRole("heading", { level: 1, name: "Christmas stollen" }).waitFor();
    const campaignUrl = new URL(page.url()).pathname;
    const campaignId = decodeURIComponent(campaignUrl.split("/").pop()!);
    const counts = page.getByTestId("campaign-status-counts");
    const tile = (status: string) => counts.locator(`[data-status="${status}"] dd`);
    expect(await tile("scheduled").textContent()).toBe("0");
    await page.getByTestId("campaign-next").getByText("Nothing scheduled.").waitFor();
    await page.getByTestId("campaign-last").getByText("Nothing published yet.").waitFor();
    expect(await page.getByRole("link", { name: "Write a post for this campaign" }).getAttribute("href")).toBe(`/dashboard/compose?campaign=${campaignId}`);
    expect(await axe(page)).toEqual([]);

    // Schedule into it from the composer, choosing the campaign there.
    await page.goto("/dashboard/compose");
    const choice = page.getByRole("combobox", { name: "Campaign" });
    expect(await choice.inputValue()).toBe("");
    await choice.selectOption({ label: "Christmas stollen" });
    await page.getByLabel("Post text for every platform").fill("Stollen pre-orders are open!");
    await page.getByLabel("Date", { exact: true }).fill("2099-12-01");
    await page.getByRole("textbox", { name: "Time", exact: true }).fill("09:00");
    await page.getByRole("button", { name: "Schedule", exact: true }).click();
    await page.getByText(/^Scheduled for .*1 Dec 2099, 09:00/).waitFor();
    // The form empties for the next post but stays in the campaign.
    expect(await choice.inputValue()).toBe(campaignId);

    // The campaign's page counts it and shows it as next.
    await page.goto(campaignUrl);
    await page.getByRole("heading", { level: 1, name: "Christmas stollen" }).waitFor();
    expect(await tile("scheduled").textContent()).toBe("1");
    const next = page.getByTestId("campaign-next");
    expect(await next.locator("time").textContent()).toBe("1 Dec 2099, 09:00");
    const nextLink = next.getByRole("link", { name: "Stollen pre-orders are open!" });
    const scheduledId = new URL(`${app.base}${await nextLink.getAttribute("href")}`).searchParams.get("focus")!;
    const history = page.getByTestId("campaign-history");
    expect(await history.locator("li").first().getAttribute("data-event")).toBe("created");
    expect(await history.locator("li").first().getByRole("link").getAttribute("href")).toBe(`/dashboard/posts?focus=${scheduledId}`);

    // With the page open, a post of the campaign published now (through the API) shows up live.
    const now = await api(page, "POST", "/api/agent/schedule", { accountIds: [skyId], content: "Fresh stollen today", campaignId });
    expect(now.status, JSON.stringify(now.body)).toBe(201);
    await app.until("the page shows the published post", 30_000, async () => ((await tile("published").textContent()) === "1" ? true : undefined));
    expect(await page.getByTestId("campaign-last").locator("time").count()).toBe(1);
    const published = history.locator('li[data-event="published"]');
    await published.waitFor();
    await published.getByText("Published on Bluesky @coras.bsky.social").waitFor();
    await published.getByText("Simulated: nothing was sent to Bluesky").waitFor();
    expect(await published.getByRole("link", { name: /View on/ }).count()).toBe(0);
    expect(await page.getByTestId("campaign-engagement-totals").locator("dd").count()).toBe(5);

    // Rename in place.
    await page.getByRole("button", { name: "Edit name and brief" }).click();
    const edit = page.getByRole("form", { name: "Edit Christmas stollen" });
    await edit.getByLabel("Name").fill("Christmas stollen 2099");
    await edit.getByRole("button", { name: "Save campaign" }).click();
    await page.getByRole("heading", { level: 1, name: "Christmas stollen 2099" }).waitFor();
    await page.getByText("Campaign “Christmas stollen 2099” saved.").waitFor();
    expect(await axe(page)).toEqual([]);
    await shot(page, "campaign-page");

    // The scheduled post opens in the composer with its campaign; "No campaign" untags it.
    await page.goto(`/dashboard/compose?edit=${scheduledId}`);
    await page.getByRole("heading", { name: "Edit post" }).waitFor();
    expect(await choice.inputValue()).toBe(campaignId);
    await choice.selectOption("");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Changes saved.").waitFor();
    const stats = await api(page, "GET", `/api/campaigns/${campaignId}/stats`);
    expect(stats.body.byStatus).toEqual({ published: 1 });
    expect(stats.body.nextScheduled).toBeNull();
    const edited = (stats.body.history as { kind: string; postId: string }[]).filter((e) => e.postId === scheduledId);
    // Untagged, it takes its history along.
    expect(edited).toEqual([]);

    // A new post from the campaign's link starts in the campaign.
    await page.goto(`/dashboard/compose?campaign=${campaignId}`);
    expect(await choice.inputValue()).toBe(campaignId);

    // At 375 px: the list and the campaign's page fit the phone.
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto("/dashboard/campaigns");
    await page.getByRole("list", { name: "Campaigns" }).waitFor();
    expect(await page.getByRole("list", { name: "Campaigns" }).getByTestId("campaign-counts").textContent()).toBe("1 post · 0 scheduled · 1 published");
    expect(await scrollsSideways(page)).toBe(false);
    await page.goto(campaignUrl);
    await page.getByTestId("campaign-history").waitFor();
    await page.waitForTimeout(500);
    expect(await scrollsSideways(page)).toBe(false);
    expect(await axe(page)).toEqual([]);
    await shot(page, "campaign-page-375");
    await page.emulateMedia({ colorScheme: "dark" });
    expect(await axe(page)).toEqual([]);
    await shot(page, "campaign-page-375-dark");
  });

  it("imports a CSV into an existing campaign and a new one, named in the preview", { timeout: 180_000 }, async () => {
    const page = await app.newPage({ timezoneId: "UTC" });
    await signUpWithWorkspace(page, { name: "Ida Import", email: "ida@example.com", workspace: "Ida's Icing" });
    expect((await api(page, "POST", "/api/accounts", { platform: "bluesky", handle: "idas.bsky.social" })).status).toBe(201);
    expect((await api(page, "POST", "/api/campaigns", { name: "Wedding cakes" })).status).toBe(201);
    const csv = ["text,platforms,time,campaign", "Tiers and tiers,bluesky,2099-06-01 10:00,wedding cakes", "Macarons,bluesky,2099-06-02 10:00,Summer fair", ""].join("\n");

    await page.goto("/dashboard/import");
    await page.getByText("The CSV format").click();
    await page.getByRole("link", { name: "campaigns", exact: true }).waitFor();
    await page.locator('input[type="file"]').setInputFiles({ name: "posts.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    const tagged = page.getByTestId("import-campaign");
    await tagged.first().waitFor({ timeout: 15_000 });
    expect(await tagged.allTextContents()).toEqual(["Campaign: Wedding cakes", "Campaign: Summer fair — new, created when you import"]);
    await page.getByRole("button", { name: "Import 2 posts" }).click();
    await page.getByText("2 posts scheduled.", { exact: true }).waitFor({ timeout: 30_000 });

    await page.goto("/dashboard/campaigns");
    const cards = page.getByRole("list", { name: "Campaigns" }).getByRole("listitem");
    await cards.first().waitFor();
    expect(await cards.filter({ hasText: "Wedding cakes" }).getByTestId("campaign-counts").textContent()).toBe("1 post · 1 scheduled · 0 published");
    expect(await cards.filter({ hasText: "Summer fair" }).getByTestId("campaign-counts").textContent()).toBe("1 post · 1 scheduled · 0 published");
    expect(await cards.filter({ hasText: "Summer fair" }).locator("time").textContent()).toBe("2 Jun 2099, 10:00");
  });

  it("a viewer reads the campaigns and their pages without the forms", { timeout: 180_000 }, async () => {
    const page = await app.newPage({ timezoneId: "UTC" });
    await signUpWithWorkspace(page, { name: "Owen Owner", email: "owen@example.com", workspace: "Owen's Ovens" });
    const made = await api(page, "POST", "/api/campaigns", { name: "Easter buns", brief: "Hot cross buns all week" });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = (made.body.campaign as { id: string }).id;
    const invited = await api(page, "POST", "/api/auth/organization/invite-member", { email: "vera@example.com", role: "viewer" });
    expect(invited.status, JSON.stringify(invited.body)).toBe(200);

    const viewer = await app.newPage({ timezoneId: "UTC" });
    const signedUp = await api(viewer, "POST", "/api/auth/sign-up/email", { name: "Vera Viewer", email: "vera@example.com", password: "correct horse battery" });
    expect(signedUp.status, JSON.stringify(signedUp.body)).toBe(200);
    await viewer.goto(`/invite/${invited.body.id as string}`);
    await viewer.getByRole("button", { name: "Accept and join" }).click();
    await viewer.waitForURL((u) => !u.pathname.startsWith("/invite/"), { timeout: 30_000 });

    await viewer.goto("/dashboard/campaigns");
    await viewer.getByText(/You are a viewer here/).waitFor();
    await viewer.getByRole("link", { name: "Easter buns" }).waitFor();
    expect(await viewer.getByRole("button", { name: "New campaign" }).count()).toBe(0);
    await viewer.goto(`/dashboard/campaigns/${id}`);
    await viewer.getByRole("heading", { level: 1, name: "Easter buns" }).waitFor();
    await viewer.getByText("Hot cross buns all week").waitFor();
    expect(await viewer.getByRole("button", { name: "Edit name and brief" }).count()).toBe(0);
    expect(await viewer.getByRole("link", { name: "Write a post for this campaign" }).count()).toBe(0);
    expect((await api(viewer, "PATCH", `/api/campaigns/${id}`, { name: "Mine" })).status).toBe(403);
    expect(await axe(viewer)).toEqual([]);

    // Another workspace's campaign, or none at all: said in words.
    await viewer.goto("/dashboard/campaigns/nope");
    await viewer.getByRole("heading", { level: 1, name: "Campaign not found" }).waitFor();
  });
});
