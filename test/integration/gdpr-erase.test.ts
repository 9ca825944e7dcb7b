// GDPR erasure of a person (docs/decisions.md, "GDPR erasure"): after DELETE /api/me nothing in
// the whole database names them — no row anywhere holds their id or their email — while the
// workspace's records stay (the audit entry, the post version) with "erased user" in their place.
// Refused without the typed email, and while they are a workspace's only owner.
import { describe, expect, it } from "vitest";
import * as me from "../../app/api/me/route";
import * as workspaces from "../../app/api/workspaces/route";
import { recordAudit } from "../../lib/audit";
import { db } from "../../lib/db";
import { ERASED_LABEL } from "../../lib/gdpr/erase";
import { authCall, browserReq, signIn, signUp, type Jar } from "../support/auth";

async function call(handler: (r: Request) => Promise<Response>, method: string, path: string, jar: Jar, body?: unknown) {
  const res = await handler(browserReq(method, path, { jar, body }));
  jar.take(res);
  return { status: res.status, body: await res.json() };
}

/** Every row of every table that mentions `needle` anywhere, as "Table: row". */
async function mentions(needle: string): Promise<string[]> {
  const tables = await db().$queryRaw<{ t: string }[]>`
    SELECT table_name::text AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`;
  const out: string[] = [];
  for (const { t } of tables) {
    const rows = await db().$queryRawUnsafe<{ row: string }[]>(
      `SELECT to_jsonb(x)::text AS row FROM "${t}" x WHERE position(lower($1) in lower(to_jsonb(x)::text)) > 0`,
      needle,
    );
    out.push(...rows.map((r) => `${t}: ${r.row.slice(0, 200)}`));
  }
  return out;
}

describe("erasing a person", () => {
  it("leaves no row naming them, keeps the workspace's records without their name, and ends their sessions", async () => {
    const { jar: ownerJar } = await signUp("owner-erase@example.com");
    const created = await call(workspaces.POST, "POST", "/api/workspaces", ownerJar, { name: "Erase Bakery", timeZone: "Europe/Berlin" });
    const workspaceId = created.body.workspace.id as string;
    const inv = await authCall("POST", "/organization/invite-member", { jar: ownerJar, body: { email: "Gone.Person@example.com", role: "admin" } });
    expect(inv.status).toBe(200);
    const { jar, user } = await signUp("gone.person@example.com");
    expect((await authCall("POST", "/organization/accept-invitation", { jar, body: { invitationId: inv.body.id } })).status).toBe(200);
    // Things that stay in the workspace and name them.
    await recordAudit({ workspaceId, actor: { type: "user", id: user.id, label: user.email }, action: "settings.changed", ip: "203.0.113.9" });
    const post = await db().post.create({ data: { workspaceId, text: "Kept post", approvedBy: user.id } });
    await db().postVersion.create({ data: { workspaceId, postId: post.id, version: 1, userId: user.id, actorType: "user", changes: {} } });
    await db().notification.create({ data: { workspaceId, userId: user.id, kind: "post_failed", title: "t", body: "b", dedupeKey: "gone-1" } });
    await db().presence.create({ data: { workspaceId, userId: user.id, lastSeenAt: new Date() } });
    // An invitation to them into a second workspace, still pending.
    const { jar: otherJar } = await signUp("other-owner@example.com");
    await call(workspaces.POST, "POST", "/api/workspaces", otherJar, { name: "Other Bakery", timeZone: "UTC" });
    expect((await authCall("POST", "/organization/invite-member", { jar: otherJar, body: { email: "gone.person@example.com", role: "viewer" } })).status).toBe(200);

    expect(await mentions(user.id)).not.toEqual([]);
    const refused = await call(me.DELETE, "DELETE", "/api/me", jar, { confirmEmail: "someone@example.com" });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields[0].path).toBe("confirmEmail");

    const erased = await call(me.DELETE, "DELETE", "/api/me", jar, { confirmEmail: "Gone.Person@example.com" });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(erased.body).toMatchObject({ success: true, erased: true, workspacesLeft: 1 });

    expect(await mentions(user.id)).toEqual([]);
    expect(await mentions("gone.person@example.com")).toEqual([]);
    const kept = await db().auditEvent.findMany({ where: { workspaceId, action: "settings.changed" } });
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ actorId: null, actorLabel: ERASED_LABEL, ip: null });
    expect(await db().postVersion.count({ where: { postId: post.id } })).toBe(1);
    expect((await db().post.findUniqueOrThrow({ where: { id: post.id } })).approvedBy).toBeNull();

    // Their session is gone, and signing in no longer works.
    expect((await call(me.DELETE, "DELETE", "/api/me", jar, { confirmEmail: "gone.person@example.com" })).status).toBe(401);
    expect((await signIn("gone.person@example.com", "correct horse battery")).status).toBe(401);
  });

  it("refuses the only owner of a workspace, naming it, and erases nothing", async () => {
    const { jar, user } = await signUp("sole-owner@example.com");
    await call(workspaces.POST, "POST", "/api/workspaces", jar, { name: "Sole Bakery", timeZone: "UTC" });
    const r = await call(me.DELETE, "DELETE", "/api/me", jar, { confirmEmail: "sole-owner@example.com" });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('"Sole Bakery"');
    expect(await db().user.count({ where: { id: user.id } })).toBe(1);
  });
});
