// The audit log (docs/decisions.md, "Audit log"): what an API key, a signed-in admin and Better
// Auth's own endpoints do lands as entries with the right actor; only admins read it, only their
// workspace's; CSV export is itself recorded; the retention rule prunes.
import { describe, expect, it } from "vitest";
import * as audit from "../../app/api/audit/route";
import * as accounts from "../../app/api/accounts/route";
import * as account from "../../app/api/accounts/[id]/route";
import * as apiKeys from "../../app/api/workspace/api-keys/route";
import * as publishing from "../../app/api/workspace/publishing/route";
import * as settings from "../../app/api/settings/[section]/route";
import * as analytics from "../../app/api/analytics/route";
import * as workspaces from "../../app/api/workspaces/route";
import * as schedule from "../../app/api/agent/schedule/route";
import * as cancelPostRoute from "../../app/api/posts/[id]/cancel/route";
import * as cancelTaskRoute from "../../app/api/agent/tasks/[id]/cancel/route";
import * as mcp from "../../app/api/mcp/route";
import { pruneAudit, recordAudit } from "../../lib/audit";
import { db } from "../../lib/db";
import { authCall, browserReq, signIn, signUp, type Jar } from "../support/auth";
import { params, req, simulatedAccount, workspaceWithKey } from "../support/factories";

type Handler = (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>;
async function call(handler: Handler, method: string, path: string, opts: { jar: Jar; body?: unknown }) {
  const res = await handler(browserReq(method, path, opts));
  opts.jar.take(res);
  return { status: res.status, body: await res.json() };
}

const entries = async (workspaceId: string) =>
  db().auditEvent.findMany({ where: { workspaceId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });

describe("audit log", () => {
  it("records what an API key does, names the key, and leaves credentials out", async () => {
    const { workspace, key } = await workspaceWithKey();
    const keyRow = await db().apiKey.findFirstOrThrow({ where: { workspaceId: workspace.id } });
    const created = await accounts.POST(req("POST", "/api/accounts", {
      key,
      body: { platform: "mastodon", handle: "@shop@example.social", credentials: { instanceUrl: "https://example.social", accessToken: "secret-token-123" } },
    }));
    expect(created.status).toBe(201);
    const { account: acc } = await created.json();
    expect((await account.PATCH(req("PATCH", `/api/accounts/${acc.id}`, { key, body: { displayName: "The Shop" } }), params({ id: acc.id }))).status).toBe(200);
    expect((await settings.PUT(req("PUT", "/api/settings/scheduler", { key, body: { maxRetries: 2 } }), params({ section: "scheduler" }))).status).toBe(200);
    expect((await publishing.PUT(req("PUT", "/api/workspace/publishing", { key, body: { paused: true } }))).status).toBe(200);
    expect((await analytics.GET(req("GET", "/api/analytics?format=csv", { key }))).status).toBe(200);
    expect((await account.DELETE(req("DELETE", `/api/accounts/${acc.id}`, { key }), params({ id: acc.id }))).status).toBe(200);

    const log = await entries(workspace.id);
    expect(log.map((e) => e.action)).toEqual([
      "account.connected",
      "account.updated",
      "settings.changed",
      "publishing.paused",
      "export.analytics",
      "account.disconnected",
    ]);
    for (const e of log) {
      expect(e.actorType).toBe("api_key");
      expect(e.actorId).toBe(keyRow.id);
      expect(e.actorLabel).toBe(`API key ${keyRow.prefix}… (test)`);
    }
    expect(log[0]).toMatchObject({ targetType: "account", targetId: acc.id, detail: { platform: "mastodon", handle: "@shop@example.social" } });
    expect(log[1].detail).toEqual({ fields: ["displayName"] });
    expect(JSON.stringify(log)).not.toContain("secret-token-123");
  });

  it("records a cancelled post, whether cancelled by REST, by its task, or through the MCP server", async () => {
    const { workspace, key } = await workspaceWithKey();
    const acc = await simulatedAccount(workspace.id, "mastodon");
    const later = async () => {
      const r = await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { accountIds: [acc.id], content: "Rye is back", scheduledAt: "2031-05-16T09:00:00Z" } }));
      expect(r.status).toBe(201);
      const body = await r.json();
      return { postId: body.postId as string, taskId: body.tasks[0].id as string };
    };
    const [a, b, c] = [await later(), await later(), await later()];
    expect((await cancelPostRoute.POST(req("POST", `/api/posts/${a.postId}/cancel`, { key }), params({ id: a.postId }))).status).toBe(200);
    expect((await cancelTaskRoute.POST(req("POST", `/api/agent/tasks/${b.taskId}/cancel`, { key }), params({ id: b.taskId }))).status).toBe(200);
    const viaMcp = await mcp.POST(req("POST", "/api/mcp", {
      key,
      headers: { accept: "application/json, text/event-stream" },
      body: { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "cancel_post", arguments: { id: c.postId } } },
    }));
    expect(viaMcp.status).toBe(200);
    expect(await viaMcp.text()).toContain("cancelled");

    const log = (await entries(workspace.id)).filter((e) => e.action === "post.cancelled");
    expect(log.map((e) => [e.targetType, e.targetId])).toEqual([["post", a.postId], ["task", b.taskId], ["post", c.postId]]);
  });

  it("is for admins of the workspace only, filters by action, pages, and exports CSV as an audited export", async () => {
    const a = await workspaceWithKey();
    const b = await workspaceWithKey();
    const actor = { type: "system" as const, id: null, label: "Herald" };
    for (let i = 0; i < 3; i++) {
      await recordAudit({ workspaceId: a.workspace.id, actor, action: "settings.changed", detail: { n: i } }, db(), new Date(Date.UTC(2031, 0, 1, 0, i)));
    }
    await recordAudit({ workspaceId: a.workspace.id, actor: { ...actor, label: "=cmd()" }, action: "post.deleted" }, db(), new Date(Date.UTC(2031, 0, 1, 1)));
    await recordAudit({ workspaceId: b.workspace.id, actor, action: "settings.changed" }, db());

    const first = await (await audit.GET(req("GET", "/api/audit?action=settings.changed&limit=2", { key: a.key }))).json();
    expect(first.events.map((e: { detail: { n: number } }) => e.detail.n)).toEqual([2, 1]);
    const second = await (await audit.GET(req("GET", `/api/audit?action=settings.changed&limit=2&cursor=${first.nextCursor}`, { key: a.key }))).json();
    expect(second.events.map((e: { detail: { n: number } }) => e.detail.n)).toEqual([0]);
    expect(second.nextCursor).toBeNull();
    // Another workspace's cursor, or an unknown action, is refused, not answered.
    const bRow = await db().auditEvent.findFirstOrThrow({ where: { workspaceId: b.workspace.id } });
    expect((await audit.GET(req("GET", `/api/audit?cursor=${bRow.id}`, { key: a.key }))).status).toBe(400);
    const bad = await audit.GET(req("GET", "/api/audit?action=nope", { key: a.key }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields[0].path).toBe("action");

    const csv = await audit.GET(req("GET", "/api/audit?format=csv", { key: a.key }));
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe("at,actor,actorType,action,targetType,targetId,detail,ip");
    expect(lines).toHaveLength(5);
    // A cell a spreadsheet would run as a formula is defused.
    expect(lines[1]).toContain(",'=cmd(),");
    expect((await db().auditEvent.findMany({ where: { workspaceId: a.workspace.id, action: "export.audit" } }))).toHaveLength(1);
    expect(await db().auditEvent.count({ where: { workspaceId: b.workspace.id } })).toBe(1);
  });

  it("records sign-ins, invitations and role changes made through Better Auth, by the person who made them; editors cannot read it", async () => {
    const { jar, user } = await signUp("owner-audit@example.com");
    const created = await call(workspaces.POST, "POST", "/api/workspaces", { jar, body: { name: "Audit Bakery", timeZone: "Europe/Berlin" } });
    const workspaceId = created.body.workspace.id as string;
    const inv = await authCall("POST", "/organization/invite-member", { jar, body: { email: "ed@example.com", role: "editor" } });
    expect(inv.status).toBe(200);
    const { jar: edJar, user: ed } = await signUp("ed@example.com");
    expect((await authCall("POST", "/organization/accept-invitation", { jar: edJar, body: { invitationId: inv.body.id } })).status).toBe(200);
    const member = await db().membership.findUniqueOrThrow({ where: { workspaceId_userId: { workspaceId, userId: ed.id } } });
    const changed = await authCall("POST", "/organization/update-member-role", { jar, body: { memberId: member.id, role: "admin" } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const again = await signIn("owner-audit@example.com", "correct horse battery");
    expect(again.status).toBe(200);
    const minted = await call(apiKeys.POST, "POST", "/api/workspace/api-keys", { jar, body: { name: "zapier" } });
    expect(minted.status).toBe(201);

    const log = await entries(workspaceId);
    expect(log.map((e) => [e.action, e.actorLabel])).toEqual([
      ["member.invited", "owner-audit@example.com"],
      ["member.joined", "ed@example.com"],
      ["member.role_changed", "owner-audit@example.com"],
      ["auth.sign_in", "owner-audit@example.com"],
      ["api_key.created", "owner-audit@example.com"],
    ]);
    expect(log[0].detail).toMatchObject({ email: "ed@example.com", role: "editor" });
    expect(log[2]).toMatchObject({ targetId: ed.id, detail: { role: "admin" } });
    expect(log[3].actorId).toBe(user.id);

    // Ed is an admin now; a plain editor is refused.
    const { jar: viewerJar, user: viewer } = await signUp("vic@example.com");
    await db().membership.create({ data: { workspaceId, userId: viewer.id, role: "editor" } });
    await db().session.updateMany({ where: { userId: viewer.id }, data: { activeWorkspaceId: workspaceId } });
    expect((await call(audit.GET, "GET", "/api/audit", { jar: viewerJar })).status).toBe(403);
    expect((await call(audit.GET, "GET", "/api/audit", { jar })).status).toBe(200);
  });

  it("prunes entries older than the retention, and only those", async () => {
    const { workspace } = await workspaceWithKey();
    const now = new Date(Date.UTC(2032, 5, 1));
    const actor = { type: "system" as const, id: null, label: "Herald" };
    await recordAudit({ workspaceId: workspace.id, actor, action: "settings.changed" }, db(), new Date(now.getTime() - 31 * 86_400_000));
    await recordAudit({ workspaceId: workspace.id, actor, action: "settings.changed" }, db(), new Date(now.getTime() - 29 * 86_400_000));
    // Other files' entries may go too: the rule is global.
    expect(await pruneAudit(now, 30)).toBeGreaterThanOrEqual(1);
    const left = await db().auditEvent.findMany({ where: { workspaceId: workspace.id } });
    expect(left.map((e) => e.createdAt)).toEqual([new Date(now.getTime() - 29 * 86_400_000)]);
  });
});
