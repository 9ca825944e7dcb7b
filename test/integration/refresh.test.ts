// Token refresh: scheduled a day before expiry, run through the scheduler, and never losing a
// stored refresh token.
import { describe, expect, it } from "vitest";
import { createAccount } from "../../lib/accounts";
import { db } from "../../lib/db";
import { mergeCredentials } from "../../lib/tasks/refresh-token";
import { runProcessor, workspaceWithKey } from "../support/factories";

describe("token refresh", () => {
  it("queues one refresh a day before the token expires and runs it then", async () => {
    const { workspace } = await workspaceWithKey();
    const expires = new Date(Date.now() + 5 * 86_400_000);
    const acct = await createAccount(db(), workspace.id, { platform: "bluesky", handle: "r.bsky.social", tokenExpiresAt: expires.toISOString() });
    // Creating it twice (e.g. a retried request) must not queue two refreshes.
    const { scheduleRefresh } = await import("../../lib/accounts");
    await scheduleRefresh(db(), workspace.id, acct.id, expires);
    const tasks = await db().agentTask.findMany({ where: { accountId: acct.id, type: "refresh_token" } });
    expect(tasks).toHaveLength(1);
    expect(tasks[0].scheduledAt).toEqual(new Date(expires.getTime() - 86_400_000));
    expect((await runProcessor({ workspaceId: workspace.id })).claimed).toBe(0);
    const s = await runProcessor({ workspaceId: workspace.id, at: new Date(expires.getTime() - 86_399_000) });
    expect(s.completed).toBe(1);
    const done = await db().agentTask.findUniqueOrThrow({ where: { id: tasks[0].id } });
    // A simulated account has nothing to refresh, and says so.
    expect(done.result).toMatchObject({ refreshed: false });
  });

  it("refreshes a short-lived token after three quarters of its life, not at once", async () => {
    const { workspace } = await workspaceWithKey();
    const now = new Date("2031-03-01T10:00:00Z");
    const { scheduleRefresh, refreshLeadMs } = await import("../../lib/accounts");
    for (const [platform, lifetimeMs, lead] of [
      ["reddit", 3_600_000, 900_000], // an hour: 15 minutes before
      ["linkedin", 60 * 86_400_000, 86_400_000], // 60 days: a day before
      ["threads", 120_000, 60_000], // two minutes: never less than a minute before
    ] as const) {
      const acct = await createAccount(db(), workspace.id, { platform, handle: `short-${platform}` });
      await scheduleRefresh(db(), workspace.id, acct.id, new Date(now.getTime() + lifetimeMs), now);
      const [task] = await db().agentTask.findMany({ where: { accountId: acct.id, type: "refresh_token" } });
      expect(refreshLeadMs(lifetimeMs)).toBe(lead);
      expect(task.scheduledAt.getTime() - now.getTime()).toBe(lifetimeMs - lead);
    }
  });

  it("keeps a stored refresh token when the platform sends none or an empty one", () => {
    const old = { accessToken: "a1", refreshToken: "r1", clientId: "c" };
    expect(mergeCredentials(old, { accessToken: "a2" })).toEqual({ accessToken: "a2", refreshToken: "r1", clientId: "c" });
    expect(mergeCredentials(old, { accessToken: "a2", refreshToken: "" })).toEqual({ accessToken: "a2", refreshToken: "r1", clientId: "c" });
    expect(mergeCredentials(old, { accessToken: "a2", refreshToken: "r2" })).toEqual({ accessToken: "a2", refreshToken: "r2", clientId: "c" });
  });
});
