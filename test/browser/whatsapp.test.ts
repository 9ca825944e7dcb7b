// WhatsApp in chromium (docs/whatsapp.md): the Recipients page and the composer's WhatsApp section.
// 1. With a simulated WhatsApp account: the Recipients page (in the navigation) explains opt-in
//    while it is empty; a list is created; a bad number gets its field error under the number,
//    then the person is added to the list. In the composer the WhatsApp section offers the list
//    with its opted-in count and, the account being simulated, the template's name and language;
//    scheduling without a list puts the server's error next to the lists; with the list chosen the
//    post is scheduled with config.whatsapp and shows on the posts page.
// 2. A viewer on a phone (375 px): the Recipients page shows the lists with their opted-in and
//    opted-out counts and each person with where and when they opted in (or when they asked to
//    stop), lets them filter, and offers none of the editors' controls (the owner's page has them);
//    nothing wider than the screen; axe clean.
// 3. With a real WhatsApp account (credentials; GRAPH_API_URL is the fixture server below): the
//    composer offers the approved templates it read from the fixture, the person picks one, fills
//    its values, picks a list and publishes now; the fixture gets one template message per opted-in
//    person on the list (none for the one who opted out or the one on no list; one number refused by
//    WhatsApp). Signed webhook calls (X-Hub-Signature-256 with the app secret; a wrongly signed one
//    is refused and changes nothing) move copies to delivered and read, and the posts page shows
//    each recipient's delivery before and after.
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { GRAPH_API_VERSION } from "../../lib/social/meta/graph";
import { signatureOf } from "../../lib/social/meta/webhook";
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

/** Adds a recipient through the API (as the page's user); its row as the API answers it. */
async function addRecipient(page: Page, body: Record<string, unknown>): Promise<{ id: string; optedOutAt: string | null }> {
  const r = await api(page, "POST", "/api/recipients", body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.recipient as { id: string; optedOutAt: string | null };
}

async function addList(page: Page, name: string): Promise<string> {
  const r = await api(page, "POST", "/api/recipient-lists", { name });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return (r.body.list as { id: string }).id;
}

async function optOut(page: Page, id: string): Promise<string> {
  const r = await api(page, "PATCH", `/api/recipients/${id}`, { optedOut: true });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body.recipient as { optedOutAt: string }).optedOutAt;
}

/** A second browser that signs up as `email` and joins the page user's workspace with `role`. */
async function invitedMember(owner: Page, who: { name: string; email: string; role: string }): Promise<Page> {
  const invited = await api(owner, "POST", "/api/auth/organization/invite-member", { email: who.email, role: who.role });
  expect(invited.status, JSON.stringify(invited.body)).toBe(200);
  const page = await app.newPage({ timezoneId: "UTC" });
  const signedUp = await api(page, "POST", "/api/auth/sign-up/email", { name: who.name, email: who.email, password: "correct horse battery" });
  expect(signedUp.status, JSON.stringify(signedUp.body)).toBe(200);
  await page.goto(`/invite/${invited.body.id as string}`);
  await page.getByRole("button", { name: "Accept and join" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/invite/"), { timeout: 30_000 });
  return page;
}

/** A WhatsApp webhook call as Meta sends it: the raw body signed with `secret`. */
async function webhook(body: unknown, secret = APP_SECRET) {
  const raw = JSON.stringify(body);
  const res = await fetch(`${app.base}/api/webhooks/whatsapp`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-hub-signature-256": signatureOf(Buffer.from(raw), secret) },
    body: raw,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const statusCall = (statuses: { id: string; status: string; at: Date; to: string }[]) => ({
  object: "whatsapp_business_account",
  entry: [
    {
      id: WABA,
      changes: [
        {
          field: "messages",
          value: {
            messaging_product: "whatsapp",
            metadata: { display_phone_number: "15550783881", phone_number_id: PHONE_ID },
            statuses: statuses.map((s) => ({ id: s.id, status: s.status, timestamp: String(Math.floor(s.at.getTime() / 1000)), recipient_id: s.to })),
          },
        },
      ],
    },
  ],
});

/** What the page's text holds for a day in the workspace's zone, as the Recipients page writes it. */
const dayIn = (iso: string, timeZone: string) => new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone }).format(new Date(iso));
const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
/** The Recipients page's editing controls (names as the page gives them). */
const EDIT_BUTTONS = /^(Show the form|Hide the form|Add recipient|Create list|Rename|Delete|Opt out|Opt back in|Change lists)\b/;

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

  it("shows a viewer the recipients and lists read-only on a 375 px phone", { timeout: 240_000 }, async () => {
    const owner = await app.newPage({ timezoneId: "UTC" });
    await signUpWithWorkspace(owner, { name: "Otto Owner", email: "otto@example.com", workspace: "Otto's Oysters" });
    const workspace = await db().workspace.findFirstOrThrow({ where: { name: "Otto's Oysters" }, select: { timeZone: true } });
    const regulars = await addList(owner, "Regulars");
    const wholesale = await addList(owner, "Wholesale");
    // Agreed 40 days ago at noon: a day that reads the same in any zone the test might run in.
    const agreed = new Date(Date.now() - 40 * 86_400_000);
    agreed.setUTCHours(12, 0, 0, 0);
    await addRecipient(owner, { phone: "+44 7911 200001", name: "Amy Archer", optInSource: "Sign-up form on our website", optInAt: agreed.toISOString(), listIds: [regulars] });
    await addRecipient(owner, { phone: "+44 7911 200002", name: "Ben Brown", optInSource: "Asked at the counter", listIds: [regulars, wholesale] });
    const cat = await addRecipient(owner, { phone: "+44 7911 200003", name: "Cat Cole", optInSource: "Sign-up form on our website", listIds: [regulars] });
    const catOut = await optOut(owner, cat.id);

    // The owner's page has the editing controls the viewer must not get.
    await owner.goto("/dashboard/recipients");
    await owner.locator("[data-recipient-id]").first().waitFor({ timeout: 15_000 });
    expect(await owner.getByRole("button", { name: EDIT_BUTTONS }).count()).toBeGreaterThanOrEqual(10);

    const viewer = await invitedMember(owner, { name: "Vera Viewer", email: "vera@example.com", role: "viewer" });
    await viewer.setViewportSize({ width: 375, height: 800 });
    await viewer.goto("/dashboard/recipients");
    await viewer.getByRole("heading", { level: 1, name: "Recipients" }).waitFor();
    await viewer.getByText("You are a viewer here: you can see the recipients and lists, but only editors, admins and owners can change them.").waitFor();

    // Every person, with where and when they agreed, or when they asked to stop; and their lists.
    const people = viewer.getByRole("list", { name: "Recipients" }).locator("[data-recipient-id]");
    await expect.poll(() => people.count(), { timeout: 15_000 }).toBe(3);
    const card = (name: string) => viewer.locator("[data-recipient-id]", { hasText: name });
    expect(await card("Amy Archer").textContent()).toBe(`Amy Archer +44 7911 200001Opted in since ${dayIn(agreed.toISOString(), workspace.timeZone)} · Sign-up form on our websiteLists: Regulars`);
    expect(await card("Ben Brown").textContent()).toMatch(/^Ben Brown \+44 7911 200002Opted in since \d{1,2} \w{3} \d{4} · Asked at the counterLists: (Regulars, Wholesale|Wholesale, Regulars)$/);
    expect(await card("Cat Cole").textContent()).toBe(`Cat Cole +44 7911 200003Opted out since ${dayIn(catOut, workspace.timeZone)} (by hand)Lists: Regulars`);
    expect(await card("Cat Cole").getAttribute("data-opted-in")).toBe("false");

    // The lists with their counts.
    const lists = viewer.getByRole("region", { name: "Lists" });
    expect(await lists.locator("[data-list-id]").allTextContents()).toEqual(["Regulars 2 opted in · 1 opted out", "Wholesale 1 opted in"]);

    // None of the editors' controls: no add form, no new-list field, no button that changes anything.
    expect(await viewer.getByRole("button", { name: EDIT_BUTTONS }).count()).toBe(0);
    expect(await viewer.getByRole("form", { name: "Add a recipient" }).count()).toBe(0);
    expect(await viewer.getByRole("form", { name: "Create a list" }).count()).toBe(0);
    expect(await viewer.getByLabel("New list", { exact: true }).count()).toBe(0);
    // An editor's request from this session is refused too.
    expect((await api(viewer, "POST", "/api/recipients", { phone: "+44 7911 200009", optInSource: "x" })).status).toBe(403);

    // Not wider than the phone; axe clean.
    expect(await scrollWidth(viewer)).toBeLessThanOrEqual(375);
    expect(await axe(viewer)).toEqual([]);
    await shot(viewer, "whatsapp-recipients-viewer-phone");

    // Reading includes filtering: the people who asked to stop.
    await viewer.getByRole("form", { name: "Filter recipients" }).getByLabel("Status").selectOption("opted_out");
    await expect.poll(() => people.allTextContents(), { timeout: 15_000 }).toEqual([expect.stringMatching(/^Cat Cole .*Opted out since/)]);
    expect(await scrollWidth(viewer)).toBeLessThanOrEqual(375);
  });

  it("offers a real account's approved templates, sends one to each opted-in person on the list, and shows each delivery", { timeout: 240_000 }, async () => {
    const page = await app.newPage({ timezoneId: "UTC" });
    await signUpWithWorkspace(page, { name: "Rita Real", email: "rita@example.com", workspace: "Rita's Rolls" });
    const accountId = await addAccount(page, { platform: "whatsapp", handle: "ritasrolls", credentials: { phoneNumberId: PHONE_ID, accessToken: "EAAbrowserWhatsapp", businessAccountId: WABA } });
    const regulars = await addList(page, "Regulars");
    await addRecipient(page, { phone: "+44 7911 000001", name: "Ann Able", optInSource: "Sign-up form", listIds: [regulars] });
    // Kim's number is refused by the fixture (not on WhatsApp).
    await addRecipient(page, { phone: "+44 7911 000002", name: "Kim Kay", optInSource: "Sign-up form", listIds: [regulars] });
    await addRecipient(page, { phone: "+44 7911 000004", name: "Bea Bell", optInSource: "In the shop", listIds: [regulars] });
    const olly = await addRecipient(page, { phone: "+44 7911 000003", name: "Olly Out", optInSource: "Sign-up form", listIds: [regulars] });
    await optOut(page, olly.id);
    await addRecipient(page, { phone: "+44 7911 000005", name: "Nina Nolist", optInSource: "Sign-up form" });
    graph.reset();

    // The composer reads the account's approved templates from the fixture and offers them.
    await page.goto("/dashboard/compose");
    const section = page.getByRole("group", { name: "WhatsApp" });
    await section.waitFor();
    const template = section.getByLabel("Template for the others (optional)");
    await template.waitFor({ timeout: 15_000 });
    expect(await template.locator("option").allTextContents()).toEqual(["No template", "weekly_offer (en_GB)", "opening_hours (en_GB)"]);
    expect(graph.requests.filter((r) => r.method === "GET" && r.path === `${V}/${WABA}/message_templates`).length).toBeGreaterThanOrEqual(1);
    expect(await section.getByText("Simulated account").count()).toBe(0);

    await template.selectOption({ label: "weekly_offer (en_GB)" });
    await section.getByText("Hi {{1}}, this week: {{2}}.").waitFor();
    await section.getByLabel("Value for {{1}}").fill("there");
    await section.getByLabel("Value for {{2}}").fill("cinnamon rolls");
    await section.getByRole("group", { name: "Recipient lists" }).getByRole("checkbox", { name: "Regulars · 3 opted in" }).check();
    const text = "Cinnamon rolls all week. Reply STOP to stop these messages.";
    await page.getByLabel("Post text for every platform").fill(text);
    expect(await axe(page)).toEqual([]);
    await shot(page, "whatsapp-compose-real-template");

    await page.getByRole("button", { name: "Publish now", exact: true }).click();
    const open = page.getByRole("link", { name: "Open the post" });
    await open.waitFor({ timeout: 30_000 });
    const postId = new URL((await open.getAttribute("href"))!, app.base).searchParams.get("focus")!;
    await expect.poll(async () => ((await api(page, "GET", `/api/posts/${postId}`)).body.post as { status: string }).status, { timeout: 30_000 }).toBe("published");

    // What WhatsApp got: the chosen template with its values, once to each opted-in person on the
    // list (nobody wrote in the last 24 hours), none to Olly (opted out) or Nina (on no list).
    const sends = graph.requests.filter((r) => r.method === "POST" && r.path === `${V}/${PHONE_ID}/messages`);
    expect(sends.map((r) => (r.body as { to: string }).to).sort()).toEqual(["447911000001", "447911000002", "447911000004"]);
    for (const r of sends) {
      expect(r.body).toMatchObject({
        access_token: "EAAbrowserWhatsapp",
        messaging_product: "whatsapp",
        type: "template",
        template: {
          name: "weekly_offer",
          language: { code: "en_GB" },
          components: [{ type: "body", parameters: [{ type: "text", text: "there" }, { type: "text", text: "cinnamon rolls" }] }],
        },
      });
    }

    // The posts page: each recipient's copy, as sent.
    const deliveries = page.locator(`[data-post-id="${postId}"] [data-testid="deliveries"]`);
    const rows = deliveries.getByRole("list", { name: "Deliveries", includeHidden: true }).locator("li");
    const byName = async () =>
      Object.fromEntries(
        await rows.evaluateAll((els) => els.map((el) => [el.querySelector("span")!.textContent!, `${el.getAttribute("data-delivery-status")}|${el.textContent}`])),
      ) as Record<string, string>;
    await page.goto(`/dashboard/posts?focus=${postId}`);
    await deliveries.waitFor({ timeout: 15_000 });
    expect(await deliveries.locator("p").first().textContent()).toBe("2 sent · 0 delivered · 0 read · 1 failed");
    expect(await byName()).toEqual({
      "Ann Able": expect.stringMatching(/^sent\|Ann Able\+447911000001sent \(template\)/),
      "Bea Bell": expect.stringMatching(/^sent\|Bea Bell\+447911000004sent \(template\)/),
      "Kim Kay": expect.stringMatching(/^failed\|Kim Kay\+447911000002failed \(template\).*the number cannot receive WhatsApp messages .*\(code 131026\)/),
    });

    // Meta reports delivery on the webhook: a call signed with another secret is refused and
    // changes nothing; signed ones move Ann's copy to read and Bea's to delivered.
    const wamid = async (phone: string) =>
      (await db().whatsAppMessage.findFirstOrThrow({ where: { accountId, recipient: { phone } }, select: { waMessageId: true } })).waMessageId!;
    const [ann, bea] = [await wamid("447911000001"), await wamid("447911000004")];
    const now = new Date();
    expect((await webhook(statusCall([{ id: ann, status: "read", at: now, to: "447911000001" }]), "not-the-app-secret")).status).toBe(401);
    expect(await db().whatsAppMessage.count({ where: { accountId, status: { in: ["delivered", "read"] } } })).toBe(0);
    const first = await webhook(statusCall([{ id: ann, status: "delivered", at: now, to: "447911000001" }, { id: bea, status: "delivered", at: now, to: "447911000004" }]));
    expect([first.status, first.body]).toEqual([200, expect.objectContaining({ ok: true, statuses: 2 })]);
    const second = await webhook(statusCall([{ id: ann, status: "read", at: new Date(now.getTime() + 60_000), to: "447911000001" }]));
    expect([second.status, second.body]).toEqual([200, expect.objectContaining({ ok: true, statuses: 1 })]);

    await page.reload();
    await deliveries.waitFor({ timeout: 15_000 });
    expect(await deliveries.locator("p").first().textContent()).toBe("2 sent · 2 delivered · 1 read · 1 failed");
    await deliveries.getByRole("button", { name: "Show 3 recipients" }).click();
    await rows.first().waitFor();
    expect(await byName()).toEqual({
      "Ann Able": expect.stringMatching(/^read\|Ann Able\+447911000001read \(template\)/),
      "Bea Bell": expect.stringMatching(/^delivered\|Bea Bell\+447911000004delivered \(template\)/),
      "Kim Kay": expect.stringMatching(/^failed\|Kim Kay\+447911000002failed \(template\)/),
    });
    expect(await axe(page)).toEqual([]);
    await shot(page, "whatsapp-deliveries");
  });
});
