// WhatsApp in chromium (docs/whatsapp.md): the Recipients page and the composer's WhatsApp section.
// 1. With a simulated WhatsApp account: the Recipients page (in the navigation) explains opt-in
//    while it is empty; a list is created; a bad number gets its field error under the number,
//    then the person is added to the list. In the composer the WhatsApp section offers the list
//    with its opted-in count and, the account being simulated, the template's name and language;
//    scheduling without a list puts the server's error next to the lists; with the list chosen the
//    post is scheduled with config.whatsapp and shows on the posts page.
// Still to come (the session ended first): the Recipients page at 375 px with a viewer, and a real
// account's templates and per-recipient deliveries in the browser (both covered through the API by
// test/integration/whatsapp.test.ts).
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { GRAPH_API_VERSION } from "../../lib/social/meta/graph";
import { startFixtureServer } from "../support/fixture-server";
import { api, axe, shot, signUpWithWorkspace, startApp } from "./support/harness";

const V = `/${GRAPH_API_VERSION}`;
const PHONE_ID = "106540352242922";
const WABA = "102290129340398";
const APP_SECRET = "browser-wa-app-secret-0123456789";

// Before startApp: the app's server takes its environment when it starts.
const graph = await startFixtureServer();
graph.on("GET", `${V}/${PHONE_ID}`, () => ({ json: { id: PHONE_ID, whatsapp_business_manager_messaging_limit: "TIER_2K" } }));
graph.on("GET", `${V}/${WABA}/message_templates`, () => ({
  json: {
    data: [
      { name: "weekly_offer", language: "en_GB", status: "APPROVED", category: "MARKETING", components: [{ type: "BODY", text: "Hi {{1}}, this week: {{2}}." }] },
      { name: "opening_hours", language: "en_GB", status: "APPROVED", category: "UTILITY", components: [{ type: "BODY", text: "We are open until 6pm today." }] },
    ],
  },
}));
// Kim's number is not on WhatsApp; everyone else gets a message id.
let sent = 0;
graph.on("POST", `${V}/${PHONE_ID}/messages`, (req) =>
  (req.body as { to?: string }).to === "447911000002"
    ? { status: 400, json: { error: { message: "Message undeliverable", type: "OAuthException", code: 131026, error_data: { details: "Message undeliverable" } } } }
    : { json: { messaging_product: "whatsapp", messages: [{ id: `wamid.browser${++sent}` }] } },
);
process.env.GRAPH_API_URL = graph.url;
process.env.WHATSAPP_APP_SECRET = APP_SECRET;
process.env.WHATSAPP_VERIFY_TOKEN = "browser-wa-verify";
afterAll(() => graph.close());
const app = startApp();


/** The text of the elements that describe `locator` (aria-describedby). */
async function describedBy(page: Page, locator: ReturnType<Page["locator"]>): Promise<string> {
  const ids = (await locator.getAttribute("aria-describedby")) ?? "";
  const texts = await Promise.all(ids.split(" ").filter(Boolean).map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(" ");
}

async function addAccount(page: Page, body: Record<string, unknown>): Promise<string> {
  const r = await api(page, "POST", "/api/accounts", body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return (r.body.account as { id: string }).id;
}

describe("WhatsApp recipients and posts in chromium", () => {
  it("adds a list and a recipient, then schedules a post to the list from the composer", { timeout: 240_000 }, async () => {
    const page = await app.newPage({ timezoneId: "UTC" });
    await signUpWithWorkspace(page, { name: "Wanda WhatsApp", email: "wanda@example.com", workspace: "Wanda's Waffles" });
    await addAccount(page, { platform: "whatsapp", handle: "wandaswaffles" });

    // The Recipients page, next to Accounts in the navigation, explains opt-in while it is empty.
    const nav = page.getByRole("navigation", { name: "Main" });
    expect(await nav.getByRole("link").allTextContents()).toEqual(expect.arrayContaining(["Accounts", "Recipients"]));
    const links = await nav.getByRole("link").allTextContents();
    expect(links.indexOf("Recipients")).toBe(links.indexOf("Accounts") + 1);
    await nav.getByRole("link", { name: "Recipients" }).click();
    await page.waitForURL(/\/dashboard\/recipients$/);
    await page.getByRole("heading", { level: 1, name: "Recipients" }).waitFor();
    expect(await page.getByTestId("recipients-empty").textContent()).toContain("Only people who agreed to get WhatsApp messages from you can be added");

    // A list.
    const lists = page.getByRole("region", { name: "Lists" });
    await lists.getByLabel("New list", { exact: true }).fill("Regulars");
    await lists.getByRole("button", { name: "Create list" }).click();
    await lists.locator("[data-list-id]", { hasText: "Regulars" }).getByText("0 opted in").waitFor({ timeout: 15_000 });
    await page.getByRole("status").getByText("List “Regulars” created.").waitFor();

    // A number that is not one: the server's error under the number; nothing added.
    const add = page.getByRole("form", { name: "Add a recipient" });
    const number = add.getByLabel("WhatsApp number");
    await number.fill("+44 12");
    await add.getByLabel("Name (optional)").fill("Sam Baker");
    await add.getByLabel("Where did they agree?").fill("Sign-up form on our website");
    await add.getByRole("checkbox", { name: "Regulars" }).check();
    await add.getByRole("button", { name: "Add recipient" }).click();
    await expect.poll(() => number.getAttribute("aria-invalid"), { timeout: 15_000 }).toBe("true");
    expect(await describedBy(page, number)).toContain("This is not a valid phone number.");
    expect(await add.getByRole("alert").textContent()).toMatch(/Check the fields marked below/);
    await shot(page, "whatsapp-recipient-error");
    expect(await db().recipient.count()).toBe(0);

    await number.fill("+44 7911 123456");
    await add.getByRole("button", { name: "Add recipient" }).click();
    const sam = page.locator("[data-recipient-id]", { hasText: "Sam Baker" });
    await sam.waitFor({ timeout: 15_000 });
    expect(await sam.textContent()).toMatch(/\+44 7911 123456.*Opted in since .*· Sign-up form on our website.*Lists: Regulars/);
    await lists.locator("[data-list-id]", { hasText: "Regulars" }).getByText("1 opted in").waitFor({ timeout: 15_000 });
    expect(await number.inputValue()).toBe("");
    expect(await axe(page)).toEqual([]);
    await shot(page, "whatsapp-recipients");

    // The composer: the only account is chosen; the WhatsApp section offers the list and, for a
    // simulated account, the template's name and language.
    await page.goto("/dashboard/compose");
    const section = page.getByRole("group", { name: "WhatsApp" });
    await section.waitFor();
    await section.getByText("People who wrote to you in the last 24 hours get this post; the others get the template below, or nothing without one.").waitFor();
    const listGroup = section.getByRole("group", { name: "Recipient lists" });
    const regulars = listGroup.getByRole("checkbox", { name: "Regulars · 1 opted in" });
    await regulars.waitFor({ timeout: 15_000 });
    await section.getByText("Simulated account: type the name and language of an approved template.").waitFor({ timeout: 15_000 });
    const text = "Fresh waffles this Saturday from 9am. Reply STOP to stop these messages.";
    await page.getByLabel("Post text for every platform").fill(text);

    // No list: the server's error next to the lists, the alert says so.
    await page.getByRole("button", { name: "Schedule", exact: true }).click();
    await expect.poll(() => describedBy(page, listGroup), { timeout: 15_000 }).toContain("Choose a recipient list (or recipients) for the WhatsApp message.");
    const alert = page.locator('form [role="alert"]');
    expect(await alert.textContent()).toMatch(/The post does not fit every platform\..*marked below/);
    expect(await alert.evaluate((el) => el === document.activeElement)).toBe(true);
    await shot(page, "whatsapp-compose-error");

    await regulars.check();
    expect(await describedBy(page, listGroup)).toBe("");
    await section.getByLabel("Template name (optional)").fill("weekly_offer");
    await section.getByLabel("Template language").fill("en_GB");
    expect(await axe(page)).toEqual([]);
    await shot(page, "whatsapp-compose-filled");

    await page.getByRole("button", { name: "Schedule", exact: true }).click();
    const open = page.getByRole("link", { name: "Open the post" });
    await open.waitFor({ timeout: 30_000 });
    const postId = new URL((await open.getAttribute("href"))!, app.base).searchParams.get("focus")!;
    const listId = (await db().recipientList.findFirstOrThrow({ where: { name: "Regulars" } })).id;
    const tasks = await db().agentTask.findMany({ where: { type: "social_post", postTarget: { postId } }, select: { platform: true, content: true, config: true } });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ platform: "whatsapp", content: text });
    expect((tasks[0].config as { whatsapp?: unknown }).whatsapp).toEqual({ listIds: [listId], template: { name: "weekly_offer", language: "en_GB" } });

    await open.click();
    await page.waitForURL(/\/dashboard\/posts/);
    const card = page.locator(`[data-post-id="${postId}"]`);
    await expect.poll(() => card.getAttribute("data-status"), { timeout: 15_000 }).toBe("scheduled");
    expect(await card.locator('[data-platform="whatsapp"]').count()).toBe(1);
  });

});
