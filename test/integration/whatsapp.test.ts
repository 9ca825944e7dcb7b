// WhatsApp end to end through the real routes: recipients with their opt-in (phone numbers checked,
// duplicates, opt-out and back in, roles), recipient lists, scheduling refused without recipients or
// to people who opted out (nothing written), the Meta webhook (verify token, signature, delivery
// statuses in any order and more than once, STOP and START replies), and one post sent by the
// scheduler to a Cloud API double and followed to "read" on the post's delivery list.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as accountsRoute from "../../app/api/accounts/route";
import * as templatesRoute from "../../app/api/accounts/[id]/whatsapp/templates/route";
import * as scheduleRoute from "../../app/api/agent/schedule/route";
import * as deliveriesRoute from "../../app/api/posts/[id]/deliveries/route";
import * as listsRoute from "../../app/api/recipient-lists/route";
import * as listRoute from "../../app/api/recipient-lists/[id]/route";
import * as recipientsRoute from "../../app/api/recipients/route";
import * as recipientRoute from "../../app/api/recipients/[id]/route";
import * as webhook from "../../app/api/webhooks/whatsapp/route";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { GRAPH_API_VERSION } from "../../lib/social/meta/graph";
import { signatureOf } from "../../lib/social/meta/webhook";
import { browserReq } from "../support/auth";
import { params, pinClock, req, runProcessor, workspaceWithKey } from "../support/factories";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";
import { memberAs } from "../support/oauth";

const SECRET = "wa-app-secret-0123456789abcdef";
const VERIFY = "herald-verify-token-42";
const PHONE_ID = "106540352242922";
const WABA = "102290129340398";
const NOW = new Date("2031-05-06T10:00:00.000Z");
const V = GRAPH_API_VERSION;

let graph: FixtureServer;
pinClock(NOW);

beforeAll(async () => {
  graph = await startFixtureServer();
  let n = 0;
  graph.on("POST", `/${V}/${PHONE_ID}/messages`, () => ({ json: { messaging_product: "whatsapp", messages: [{ id: `wamid.HBgL${++n}` }] } }));
  graph.on("GET", `/${V}/${PHONE_ID}`, () => ({ json: { id: PHONE_ID, whatsapp_business_manager_messaging_limit: "TIER_2K" } }));
  graph.on("GET", `/${V}/${WABA}/message_templates`, () => ({
    json: {
      data: [
        { name: "weekly_offer", language: "en_GB", status: "APPROVED", category: "MARKETING", components: [{ type: "HEADER", format: "IMAGE" }, { type: "BODY", text: "Hi {{1}}, this week: {{2}}." }] },
        { name: "draft_one", language: "en_GB", status: "PENDING", category: "MARKETING", components: [] },
      ],
      paging: { cursors: { after: "x" } },
    },
  }));
  process.env.GRAPH_API_URL = graph.url;
  process.env.WHATSAPP_APP_SECRET = SECRET;
  process.env.WHATSAPP_VERIFY_TOKEN = VERIFY;
  resetEnvCache();
});
afterAll(async () => {
  for (const k of ["GRAPH_API_URL", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN"]) delete process.env[k];
  resetEnvCache();
  await graph.close();
});

async function json(res: Response) {
  return { status: res.status, body: await res.json() };
}
const addRecipient = async (key: string, body: Record<string, unknown>) => json(await recipientsRoute.POST(req("POST", "/api/recipients", { key, body })));
const addList = async (key: string, name: string) => (await json(await listsRoute.POST(req("POST", "/api/recipient-lists", { key, body: { name } })))).body.list as { id: string };
const schedule = async (key: string, body: Record<string, unknown>) => json(await scheduleRoute.POST(req("POST", "/api/agent/schedule", { key, body })));

function signed(body: unknown, secret = SECRET) {
  const raw = JSON.stringify(body);
  return new Request("http://localhost/api/webhooks/whatsapp", {
    method: "POST",
    headers: { "content-type": "application/json", "x-hub-signature-256": signatureOf(Buffer.from(raw), secret) },
    body: raw,
  });
}
const envelope = (value: Record<string, unknown>) => ({
  object: "whatsapp_business_account",
  entry: [{ id: WABA, changes: [{ field: "messages", value: { messaging_product: "whatsapp", metadata: { display_phone_number: "15550783881", phone_number_id: PHONE_ID }, ...value } }] }],
});
const epoch = (d: Date) => String(Math.floor(d.getTime() / 1000));
const inbound = (from: string, body: string, at = NOW) => envelope({ contacts: [{ wa_id: from, profile: { name: "Sam" } }], messages: [{ from, id: `wamid.in${Math.random()}`, timestamp: epoch(at), type: "text", text: { body } }] });
const status = (id: string, s: string, at = NOW, errors?: unknown[]) => envelope({ statuses: [{ id, status: s, timestamp: epoch(at), recipient_id: "447911000001", ...(errors && { errors }) }] });

describe("recipients and lists", () => {
  it("adds a recipient with where and when they opted in, in international form only, once", async () => {
    const { key } = await workspaceWithKey();
    const list = await addList(key, "Regulars");
    const ok = await addRecipient(key, { phone: "+44 7911 123456", name: "Sam", optInSource: "signed up in store", listIds: [list.id] });
    expect(ok.status).toBe(201);
    expect(ok.body.recipient).toMatchObject({ phone: "+447911123456", name: "Sam", optInSource: "signed up in store", optInAt: NOW.toISOString(), optedIn: true, lists: [{ id: list.id, name: "Regulars" }] });

    const again = await addRecipient(key, { phone: "0044 7911 123456", optInSource: "web form" });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/\+447911123456 is already a recipient/);

    const national = await addRecipient(key, { phone: "07911 123456", optInSource: "web form" });
    expect([national.status, national.body.error.fields]).toEqual([400, [{ path: "phone", message: expect.stringMatching(/international form/) }]]);
    const invalid = await addRecipient(key, { phone: "+44 12", optInSource: "web form" });
    expect(invalid.body.error.fields).toEqual([{ path: "phone", message: "This is not a valid phone number." }]);
    const noSource = await addRecipient(key, { phone: "+33612345678" });
    expect(noSource.body.error.fields.map((f: { path: string }) => f.path)).toEqual(["optInSource"]);
    const future = await addRecipient(key, { phone: "+33612345678", optInSource: "web", optInAt: "2031-06-01T00:00:00Z" });
    expect([future.status, future.body.error.fields[0].path]).toEqual([400, "optInAt"]);
    expect(await db().recipient.count()).toBe(1);
  });

  it("opts a recipient out and back in (saying where they agreed again), filters and searches, and counts each list", async () => {
    const { workspace, key } = await workspaceWithKey();
    const list = await addList(key, "Newsletter");
    const a = (await addRecipient(key, { phone: "+14155552671", name: "Alex Baker", optInSource: "web form", listIds: [list.id] })).body.recipient;
    await addRecipient(key, { phone: "+4915123456789", name: "Jo", optInSource: "web form", listIds: [list.id] });

    const out = await json(await recipientRoute.PATCH(req("PATCH", `/api/recipients/${a.id}`, { key, body: { optedOut: true } }), params({ id: a.id })));
    expect(out.body.recipient).toMatchObject({ optedIn: false, optedOutAt: NOW.toISOString(), optOutSource: "by hand" });
    const lists = await json(await listsRoute.GET(req("GET", "/api/recipient-lists", { key })));
    expect(lists.body.lists).toEqual([expect.objectContaining({ id: list.id, name: "Newsletter", optedIn: 1, optedOut: 1 })]);

    const get = async (q: string) => (await json(await recipientsRoute.GET(req("GET", `/api/recipients?${q}`, { key })))).body.recipients.map((r: { name: string }) => r.name);
    expect(await get("status=opted_out")).toEqual(["Alex Baker"]);
    expect(await get("q=baker")).toEqual(["Alex Baker"]);
    expect(await get("q=4915")).toEqual(["Jo"]);
    expect((await get(`listId=${list.id}`)).sort()).toEqual(["Alex Baker", "Jo"]);

    const noSource = await json(await recipientRoute.PATCH(req("PATCH", `/api/recipients/${a.id}`, { key, body: { optedOut: false } }), params({ id: a.id })));
    expect([noSource.status, noSource.body.error.fields[0].path]).toEqual([400, "optInSource"]);
    const back = await json(await recipientRoute.PATCH(req("PATCH", `/api/recipients/${a.id}`, { key, body: { optedOut: false, optInSource: "asked at the till" } }), params({ id: a.id })));
    expect(back.body.recipient).toMatchObject({ optedIn: true, optedOutAt: null, optInSource: "asked at the till" });

    // A list's deletion keeps its people.
    expect((await listRoute.DELETE(req("DELETE", `/api/recipient-lists/${list.id}`, { key }), params({ id: list.id }))).status).toBe(200);
    expect(await db().recipient.count({ where: { workspaceId: workspace.id } })).toBe(2);
    expect((await addList(key, "Newsletter")).id).toBeTruthy();
    expect((await json(await listsRoute.POST(req("POST", "/api/recipient-lists", { key, body: { name: "Newsletter" } })))).status).toBe(409);
  });

  it("lets viewers read recipients but not add them", async () => {
    const { workspace } = await workspaceWithKey();
    const { jar } = await memberAs(workspace.id, "viewer");
    expect((await recipientsRoute.GET(browserReq("GET", "/api/recipients", { jar }))).status).toBe(200);
    const post = await recipientsRoute.POST(browserReq("POST", "/api/recipients", { jar, body: { phone: "+14155552671", optInSource: "x" } }));
    expect(post.status).toBe(403);
  });
});

describe("scheduling a WhatsApp post", () => {
  it("needs recipients, refuses unknown lists and people who opted out, and writes nothing when it refuses", async () => {
    const { workspace, key } = await workspaceWithKey();
    const tasks = () => db().agentTask.count({ where: { workspaceId: workspace.id } });
    const none = await schedule(key, { platforms: ["whatsapp"], content: "Fresh bread at 8" });
    expect([none.status, none.body.error.fields]).toEqual([400, [{ path: "config.whatsapp.listIds", message: expect.stringMatching(/Choose a recipient list/) }]]);

    const unknown = await schedule(key, { platforms: ["whatsapp"], content: "Fresh bread at 8", config: { whatsapp: { listIds: ["nope"] } } });
    expect(unknown.body.error.fields).toEqual([{ path: "config.whatsapp.listIds", message: expect.stringMatching(/No recipient list nope/) }]);

    const gone = (await addRecipient(key, { phone: "+14155552671", optInSource: "web form" })).body.recipient;
    await recipientRoute.PATCH(req("PATCH", `/api/recipients/${gone.id}`, { key, body: { optedOut: true } }), params({ id: gone.id }));
    const optedOut = await schedule(key, { platforms: ["whatsapp"], content: "Fresh bread at 8", config: { whatsapp: { recipientIds: [gone.id] } } });
    expect(optedOut.body.error.fields).toEqual([{ path: "config.whatsapp.recipientIds", message: "whatsapp: +14155552671 opted out of WhatsApp messages; remove them." }]);

    const empty = await addList(key, "Empty");
    const nobody = await schedule(key, { platforms: ["whatsapp"], content: "Fresh bread at 8", config: { whatsapp: { listIds: [empty.id] } } });
    expect(nobody.body.error.fields[0].message).toMatch(/Nobody on these lists has opted in/);
    const badTemplate = await schedule(key, { platforms: ["whatsapp"], content: "x", config: { whatsapp: { listIds: [empty.id], template: { name: "Weekly Offer", language: "en_GB" } } } });
    expect(badTemplate.body.error.fields[0].path).toBe("config.whatsapp.template.name");
    expect(await tasks()).toBe(0);
  });
});

describe("the webhook", () => {
  it("answers Meta's subscription check only with the verify token", async () => {
    const check = (q: string) => webhook.GET(new Request(`http://localhost/api/webhooks/whatsapp?${q}`));
    const ok = await check(`hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=1158201444`);
    expect([ok.status, await ok.text()]).toEqual([200, "1158201444"]);
    expect((await check("hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1")).status).toBe(403);
  });

  it("refuses calls without the app secret's signature, and bodies that are not Meta's", async () => {
    const body = status("wamid.x", "delivered");
    expect((await webhook.POST(signed(body, "another-secret"))).status).toBe(401);
    const unsigned = new Request("http://localhost/api/webhooks/whatsapp", { method: "POST", body: JSON.stringify(body) });
    expect((await webhook.POST(unsigned)).status).toBe(401);
    const notJson = new Request("http://localhost/api/webhooks/whatsapp", { method: "POST", headers: { "x-hub-signature-256": signatureOf(Buffer.from("{nope"), SECRET) }, body: "{nope" });
    const r = await json(await webhook.POST(notJson));
    expect([r.status, r.body.error.message]).toEqual([400, "The body is not valid JSON."]);
    expect((await webhook.POST(signed({ hello: "world" }))).status).toBe(400);
  });

  it("takes STOP as an opt-out and START as an opt-in, and a reply opens the 24-hour window", async () => {
    const { workspace, key } = await workspaceWithKey();
    await accountsRoute.POST(req("POST", "/api/accounts", { key, body: { platform: "whatsapp", handle: "bakery", credentials: { phoneNumberId: PHONE_ID, accessToken: "EAAtoken" } } }));
    const sam = (await addRecipient(key, { phone: "+447911000001", optInSource: "web form" })).body.recipient;
    const row = () => db().recipient.findUniqueOrThrow({ where: { id: sam.id } });

    const hello = await json(await webhook.POST(signed(inbound("447911000001", "What time do you open?", new Date(NOW.getTime() - 60_000)))));
    expect(hello.body).toMatchObject({ ok: true, inbound: 1, optedOut: 0 });
    expect((await row()).lastInboundAt).toEqual(new Date(NOW.getTime() - 60_000));

    expect((await json(await webhook.POST(signed(inbound("447911000001", " stop! "))))).body).toMatchObject({ optedOut: 1 });
    expect(await row()).toMatchObject({ optedOutAt: NOW, optOutSource: "replied STOP" });
    // Meta delivers twice sometimes: nothing more happens.
    expect((await json(await webhook.POST(signed(inbound("447911000001", "STOP"))))).body).toMatchObject({ optedOut: 0 });

    expect((await json(await webhook.POST(signed(inbound("447911000001", "Start"))))).body).toMatchObject({ optedIn: 1 });
    expect(await row()).toMatchObject({ optedOutAt: null, optInSource: "replied START" });

    // A stranger asking to hear from the business opts in by their own message; other strangers are ignored.
    await webhook.POST(signed(inbound("447911000777", "hello")));
    await webhook.POST(signed(inbound("447911000888", "START")));
    const strangers = await db().recipient.findMany({ where: { workspaceId: workspace.id, phone: { in: ["447911000777", "447911000888"] } } });
    expect(strangers.map((r) => [r.phone, r.optInSource])).toEqual([["447911000888", "replied START"]]);
  });
});

describe("a WhatsApp post, start to finish", () => {
  it("is sent by the scheduler to the list and followed to read on the post's delivery list", async () => {
    const { key } = await workspaceWithKey();
    const acct = await json(
      await accountsRoute.POST(req("POST", "/api/accounts", { key, body: { platform: "whatsapp", handle: "bakery-wa", credentials: { phoneNumberId: PHONE_ID, accessToken: "EAAtoken", businessAccountId: WABA } } })),
    );
    expect(acct.status, JSON.stringify(acct.body)).toBe(201);
    const accountId = acct.body.account.id;
    const templates = await json(await templatesRoute.GET(req("GET", `/api/accounts/${accountId}/whatsapp/templates`, { key }), params({ id: accountId })));
    expect(templates.body).toEqual({ success: true, simulated: false, templates: [{ name: "weekly_offer", language: "en_GB", category: "MARKETING", body: "Hi {{1}}, this week: {{2}}.", params: 2, header: "IMAGE" }] });

    const list = await addList(key, "Regulars");
    await addRecipient(key, { phone: "+447911000001", optInSource: "web form", listIds: [list.id] });
    await addRecipient(key, { phone: "+447911000002", optInSource: "web form", listIds: [list.id] });
    // The first wrote yesterday evening: inside the window. The second never wrote.
    await db().recipient.updateMany({ where: { phone: "447911000001" }, data: { lastInboundAt: new Date(NOW.getTime() - 12 * 3600_000) } });

    const r = await schedule(key, { accountIds: [accountId], content: "Hot cross buns are back", config: { whatsapp: { listIds: [list.id], template: { name: "weekly_offer", language: "en_GB", params: ["there", "hot cross buns"] } } } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await runProcessor({ at: NOW });
    const task = await db().agentTask.findUniqueOrThrow({ where: { id: r.body.task.id } });
    expect(task.status, task.lastError ?? "").toBe("completed");

    const deliveries = async () => (await json(await deliveriesRoute.GET(req("GET", `/api/posts/${r.body.postId}/deliveries`, { key }), params({ id: r.body.postId })))).body;
    const first = await deliveries();
    expect(first.totals).toEqual({ sent: 2 });
    expect(first.deliveries.map((d: { kind: string; recipient: { phone: string } }) => [d.recipient.phone, d.kind])).toEqual([["+447911000001", "text"], ["+447911000002", "template"]]);

    const wamids = (await db().whatsAppMessage.findMany({ orderBy: [{ createdAt: "asc" }, { recipient: { phone: "asc" } }], where: { accountId } })).map((m) => m.waMessageId!);
    // Out of order and repeated: read arrives before delivered, and a late "sent" changes nothing.
    await webhook.POST(signed(status(wamids[0], "read", new Date(NOW.getTime() + 120_000))));
    await webhook.POST(signed(status(wamids[0], "delivered", new Date(NOW.getTime() + 60_000))));
    await webhook.POST(signed(status(wamids[0], "sent")));
    await webhook.POST(signed(status(wamids[1], "failed", NOW, [{ code: 131049, title: "This message was not delivered to maintain healthy ecosystem engagement." }])));
    const after = await deliveries();
    expect(after.totals).toEqual({ read: 1, failed: 1 });
    expect(after.deliveries[1]).toMatchObject({ status: "failed", error: expect.stringMatching(/healthy ecosystem engagement.*131049/) });
  });
});
