// The WhatsApp adapter against a local Cloud API double (Graph API shapes: /{phone-number-id}/messages,
// /media, the phone number's messaging limit, WhatsApp's error codes) and the workspace's recipients
// in the test database: the 24-hour window (message inside, template outside, skipped without one),
// one upload for every recipient, per-recipient refusals, resuming after a rate limit without
// messaging anybody twice, lost answers never resent, the messaging limit, metrics and reconcile.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { GRAPH_API_VERSION } from "../../lib/social/meta/graph";
import type { AccountContext, PublishContent } from "../../lib/social/types";
import { createWhatsappAdapter, DEFAULT_MESSAGING_LIMIT, messagingLimitOf } from "../../lib/social/whatsapp/adapter";
import { failure } from "../support/assertions";
import { simulatedAccount, workspaceWithKey } from "../support/factories";
import { startFixtureServer, type FixtureServer, type Handler, type RecordedRequest } from "../support/fixture-server";

const V = GRAPH_API_VERSION;
const PHONE_ID = "106540352242922";
const TOKEN = "EAAwhatsappsystemusertoken0123456789";
const NOW = new Date("2031-05-06T10:00:00.000Z");
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000);
const PNG = `data:image/png;base64,${"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="}`;

let server: FixtureServer;
let account: AccountContext;
let workspaceId: string;
let listId: string;
let limit: unknown;
let sent: number;
/** How the messages endpoint answers, when a test says otherwise than "sent". */
let reply: Handler | null;

const adapter = () => createWhatsappAdapter({ prisma: db(), now: () => NOW, baseUrl: server.url });
const signal = () => AbortSignal.timeout(10_000);
const publish = (content: PublishContent, key = "post-1:acct") =>
  adapter().publish({ account, content, idempotencyKey: key, attempt: 1, signal: signal() });
const messagePosts = () => server.requests.filter((r) => r.method === "POST" && r.path === `/${V}/${PHONE_ID}/messages`);
const bodyOf = (r: RecordedRequest) => r.body as Record<string, unknown> & { to: string; type: string };
const sentTo = () => messagePosts().map((r) => bodyOf(r).to);
const rows = () =>
  db().whatsAppMessage.findMany({ where: { accountId: account.id }, select: { status: true, kind: true, error: true, waMessageId: true, recipient: { select: { phone: true } } }, orderBy: { recipient: { phone: "asc" } } });
const graphError = (code: number, message: string, status = 400) => ({ status, json: { error: { message, type: "OAuthException", code, error_data: { details: message }, fbtrace_id: "WaTrace" } } });

async function recipient(phone: string, lastInboundAt: Date | null, opts: { optedOut?: boolean; list?: boolean } = {}) {
  return db().recipient.create({
    data: {
      workspaceId,
      phone,
      optInSource: "website form",
      optInAt: hoursAgo(24 * 30),
      lastInboundAt,
      optedOutAt: opts.optedOut ? hoursAgo(1) : null,
      ...(opts.list !== false && { lists: { create: [{ listId }] } }),
    },
  });
}

const text = (body: string, extra: Partial<PublishContent> = {}): PublishContent => ({ text: body, whatsapp: { listIds: [listId] }, ...extra });
const withTemplate = (params?: string[]) => ({ listIds: [listId], template: { name: "weekly_offer", language: "en_GB", ...(params && { params }) } });

beforeEach(async () => {
  server = await startFixtureServer();
  sent = 0;
  limit = "TIER_250";
  reply = null;
  server.on("POST", `/${V}/${PHONE_ID}/messages`, (req) =>
    reply ? reply(req) : { json: { messaging_product: "whatsapp", contacts: [{ input: bodyOf(req).to, wa_id: bodyOf(req).to }], messages: [{ id: `wamid.${workspaceId}.${++sent}` }] } },
  );
  server.on("POST", `/${V}/${PHONE_ID}/media`, () => ({ json: { id: "4490709327384033" } }));
  server.on("GET", `/${V}/${PHONE_ID}`, () => ({ json: { id: PHONE_ID, whatsapp_business_manager_messaging_limit: limit } }));
  const { workspace } = await workspaceWithKey();
  workspaceId = workspace.id;
  const acct = await simulatedAccount(workspaceId, "whatsapp");
  account = { id: acct.id, workspaceId, platform: "whatsapp", handle: acct.handle, credentials: { phoneNumberId: PHONE_ID, accessToken: TOKEN }, simulation: null };
  listId = (await db().recipientList.create({ data: { workspaceId, name: "Regulars" } })).id;
});
afterEach(() => server.close());

describe("who gets what", () => {
  it("sends the text inside the 24-hour window, the template outside it, and skips the rest without a template", async () => {
    await recipient("447911000001", hoursAgo(2)); // wrote two hours ago
    await recipient("447911000002", hoursAgo(30)); // outside the window
    await recipient("447911000003", null); // never wrote
    await recipient("447911000004", hoursAgo(1), { optedOut: true }); // asked to stop

    const r = await publish(text("Fresh croissants at 8 — https://bakery.example/menu"));
    expect(r).toEqual({ platformPostId: "post-1:acct", url: "whatsapp:message/post-1:acct", simulated: false });
    expect(sentTo()).toEqual(["447911000001"]);
    expect(bodyOf(messagePosts()[0])).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "447911000001",
      type: "text",
      text: { body: "Fresh croissants at 8 — https://bakery.example/menu", preview_url: true },
      access_token: TOKEN,
    });
    expect(await rows()).toEqual([
      { status: "sent", kind: "text", error: null, waMessageId: `wamid.${workspaceId}.1`, recipient: { phone: "447911000001" } },
      { status: "skipped", kind: "text", error: expect.stringMatching(/24-hour window.*no template/), waMessageId: null, recipient: { phone: "447911000002" } },
      { status: "skipped", kind: "text", error: expect.stringMatching(/24-hour window/), waMessageId: null, recipient: { phone: "447911000003" } },
    ]);
  });

  it("uses the approved template with its values for people outside the window, and reads the messaging limit first", async () => {
    await recipient("447911000001", hoursAgo(2));
    await recipient("447911000002", hoursAgo(30));

    await publish({ text: "This week: 2 for 1 on sourdough", whatsapp: withTemplate(["Sam", "2 for 1"]) });
    const byTo = Object.fromEntries(messagePosts().map((r) => [bodyOf(r).to, bodyOf(r)]));
    expect(byTo["447911000001"]).toMatchObject({ type: "text" });
    expect(byTo["447911000002"]).toMatchObject({
      type: "template",
      template: { name: "weekly_offer", language: { code: "en_GB" }, components: [{ type: "body", parameters: [{ type: "text", text: "Sam" }, { type: "text", text: "2 for 1" }] }] },
    });
    const limitRead = server.requests.find((r) => r.method === "GET" && r.path === `/${V}/${PHONE_ID}`);
    expect(limitRead?.query.get("fields")).toBe("whatsapp_business_manager_messaging_limit");
    expect((await rows()).map((r) => [r.kind, r.status])).toEqual([["text", "sent"], ["template", "sent"]]);
  });

  it("uploads a photo once and sends it by id to everyone, the text as its caption (and as the template's header)", async () => {
    await recipient("447911000001", hoursAgo(1));
    await recipient("447911000002", hoursAgo(3));
    await recipient("447911000003", null);

    await publish({ text: "Our new loaf", media: [{ url: PNG, type: "image" }], whatsapp: withTemplate() });
    const uploads = server.requests.filter((r) => r.path === `/${V}/${PHONE_ID}/media`);
    expect(uploads).toHaveLength(1);
    expect(uploads[0].raw.toString("latin1")).toContain('name="messaging_product"');
    const byTo = Object.fromEntries(messagePosts().map((r) => [bodyOf(r).to, bodyOf(r)]));
    expect(byTo["447911000001"]).toMatchObject({ type: "image", image: { id: "4490709327384033", caption: "Our new loaf" } });
    expect(byTo["447911000002"]).toMatchObject({ type: "image", image: { id: "4490709327384033", caption: "Our new loaf" } });
    expect(byTo["447911000003"]).toMatchObject({
      type: "template",
      template: { components: [{ type: "header", parameters: [{ type: "image", image: { id: "4490709327384033" } }] }] },
    });
  });

  it("sends a document by its link with its file name", async () => {
    await recipient("447911000001", hoursAgo(1));
    await publish({ text: "The Christmas menu", whatsapp: { listIds: [listId], document: { url: "https://bakery.example/xmas.pdf", filename: "Christmas menu.pdf" } } });
    expect(bodyOf(messagePosts()[0])).toMatchObject({ type: "document", document: { link: "https://bakery.example/xmas.pdf", filename: "Christmas menu.pdf", caption: "The Christmas menu" } });
  });

  it("reaches a single chosen recipient who is on no list", async () => {
    const solo = await recipient("447911000009", hoursAgo(1), { list: false });
    await publish({ text: "Your order is ready", whatsapp: { recipientIds: [solo.id] } });
    expect(sentTo()).toEqual(["447911000009"]);
  });
});

describe("failures, one recipient at a time", () => {
  it("records a recipient WhatsApp refuses (not on WhatsApp) as failed and goes on with the others", async () => {
    await recipient("447911000001", hoursAgo(1));
    await recipient("447911000002", hoursAgo(1));
    reply = (req) => (bodyOf(req).to === "447911000001" ? graphError(131026, "Message undeliverable") : { json: { messages: [{ id: `wamid.${workspaceId}.ok` }] } });
    await publish(text("Hello"));
    expect((await rows()).map((r) => [r.recipient.phone, r.status])).toEqual([["447911000001", "failed"], ["447911000002", "sent"]]);
    expect((await rows())[0].error).toMatch(/cannot receive WhatsApp messages.*131026/);
  });

  it("stops on WhatsApp's rate limit, and the retry reaches only those not reached: nobody twice", async () => {
    for (let i = 1; i <= 5; i++) await recipient(`44791100000${i}`, hoursAgo(1));
    let calls = 0;
    reply = () => (++calls === 3 ? graphError(130429, "Rate limit hit") : { json: { messages: [{ id: `wamid.${workspaceId}.${calls}` }] } });

    const err = await failure(publish(text("Hello")));
    expect(err).toMatchObject({ failureClass: "rate_limited", code: "rate_limited" });
    const first = (await rows()).filter((r) => r.status === "sent").map((r) => r.recipient.phone);
    expect(first.length).toBeGreaterThanOrEqual(2);
    expect((await rows()).every((r) => r.status === "sent")).toBe(true); // the refused one left no row

    server.requests.length = 0;
    await publish(text("Hello"));
    const second = sentTo();
    expect(second.filter((p) => first.includes(p))).toEqual([]);
    expect([...first, ...second].sort()).toEqual(["447911000001", "447911000002", "447911000003", "447911000004", "447911000005"]);
    expect(await db().whatsAppMessage.count({ where: { accountId: account.id, status: "sent" } })).toBe(5);
  });

  it("never resends a message whose answer was lost (a 500, or a row left 'sending' by a crash)", async () => {
    await recipient("447911000001", hoursAgo(1));
    await recipient("447911000002", hoursAgo(1));
    const crashed = await recipient("447911000003", hoursAgo(1));
    await db().whatsAppMessage.create({
      data: { workspaceId, accountId: account.id, broadcastKey: "post-1:acct", recipientId: crashed.id, kind: "text", status: "sending", statusAt: hoursAgo(0.1) },
    });
    reply = (req) => (bodyOf(req).to === "447911000001" ? graphError(131000, "Something went wrong", 500) : { json: { messages: [{ id: `wamid.${workspaceId}.2` }] } });
    await publish(text("Hello"));
    expect(sentTo().sort()).toEqual(["447911000001", "447911000002"]);
    expect((await rows()).map((r) => [r.recipient.phone, r.status])).toEqual([["447911000001", "unknown"], ["447911000002", "sent"], ["447911000003", "unknown"]]);

    server.requests.length = 0;
    await publish(text("Hello"));
    expect(sentTo()).toEqual([]);
  });

  it("ends the attempt on a template WhatsApp refuses, and on a refused token (the account must reconnect)", async () => {
    await recipient("447911000001", null);
    reply = () => graphError(132001, "Template name does not exist in the translation");
    expect(await failure(publish({ text: "x", whatsapp: withTemplate() }))).toMatchObject({ failureClass: "permanent", code: "template_rejected", message: expect.stringMatching(/config\.whatsapp\.template.*132001/) });
    expect(await rows()).toEqual([]);

    await recipient("447911000002", hoursAgo(1));
    reply = () => graphError(190, "Error validating access token: Session has expired");
    const auth = await failure(publish(text("x"), "post-2:acct"));
    expect(auth).toMatchObject({ failureClass: "auth" });
    expect(auth.message).not.toContain(TOKEN);
  });

  it("fails the post when nobody could be messaged, saying how to reach them", async () => {
    await recipient("447911000001", hoursAgo(48));
    expect(await failure(publish(text("Hello")))).toMatchObject({ failureClass: "permanent", code: "nobody_reached", message: expect.stringMatching(/choose an approved template/) });
  });
});

describe("the messaging limit", () => {
  it("sends templates only up to the limit of people outside the window per 24 hours, then waits for room", async () => {
    limit = "TIER_50";
    // 49 people already got a template from this number in the last 24 hours; the oldest 20 hours ago.
    const earlier = await Promise.all(Array.from({ length: 49 }, (_, i) => recipient(`4479110010${String(i).padStart(2, "0")}`, null, { list: false })));
    await db().whatsAppMessage.createMany({
      data: earlier.map((r, i) => ({ workspaceId, accountId: account.id, broadcastKey: "earlier:acct", recipientId: r.id, kind: "template", status: "delivered" as const, statusAt: hoursAgo(20 - i / 10), createdAt: hoursAgo(20 - i / 10) })),
    });
    for (let i = 1; i <= 3; i++) await recipient(`44791100000${i}`, null);
    await recipient("447911000009", hoursAgo(1)); // inside the window: not counted

    const err = await failure(publish({ text: "Offer", whatsapp: withTemplate() }));
    expect(err).toMatchObject({ failureClass: "rate_limited", code: "messaging_limit", message: expect.stringMatching(/50 people.*2 recipient/) });
    expect(err.retryAt).toEqual(new Date(hoursAgo(20).getTime() + 24 * 3600_000));
    expect(sentTo().filter((p) => p !== "447911000009")).toHaveLength(1);
    expect(sentTo()).toContain("447911000009");
  });

  it("reads every form WhatsApp gives the limit in", () => {
    expect(messagingLimitOf("TIER_250")).toBe(250);
    expect(messagingLimitOf("TIER_2K")).toBe(2000);
    expect(messagingLimitOf("TIER_100K")).toBe(100_000);
    expect(messagingLimitOf("TIER_UNLIMITED")).toBe(Number.POSITIVE_INFINITY);
    expect(messagingLimitOf({ max_daily_conversations_per_business: "TIER_10K" })).toBe(10_000);
    expect(messagingLimitOf(1000)).toBe(1000);
    expect(messagingLimitOf(undefined)).toBe(DEFAULT_MESSAGING_LIMIT);
    expect(messagingLimitOf("nonsense")).toBe(DEFAULT_MESSAGING_LIMIT);
  });
});

describe("validation, metrics and reconcile", () => {
  it("refuses a post without recipients, a GIF, two attachments, and a caption over 1,024 characters", () => {
    const v = adapter().validate;
    expect(v({ text: "Hi" }).map((p) => p.field)).toContain("whatsapp.listIds");
    expect(v({ text: "Hi", media: [{ url: PNG, type: "gif" }], whatsapp: { listIds: ["l"] } }).map((p) => p.field)).toContain("media");
    expect(v({ text: "Hi", media: [{ url: PNG, type: "image" }], whatsapp: { listIds: ["l"], document: { url: "https://a.example/x.pdf" } } }).map((p) => p.field)).toContain("whatsapp.document");
    expect(v({ text: "a".repeat(1025), media: [{ url: PNG, type: "image" }], whatsapp: { listIds: ["l"] } })).toEqual([
      expect.objectContaining({ field: "text", message: expect.stringMatching(/caption.*1024/) }),
    ]);
    expect(v({ text: "a".repeat(4096), whatsapp: { listIds: ["l"] } })).toEqual([]);
  });

  it("counts reads as impressions and replies after the message, and reconciles by the recipients reached", async () => {
    const a = await recipient("447911000001", hoursAgo(1));
    await recipient("447911000002", hoursAgo(1));
    const content = text("Hello");
    expect(await adapter().reconcile({ account, idempotencyKey: "post-1:acct", content, signal: signal() })).toEqual({ state: "absent" });
    await publish(content);
    expect(await adapter().reconcile({ account, idempotencyKey: "post-1:acct", content, signal: signal() })).toMatchObject({ state: "found" });

    await db().whatsAppMessage.updateMany({ where: { recipientId: a.id }, data: { status: "read" } });
    await db().recipient.update({ where: { id: a.id }, data: { lastInboundAt: new Date(NOW.getTime() + 60_000) } });
    expect(await adapter().metrics({ account, platformPostId: "post-1:acct", signal: signal() })).toEqual({ likes: 0, reposts: 0, replies: 1, impressions: 1, simulated: false });
  });
});
