// Admin → Audit log (docs/decisions.md, "Audit log") in chromium against `next start`: empty at
// first with a useful message; an action taken in the app (pausing publishing) appears with the
// person who took it; "Show more" pages; the action filter narrows the list and the CSV link
// carries the same filter; readable at 375 px without sideways scroll, no WCAG 2 A/AA violation.
import { describe, expect, it } from "vitest";
import { recordAudit } from "../../lib/audit";
import { db } from "../../lib/db";
import { axe, scrollsSideways, shot, signUpWithWorkspace, startApp } from "./support/harness";

const app = startApp();

describe("Admin → Audit log", () => {
  it("shows who did what, pages, filters and links the CSV", { timeout: 180_000 }, async () => {
    const page = await app.newPage();
    await signUpWithWorkspace(page, { name: "Ada Audit", email: "ada-audit@example.com", workspace: "Ada's Audit Bakery" });

    await page.goto("/dashboard/admin/audit");
    await expect.poll(() => page.getByText("Nothing recorded yet.").count()).toBe(1);

    // A real action, from the signed-in page (same origin, her session).
    const status = await page.evaluate(async () => {
      const res = await fetch("/api/workspace/publishing", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ paused: true }) });
      return res.status;
    });
    expect(status).toBe(200);

    // Sixty older entries, so the list needs a second page.
    const workspace = await db().workspace.findFirstOrThrow({ where: { name: "Ada's Audit Bakery" } });
    for (let i = 0; i < 60; i++) {
      await recordAudit(
        { workspaceId: workspace.id, actor: { type: "system", id: null, label: "Herald" }, action: "settings.changed", target: { type: "settings", id: `old-${i}` } },
        db(),
        new Date(Date.now() - (i + 1) * 60_000),
      );
    }

    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto("/dashboard/admin/audit");
    const entries = page.getByRole("list", { name: "Audit entries" }).getByRole("listitem");
    await expect.poll(() => entries.count()).toBe(50);
    const first = await entries.first().innerText();
    expect(first).toContain("Paused publishing");
    expect(first).toContain("by ada-audit@example.com");

    await page.getByRole("button", { name: "Show more" }).click();
    await expect.poll(() => entries.count()).toBe(61);
    expect(await page.getByRole("button", { name: "Show more" }).count()).toBe(0);
    expect(await scrollsSideways(page)).toBe(false);
    await shot(page, "audit-375");

    await page.getByLabel("Action").selectOption("publishing.paused");
    await expect.poll(() => entries.count()).toBe(1);
    const csv = await page.getByRole("link", { name: "Download CSV" }).getAttribute("href");
    expect(new URLSearchParams(csv!.split("?")[1]).get("action")).toBe("publishing.paused");
    expect(new URLSearchParams(csv!.split("?")[1]).get("format")).toBe("csv");

    await page.getByLabel("Action").selectOption("member.removed");
    await expect.poll(() => page.getByText("Nothing matches these filters.").count()).toBe(1);
    expect(await axe(page)).toEqual([]);
  });
});
