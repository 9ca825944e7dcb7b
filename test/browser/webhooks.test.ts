// Settings → Webhooks (docs/decisions.md, "Webhooks") in chromium on `next start`, on a phone
// (375 px): the empty state; a loopback address and a plain-http one refused at their field; an endpoint added with its
// secret shown once; "Send test" answers in place; an event delivered to a local fixture server is
// in "Recent deliveries" as delivered and verifies with the secret the page showed; switch off;
// delete back to the empty state.
//
// The production server refuses loopback by design (lib/env.ts refuses HERALD_FETCH_ALLOW_HOSTS in
// production), so its own sends to 127.0.0.1 are refused — which the test button shows. The
// delivery that reaches the fixture server is run by this test process's scheduler call (the test
// set-up allow-lists loopback), on the same database, and the page reads its log.
// Screenshots land in test-results/browser/webhooks-*.png.
import { Webhook } from "standardwebhooks";
import { afterAll, describe, expect, it, vi } from "vitest";
import { db } from "../../lib/db";
import { runProcessor } from "../support/factories";
import { startFixtureServer } from "../support/fixture-server";
import { api, axe, scrollsSideways, shot, signUpWithWorkspace, startApp } from "./support/harness";

const receiver = await startFixtureServer();
receiver.on("POST", "/hooks/herald", () => ({ status: 204 }));
afterAll(() => receiver.close());
const app = startApp();
const PHONE = { width: 375, height: 800 };

describe("Settings → Webhooks", () => {
  it("adds an endpoint, shows its secret once, sends a test, lists a delivered event, switches off and deletes", { timeout: 300_000 }, async () => {
    const page = await app.newPage({ timezoneId: "UTC" });
    await signUpWithWorkspace(page, { name: "Wendy Webhook", email: "wendy@example.com", workspace: "Wendy's Wafers" });
    await page.setViewportSize(PHONE);
    await page.goto("/dashboard/settings#webhooks");
    const section = page.locator("section#webhooks");
    await section.getByText("No webhook endpoints yet.").waitFor();

    // A loopback address: refused at its field, nothing stored.
    const url = section.getByLabel("Endpoint URL");
    await url.fill(`${receiver.url}/hooks/herald`);
    await section.getByRole("checkbox", { name: /A post was published/ }).check();
    await section.getByRole("button", { name: "Add endpoint" }).click();
    await section.getByText(/127\.0\.0\.1 is a private, local or reserved address.*Enter a public address\./).waitFor();
    expect(await url.getAttribute("aria-invalid")).toBe("true");
    expect(await db().webhookEndpoint.count()).toBe(0);

    // Plain http in production: refused at its field, nothing stored.
    await url.fill("http://hooks.herald-test.invalid/receive");
    await section.getByRole("button", { name: "Add endpoint" }).click();
    await section.getByText(/must start with https:\/\//).waitFor();
    expect(await url.getAttribute("aria-invalid")).toBe("true");
    expect(await db().webhookEndpoint.count()).toBe(0);

    // A public name (one that does not resolve here): added, the secret shown once.
    await url.fill("https://hooks.herald-test.invalid/receive");
    await section.getByLabel(/Description/).fill("Our CRM");
    await section.getByRole("button", { name: "Add endpoint" }).click();
    const secret = (await section.getByTestId("webhook-secret").textContent({ timeout: 15_000 }))!.trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const item = section.getByRole("listitem", { name: "Endpoint https://hooks.herald-test.invalid/receive" });
    await item.waitFor();
    expect(await url.getAttribute("aria-invalid")).toBeNull();
    expect(await scrollsSideways(page)).toBe(false);
    await shot(page, "webhooks-added-375");
    expect(await axe(page)).toEqual([]);

    // Send test: the answer is shown right there.
    await item.getByRole("button", { name: /Send test/ }).click();
    const result = item.getByTestId("webhook-test-result");
    await result.getByText(/Test event: not delivered — Could not reach hooks\.herald-test\.invalid/).waitFor({ timeout: 20_000 });
    await result.getByText("Failed").waitFor();

    // A real event, delivered to the local receiver by a scheduler call of this process.
    const endpointId = (await db().webhookEndpoint.findFirstOrThrow()).id;
    await db().webhookEndpoint.update({ where: { id: endpointId }, data: { url: `${receiver.url}/hooks/herald` } });
    const added = await api(page, "POST", "/api/accounts", { platform: "bluesky", handle: "wendyswafers.bsky.social" });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const at = new Date(Date.now() + 3_600_000);
    const scheduled = await api(page, "POST", "/api/agent/schedule", { accountIds: [(added.body.account as { id: string }).id], content: "Waffles at four", scheduledAt: at.toISOString() });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
    const workspaceId = (await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).workspaceId;
    for (const s of [1, 2]) await runProcessor({ at: new Date(at.getTime() + s * 1000), workspaceId });
    expect(receiver.requests).toHaveLength(1);
    const got = receiver.requests[0];
    const headers = Object.fromEntries(["webhook-id", "webhook-timestamp", "webhook-signature"].map((h) => [h, String(got.headers[h])]));
    vi.useFakeTimers({ toFake: ["Date"], now: Number(headers["webhook-timestamp"]) * 1000 });
    let verified: { type: string; data: { postId: string } };
    try {
      verified = new Webhook(secret).verify(got.raw.toString("utf8"), headers) as typeof verified;
    } finally {
      vi.useRealTimers();
    }
    expect(verified).toMatchObject({ type: "post.published", data: { postId: scheduled.body.postId } });

    await page.reload();
    const again = page.locator("section#webhooks").getByRole("listitem", { name: `Endpoint ${receiver.url}/hooks/herald` });
    // The secret is not shown again.
    expect(await page.getByTestId("webhook-secret").count()).toBe(0);
    await again.getByRole("button", { name: "Recent deliveries" }).click();
    const log = again.getByRole("list", { name: "Recent deliveries" });
    const delivered = log.getByRole("listitem").filter({ hasText: "post.published" });
    await delivered.getByText("Delivered").waitFor();
    await delivered.getByText(/HTTP 204 · \d+ ms · 1 attempt$/).waitFor();
    await log.getByRole("listitem").filter({ hasText: "webhook.test" }).getByText("Failed").waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await shot(page, "webhooks-deliveries-375");
    expect(await axe(page)).toEqual([]);

    // Switch off, then delete: back to the empty state.
    await again.getByRole("button", { name: "Switch off" }).click();
    await again.getByText("Off", { exact: true }).waitFor();
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).enabled).toBe(false);
    await again.getByRole("button", { name: "Delete" }).click();
    await again.getByRole("button", { name: "Delete endpoint" }).click();
    await page.locator("section#webhooks").getByText("No webhook endpoints yet.").waitFor();
    expect(await db().webhookEndpoint.count()).toBe(0);
  });
});
