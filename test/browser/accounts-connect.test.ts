// Accounts → "Connect with Mastodon" in chromium on `next start`, on a phone (375 px): the server's
// address is asked before the browser leaves for Mastodon. An empty field is refused here, in its
// own words, with the focus on it; an address the server refuses (a loopback one: Herald calls
// the server from its own network, lib/net/guarded-fetch.ts) comes back under the same field; a
// corrected field loses its error. Bluesky's handle form is not offered: this deployment
// (production on http://127.0.0.1) has no atproto OAuth client (docs/decisions.md).
// Screenshots land in test-results/browser/accounts-connect-*.png.
import { describe, expect, it } from "vitest";
import { axe, scrollsSideways, shot, signUpWithWorkspace, startApp } from "./support/harness";

const app = startApp();

describe("Accounts → Connect with Mastodon", () => {
  it("asks for the server, says at the field what is wrong with it, and offers no Bluesky form without an atproto client", { timeout: 240_000 }, async () => {
    const page = await app.newPage({ timezoneId: "UTC" });
    await signUpWithWorkspace(page, { name: "Max Masto", email: "max@example.com", workspace: "Max's Muffins" });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto("/dashboard/accounts");
    const form = page.getByRole("form", { name: "Connect with Mastodon" });
    await form.waitFor({ timeout: 15_000 });
    const server = form.getByLabel("Your Mastodon server");
    expect(await page.getByRole("form", { name: "Connect with Bluesky" }).count()).toBe(0);
    expect(await page.getByLabel("Your Bluesky handle").count()).toBe(0);

    // Empty: said here, at the field, and the focus goes there.
    await form.getByRole("button", { name: "Connect with Mastodon" }).click();
    await form.getByText("Enter your Mastodon server's address, e.g. mastodon.social.").waitFor();
    expect(await server.getAttribute("aria-invalid")).toBe("true");
    expect(await server.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await server.getAttribute("aria-describedby")).toMatch(/-error/);

    // Refused by the server: its words, under the same field; the page stays here.
    await server.fill("127.0.0.1");
    await form.getByRole("button", { name: "Connect with Mastodon" }).click();
    await form.getByText(/127\.0\.0\.1 is a private, local or reserved address/).waitFor({ timeout: 15_000 });
    expect(await server.getAttribute("aria-invalid")).toBe("true");
    expect(new URL(page.url()).pathname).toBe("/dashboard/accounts");
    expect(await form.getByRole("button", { name: "Connect with Mastodon" }).isEnabled()).toBe(true);
    expect(await scrollsSideways(page)).toBe(false);
    await shot(page, "accounts-connect-refused-375");
    expect(await axe(page)).toEqual([]);

    // Empty again: the server's message gives way to this one (one error at a time).
    await server.fill("");
    await form.getByRole("button", { name: "Connect with Mastodon" }).click();
    await form.getByText("Enter your Mastodon server's address, e.g. mastodon.social.").waitFor();
    expect(await form.getByText(/private, local or reserved/).count()).toBe(0);
  });
});
