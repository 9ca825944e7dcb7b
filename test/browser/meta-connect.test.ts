// "Connect with Facebook" in chromium against `next start` (issue 13): a local server plays Meta —
// the login dialog (a consent page whose "Allow" link goes back to Herald's callback with a code
// and the state), the Graph token exchanges, /me/accounts, and a Page's feed. The person signs up,
// clicks "Connect with Facebook", allows, picks one Page in the picker, sees it listed as a real
// (not simulated) account, and a post published now to it reaches the fixture's /{page-id}/feed.
// GRAPH_API_URL is configuration, not user input: the Facebook adapter calls it with plain fetch,
// so a loopback fixture works in production mode (only user-supplied addresses are guarded).
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { GRAPH_API_VERSION } from "../../lib/social/meta/graph";
import { startFixtureServer } from "../support/fixture-server";
import { api, axe, scrollsSideways, shot, signUpWithWorkspace, startApp } from "./support/harness";

const V = `/${GRAPH_API_VERSION}`;
const APP_ID = "424242";
const APP_SECRET = "browser-meta-secret";
const PAGE_TOKEN = "EAAbrowserPage";

// Started before startApp's beforeAll copies process.env into the server's environment.
const meta = await startFixtureServer();
meta.on("GET", `${V}/dialog/oauth`, (r) => {
  const back = new URL(r.query.get("redirect_uri")!);
  back.search = new URLSearchParams({ code: "browser-code", state: r.query.get("state")! }).toString();
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  return {
    headers: { "content-type": "text/html; charset=utf-8" },
    text: `<!doctype html><html lang="en"><head><title>Log in with Facebook</title></head><body><main><h1>Herald is requesting access</h1><p>${esc(r.query.get("scope") ?? "")}</p><a href="${esc(back.toString())}">Allow</a></main></body></html>`,
  };
});
meta.on("GET", `${V}/oauth/access_token`, (r) => {
  const q = Object.fromEntries(r.query);
  if (q.client_id !== APP_ID || q.client_secret !== APP_SECRET) return { status: 400, json: { error: { message: "Error validating client secret.", code: 1 } } };
  if (q.grant_type === "fb_exchange_token") return q.fb_exchange_token === "EAAshort" ? { json: { access_token: "EAAlong", token_type: "bearer", expires_in: 5_183_944 } } : { status: 400, json: { error: { code: 190 } } };
  return q.code === "browser-code" ? { json: { access_token: "EAAshort", token_type: "bearer", expires_in: 5400 } } : { status: 400, json: { error: { message: "Invalid code", code: 100 } } };
});
meta.on("GET", `${V}/me/accounts`, (r) =>
  r.query.get("access_token") === "EAAlong"
    ? {
        json: {
          data: [
            { id: "5551", name: "Harbour Bakery", access_token: PAGE_TOKEN, tasks: ["ANALYZE", "ADVERTISE", "MODERATE", "CREATE_CONTENT", "MANAGE"], instagram_business_account: { id: "17841400000000099", username: "harbour.bakes", name: "Harbour Bakes" } },
            { id: "5552", name: "Harbour Fans Club", access_token: "EAAother", tasks: ["ANALYZE"] },
          ],
          paging: { cursors: { before: "A", after: "B" } },
        },
      }
    : { status: 400, json: { error: { code: 190 } } },
);
meta.on("POST", `${V}/5551/feed`, () => ({ json: { id: "5551_777" } }));
meta.on("GET", `${V}/5551_777`, () => ({ json: { id: "5551_777", permalink_url: "https://www.facebook.com/5551/posts/777" } }));
process.env.META_APP_ID = APP_ID;
process.env.META_APP_SECRET = APP_SECRET;
process.env.META_AUTH_URL = meta.url;
process.env.GRAPH_API_URL = meta.url;

const app = startApp();
afterAll(() => meta.close());


describe("Connect with Facebook in chromium", () => {
  it("consents at Meta, picks a Page, lists it as connected, and publishes to it", { timeout: 240_000 }, async () => {
    const page = await app.newPage({ timezoneId: "UTC" });
    await signUpWithWorkspace(page, { name: "Hana Harbour", email: "hana@example.com", workspace: "Harbour Bakery" });
    await page.goto("/dashboard/accounts");
    await page.getByRole("button", { name: "Connect with Facebook" }).click();

    // Meta's dialog (the fixture), with Herald's app id and the Pages and Instagram scopes.
    await page.waitForURL((u) => u.pathname === `${V}/dialog/oauth`, { timeout: 30_000 });
    const dialog = new URL(page.url());
    expect(dialog.searchParams.get("client_id")).toBe(APP_ID);
    expect(dialog.searchParams.get("redirect_uri")).toBe(`${app.base}/api/accounts/oauth/facebook/callback`);
    expect(dialog.searchParams.get("scope")).toContain("pages_manage_posts");
    await page.getByRole("link", { name: "Allow" }).click();

    // Back on the accounts page with the picker: names and handles, never a token.
    await page.waitForURL(/\/dashboard\/accounts\?pick=/, { timeout: 30_000 });
    expect(page.url()).not.toContain("EAA");
    const picker = page.getByRole("region", { name: "Choose what Herald posts to" });
    await picker.waitFor({ timeout: 30_000 });
    expect(await page.content()).not.toContain(PAGE_TOKEN);
    const pageBox = page.getByRole("checkbox", { name: /^Harbour Bakery Facebook/ });
    await expect.poll(() => pageBox.isEnabled()).toBe(true);
    expect(await page.getByRole("checkbox", { name: /^Harbour Bakes Instagram/ }).isEnabled()).toBe(true);
    expect(await page.getByRole("checkbox", { name: /^Harbour Fans Club/ }).isDisabled()).toBe(true);
    expect(await picker.textContent()).toMatch(/Cannot be connected: Your role on this Page does not allow creating content/);

    // Accessible in light and dark, and usable at phone width.
    expect(await axe(page)).toEqual([]);
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await scrollsSideways(page)).toBe(false);
    await shot(page, "meta-picker-phone");
    await page.setViewportSize({ width: 1024, height: 900 });

    // Nothing chosen: said where the person is looking.
    await picker.getByRole("button", { name: "Connect selected" }).click();
    await picker.getByRole("alert").filter({ hasText: "Choose at least one Page or Instagram account." }).waitFor({ timeout: 10_000 });

    await pageBox.check();
    await picker.getByRole("button", { name: "Connect selected" }).click();
    await page.getByText("Connected Harbour Bakery (Facebook).").waitFor({ timeout: 30_000 });
    expect(await picker.count()).toBe(0);
    const row = page.getByRole("listitem").filter({ hasText: "page-5551" });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain("Harbour Bakery");
    expect(await row.getByText("Active", { exact: true }).count()).toBe(1);
    expect(await row.getByText("Simulated", { exact: true }).count()).toBe(0);
    expect(await axe(page)).toEqual([]);
    await shot(page, "meta-connected");

    const listed = await api(page, "GET", "/api/accounts");
    const accounts = listed.body.accounts as { id: string; platform: string; handle: string; simulated: boolean }[];
    expect(accounts.map((a) => [a.platform, a.handle, a.simulated])).toEqual([["facebook", "page-5551", false]]);

    // Publish now to the Page: the server posts to the fixture's feed on its own.
    const scheduled = await api(page, "POST", "/api/agent/schedule", { accountIds: [accounts[0].id], content: "Fresh cinnamon buns at the harbour today!" });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
    const postId = scheduled.body.postId as string;
    const feed = await app.until("the feed POST at the fixture", 30_000, async () => meta.requests.find((r) => r.method === "POST" && r.path === `${V}/5551/feed`));
    expect(feed.body).toMatchObject({ message: "Fresh cinnamon buns at the harbour today!", access_token: PAGE_TOKEN });
    await app.until("the task completed", 30_000, async () => {
      const tasks = await db().agentTask.findMany({ where: { type: "social_post", postTarget: { postId } }, select: { status: true } });
      return tasks.length === 1 && tasks[0].status === "completed" ? true : undefined;
    });
    const post = (await api(page, "GET", `/api/posts/${postId}`)).body.post as { status: string };
    expect(post.status).toBe("published");
  });
});
