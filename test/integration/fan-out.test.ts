// Fan-out (issue 12, docs/design.md "Fan-out"): a cron call whose backlog would take it longer than
// FANOUT_CATCH_UP_MS starts more process calls over HTTP — at its configured address, with the
// cron secret — each claiming its own share; the calls it started never start more. Here the
// address is a local HTTP server in front of the real route handler.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as processRoute from "../../app/api/agent/process/route";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { json } from "../support/routes";
import { dueTasks, req, simulatedAccount, workspaceWithKey } from "../support/factories";

const CRON = { authorization: `Bearer ${process.env.CRON_SECRET}` };
const saved = { ...process.env };
let server: http.Server;
const seen: { url: string; authorized: boolean; summary: Record<string, unknown> }[] = [];

beforeAll(async () => {
  // Every request goes to the real route handler, as on a deployment.
  server = http.createServer(async (incoming, outgoing) => {
    const url = `http://localhost${incoming.url}`;
    const res = await processRoute.POST(new Request(url, { method: incoming.method, headers: incoming.headers as Record<string, string> }));
    const body = await res.text();
    seen.push({ url, authorized: incoming.headers.authorization === CRON.authorization, summary: JSON.parse(body) });
    outgoing.writeHead(res.status, { "content-type": "application/json" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(process.env, {
    SCHEDULER_FANOUT_URL: `http://127.0.0.1:${port}/api/agent/process`,
    SCHEDULER_FANOUT_MAX: "3",
    SCHEDULER_CONCURRENCY: "2", // slow calls, so the backlog outlasts the catch-up time
    SCHEDULER_PER_ACCOUNT_CONCURRENCY: "1",
  });
  resetEnvCache();
});

afterAll(async () => {
  process.env = saved;
  resetEnvCache();
  await new Promise((resolve) => server.close(resolve));
});

describe("fan-out", () => {
  it("starts more calls for a large backlog, each claiming its own share, and publishes each post once", { timeout: 60_000 }, async () => {
    const { workspace } = await workspaceWithKey("Fan Out Bakery");
    for (let i = 0; i < 20; i++) {
      const account = await simulatedAccount(workspace.id, "mastodon", { simulation: { latencyMs: 50 } });
      await dueTasks(workspace.id, account.id, 40);
    }
    // 800 tasks at 2 × 20 per second: 20 s for one call, more than FANOUT_CATCH_UP_MS.
    const res = await processRoute.POST(req("POST", "/api/agent/process?budget=60", { headers: CRON }));
    const summary = await json(res);
    expect(res.status, JSON.stringify(summary)).toBe(200);
    expect(summary.fanOut.started).toBeGreaterThanOrEqual(1);
    expect(summary.fanOut.started).toBeLessThanOrEqual(3);
    expect(summary.fanOut).toMatchObject({ answered: summary.fanOut.started, failed: 0 });

    // The started calls reached the route with the secret, and started none of their own.
    expect(seen).toHaveLength(summary.fanOut.started);
    for (const child of seen) {
      expect(child.authorized).toBe(true);
      expect(new URL(child.url).searchParams.get("fanout")).toBe("0");
      expect(child.summary).toMatchObject({ success: true, fanOut: { started: 0 } });
      expect(child.summary.completed).toBeGreaterThan(0);
    }
    expect(summary.completed + summary.fanOut.completed).toBe(800);
    const posts = await db().simulatedPost.findMany({ where: { workspaceId: workspace.id }, select: { deliveries: true } });
    expect(posts).toHaveLength(800);
    expect(posts.every((p) => p.deliveries === 1)).toBe(true);
    expect(await db().agentTask.count({ where: { workspaceId: workspace.id, type: "social_post", status: { not: "completed" } } })).toBe(0);
  });

  it("refuses a fan-out flag that is not 0 or 1", async () => {
    const res = await processRoute.POST(req("POST", "/api/agent/process?fanout=7", { headers: CRON }));
    expect(res.status).toBe(400);
  });
});
