// Presence: the open dashboard's heartbeat is recorded per person and counted while recent.
import { describe, expect, it } from "vitest";
import * as clientConfig from "../../app/api/client-config/route";
import * as heartbeat from "../../app/api/heartbeat/route";
import * as workspaces from "../../app/api/workspaces/route";
import { db } from "../../lib/db";
import { activeClients } from "../../lib/presence";
import { browserReq, Jar, signUp } from "../support/auth";
import { req, workspaceWithKey } from "../support/factories";

async function call(handler: (r: Request) => Promise<Response>, method: string, path: string, opts: { jar?: Jar; body?: unknown } = {}) {
  const res = await handler(browserReq(method, path, opts));
  opts.jar?.take(res);
  return { status: res.status, body: await res.json() };
}

describe("POST /api/heartbeat", () => {
  it("records a signed-in person's presence once per person and counts them while recent", async () => {
    const owner = await signUp(`hb-${Math.random().toString(36).slice(2, 8)}@example.com`);
    const created = await call(workspaces.POST, "POST", "/api/workspaces", { jar: owner.jar, body: { name: "Beats", timeZone: "UTC" } });
    const workspaceId = created.body.workspace.id as string;

    const first = await call(heartbeat.POST, "POST", "/api/heartbeat", { jar: owner.jar });
    expect(first).toMatchObject({ status: 200, body: { success: true, activeClients: 1 } });
    await call(heartbeat.POST, "POST", "/api/heartbeat", { jar: owner.jar });
    const rows = await db().presence.findMany({ where: { workspaceId } });
    expect(rows).toHaveLength(1);
    expect(rows[0].userId).toBe(owner.user.id);

    const cfg = await call(clientConfig.GET, "GET", "/api/client-config", { jar: owner.jar });
    expect(cfg.body.activeClients).toBe(1);
    // After the idle threshold (default 5 min) nobody counts as active any more.
    expect(await activeClients(db(), workspaceId, 300_000, new Date(Date.now() + 301_000))).toBe(0);
  });

  it("needs a caller, and records nothing for API-key scripts", async () => {
    expect((await heartbeat.POST(req("POST", "/api/heartbeat"))).status).toBe(401);
    const { workspace, key } = await workspaceWithKey();
    const r = await heartbeat.POST(req("POST", "/api/heartbeat", { key }));
    expect(await r.json()).toEqual({ success: true, activeClients: 0 });
    expect(await db().presence.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });
});
