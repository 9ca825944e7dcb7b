// The API reference page (/dashboard/api; docs/decisions.md, "OpenAPI") in chromium against
// `next start`: rendered on the server from the OpenAPI document, grouped by tag; an operation
// opens to its auth, role, parameters, body fields and examples; the page links to the JSON, which
// anyone may fetch; Settings → API keys links to the page. At 375 px nothing scrolls sideways with
// an operation open, and axe finds no WCAG 2 A/AA violation.
import { describe, expect, it } from "vitest";
import { axe, scrollsSideways, shot, signUpWithWorkspace, startApp } from "./support/harness";

const app = startApp();

describe("API reference", () => {
  it("shows every operation by tag, opens one with its body and example, links the JSON; readable at 375 px", { timeout: 180_000 }, async () => {
    const page = await app.newPage();
    await signUpWithWorkspace(page, { name: "Ada Api", email: "ada-api@example.com", workspace: "Ada's API Bakery" });

    // From Settings → API keys.
    await page.goto("/dashboard/settings");
    await page.getByRole("region", { name: "API keys" }).getByRole("link", { name: "API reference" }).click();
    await page.waitForURL("**/dashboard/api");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toBe("API reference");

    // Grouped by tag, each section with its operations.
    const posts = page.getByRole("region", { name: "Posts" });
    expect(await posts.getByRole("heading", { level: 2 }).innerText()).toBe("Posts");
    const doc = (await (await page.request.get("/api/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    const total = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    expect(await page.locator("details[id]").count()).toBe(total);
    expect(await page.getByRole("region", { name: "Cron" }).locator("summary").first().innerText()).toMatch(/GET\s+\/api\/agent\/process/);

    // One operation, opened: auth, role, the body's fields from the route's zod schema, an example.
    await page.setViewportSize({ width: 375, height: 800 });
    const schedule = page.locator("#postAgentSchedule");
    await schedule.locator("summary").click();
    const open = schedule.locator("[data-operation]");
    await expect.poll(() => open.isVisible()).toBe(true);
    const text = await open.innerText();
    expect(text).toContain("API key or session");
    expect(text).toContain("editor or higher");
    expect(text).toMatch(/accountIds\s+optional · list of 1 to 50 items, each string, 1 to 100 characters/);
    expect(text).toMatch(/idempotencyKey\s+optional · string, 8 to 200 characters/);
    expect(text).toContain("Example: A post on two accounts");
    expect(text).toContain('"idempotencyKey": "weekend-sourdough-2031-05-16"');
    expect(text).toMatch(/400\s+The request is invalid/);

    // A query's parameters, comma-separated lists said so.
    const listPosts = page.locator("#getPosts");
    await listPosts.locator("summary").click();
    expect(await listPosts.locator("[data-operation]").innerText()).toMatch(/status in query optional · list of at most 20 items, each one of "draft", .* \(comma-separated\)/);

    expect(await scrollsSideways(page)).toBe(false);
    await shot(page, "api-reference-375");
    expect(await axe(page)).toEqual([]);

    // The JSON, from the page's link, for anyone: a browser with no session reads it too.
    const href = await page.getByRole("link", { name: "The OpenAPI 3.1 document (JSON)" }).getAttribute("href");
    expect(href).toBe("/api/openapi.json");
    const anonymous = await app.newPage();
    const res = await anonymous.request.get(`${app.base}${href}`);
    expect(res.status()).toBe(200);
    expect(res.headers()["cache-control"]).toMatch(/^public/);
    expect(((await res.json()) as { openapi: string }).openapi).toBe("3.1.0");
  });
});
