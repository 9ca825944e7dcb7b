// Settings → Your data (docs/decisions.md, "GDPR export" and "GDPR erasure") in chromium against
// `next start`, at 375 px: the workspace archive downloads as a zip; deleting the workspace needs
// its name typed, says when it will be erased and can be cancelled; erasing your account is
// refused in place while you are the only owner, and once another owner exists it erases you and
// lands on the sign-in page saying so. No sideways scroll, no WCAG 2 A/AA violation.
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { axe, scrollsSideways, shot, signUpWithWorkspace, startApp } from "./support/harness";

const app = startApp();

describe("Settings → Your data", () => {
  it("downloads, deletes and restores the workspace, and erases the account", { timeout: 180_000 }, async () => {
    const page = await app.newPage();
    await page.setViewportSize({ width: 375, height: 800 });
    await signUpWithWorkspace(page, { name: "Yara Data", email: "yara-data@example.com", workspace: "Yara's Data Bakery" });
    await page.goto("/dashboard/settings#your-data");
    const section = page.locator("section#your-data");
    await expect.poll(() => section.getByRole("link", { name: "Download the workspace" }).count()).toBe(1);

    const download = await page.evaluate(async () => {
      const res = await fetch("/api/workspace/export");
      const bytes = new Uint8Array(await res.arrayBuffer());
      return { status: res.status, type: res.headers.get("content-type"), magic: String.fromCharCode(bytes[0], bytes[1]) };
    });
    expect(download).toEqual({ status: 200, type: "application/zip", magic: "PK" });

    const deleteButton = section.getByRole("button", { name: "Delete the workspace" });
    const nameInput = section.getByLabel("Type the workspace's name to confirm");
    await nameInput.fill("Yara's Data");
    expect(await deleteButton.isDisabled()).toBe(true);
    await nameInput.fill("Yara's Data Bakery");
    await deleteButton.click();
    await expect.poll(() => section.getByText(/This workspace will be erased on \d{1,2} \w+ \d{4}\./).count()).toBe(1);
    const workspace = await db().workspace.findFirstOrThrow({ where: { name: "Yara's Data Bakery" } });
    expect(workspace.deletionRequestedAt).not.toBeNull();
    expect(workspace.publishingPausedAt).not.toBeNull();
    expect(await scrollsSideways(page)).toBe(false);
    await shot(page, "your-data-deletion-375");

    await section.getByRole("button", { name: "Cancel the deletion" }).click();
    await expect.poll(() => section.getByText(/Deletion cancelled/).count()).toBe(1);
    expect((await db().workspace.findUniqueOrThrow({ where: { id: workspace.id } })).deletionRequestedAt).toBeNull();

    // The only owner cannot erase themselves: the reason shows under the field.
    const eraseButton = section.getByRole("button", { name: "Erase my account" });
    await section.getByLabel("Type your email address to confirm").fill("yara-data@example.com");
    await eraseButton.click();
    await expect.poll(() => section.getByRole("alert").filter({ hasText: "only owner" }).count()).toBe(1);
    expect(await axe(page)).toEqual([]);

    // With a second owner, it works: signed out, told so, and gone from the database.
    const other = await db().user.create({ data: { id: "second-owner-yara", name: "Zed", email: "zed-owner@example.com", emailVerified: false } });
    await db().membership.create({ data: { workspaceId: workspace.id, userId: other.id, role: "owner" } });
    await eraseButton.click();
    await page.waitForURL(/\/sign-in\?erased=1$/);
    await expect.poll(() => page.getByText("Your account has been erased.").count()).toBe(1);
    expect(await db().user.count({ where: { email: "yara-data@example.com" } })).toBe(0);
  });
});
