// Health that notices a dead cron (issue 14, item 7; docs/design.md, "Health"), on Admin → Tasks in
// chromium against `next start`: a fresh install says "Scheduler OK"; once the cron's last
// successful call is old and the workspace's tasks are overdue, the page opens with a "degraded"
// notice naming both reasons, readable at 375 px without sideways scroll, with no WCAG 2 A/AA
// violation. The harness runs the server with SCHEDULER_CRON_INTERVAL_S=1, so two intervals are
// 2 s; the overdue threshold is its default, 10 min. The server's clock is the machine's: the
// rows are written relative to it.
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { recordCall } from "../../lib/scheduler/sql/record-call";
import { simulatedAccount } from "../support/factories";
import { axe, scrollsSideways, shot, signUpWithWorkspace, startApp } from "./support/harness";

const app = startApp();
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

describe("Admin → Tasks", () => {
  it("says the scheduler is degraded, and why, when the cron stopped and tasks are overdue", { timeout: 180_000 }, async () => {
    const page = await app.newPage();
    await signUpWithWorkspace(page, { name: "Hana Health", email: "hana@example.com", workspace: "Hana's Health Bakery" });

    await page.goto("/dashboard/admin/tasks");
    const notice = page.getByRole("region", { name: "Scheduler health" });
    await expect.poll(() => notice.getAttribute("data-health")).toBe("ok");
    expect(await notice.innerText()).toContain("Scheduler OK. No process call recorded yet; nothing is overdue.");

    // The cron's last good call 15 min ago, and three of this workspace's posts waiting 12–20 min.
    await recordCall(db(), { at: minutesAgo(15), ok: true });
    const workspace = await db().workspace.findFirstOrThrow({ where: { name: "Hana's Health Bakery" } });
    const account = await simulatedAccount(workspace.id, "bluesky", { handle: "hanabakes" });
    await db().agentTask.createMany({
      data: [20, 15, 12].map((m) => ({
        workspaceId: workspace.id,
        accountId: account.id,
        type: "social_post" as const,
        platform: "bluesky" as const,
        content: `Waiting ${m} min`,
        scheduledAt: minutesAgo(m),
        idempotencyKey: `health-overdue-${m}`,
      })),
    });

    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto("/dashboard/admin/tasks");
    await expect.poll(() => notice.getAttribute("data-health")).toBe("degraded");
    const text = await notice.innerText();
    expect(text).toContain("Scheduler degraded: posts may go out late");
    expect(text).toMatch(/No process call has succeeded for 1[5-6] min \(cron interval 1 s\)/);
    expect(text).toMatch(/3 tasks are overdue by more than 10 min \(the oldest by (20|21) min\)/);
    expect(text).toContain("/api/agent/process");
    // Prominent: the first thing on the page, in view without scrolling, and as wide as the phone.
    const box = await notice.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeLessThan(400);
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
    expect(await scrollsSideways(page)).toBe(false);
    await shot(page, "health-degraded-375");
    expect(await axe(page)).toEqual([]);
  });
});
