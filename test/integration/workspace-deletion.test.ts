// Deleting a workspace (docs/decisions.md, "GDPR erasure"): an owner asks with its name typed
// again; publishing stops at once; an owner can cancel; the cleanup erases nothing during the 30-day
// grace and afterwards every row of the workspace in every table, its media files, and nothing of
// any other workspace. Admins and API keys are refused.
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as deletion from "../../app/api/workspace/deletion/route";
import * as workspaces from "../../app/api/workspaces/route";
import { db } from "../../lib/db";
import { env } from "../../lib/env";
import { purgeDeletedWorkspaces } from "../../lib/gdpr/workspace-deletion";
import { storage, storageKeyFor } from "../../lib/media/storage";
import { browserReq, signUp, type Jar } from "../support/auth";
import { req, simulatedAccount, workspaceWithKey } from "../support/factories";

async function call(handler: (r: Request) => Promise<Response>, method: string, jar: Jar, body?: unknown, url = "/api/workspace/deletion") {
  const res = await handler(browserReq(method, url, { jar, body }));
  jar.take(res);
  return { status: res.status, body: await res.json() };
}

/** Rows in any table that mention `needle`, by table. */
async function mentions(needle: string): Promise<Record<string, number>> {
  const tables = await db().$queryRaw<{ t: string }[]>`
    SELECT table_name::text AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`;
  const out: Record<string, number> = {};
  for (const { t } of tables) {
    const [{ n }] = await db().$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${t}" x WHERE position($1 in to_jsonb(x)::text) > 0`, needle);
    if (n > 0) out[t] = n;
  }
  return out;
}

const DAY = 86_400_000;

describe("deleting a workspace", () => {
  it("stops publishing at once, can be cancelled, and is erased with everything in it after 30 days", async () => {
    const { jar } = await signUp("del-owner@example.com");
    const created = await call(workspaces.POST, "POST", jar, { name: "Doomed Bakery", timeZone: "UTC" }, "/api/workspaces");
    const workspaceId = created.body.workspace.id as string;
    const account = await simulatedAccount(workspaceId, "bluesky");
    await db().post.create({ data: { workspaceId, text: "Doomed post" } });
    const key = storageKeyFor(workspaceId, "doomedpic", "png");
    await storage().put(key, Buffer.from("png bytes"), "image/png");
    await db().mediaAsset.create({ data: { id: "doomedpic", workspaceId, kind: "image", mime: "image/png", storageKey: key, url: "http://localhost/d.png", sizeBytes: 9 } });
    const keep = await workspaceWithKey("Kept Bakery");
    await simulatedAccount(keep.workspace.id, "bluesky");

    const wrong = await call(deletion.POST, "POST", jar, { confirmName: "Doomed" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields[0].path).toBe("confirmName");

    const asked = await call(deletion.POST, "POST", jar, { confirmName: "Doomed Bakery" });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    const requestedAt = new Date(asked.body.deletion.requestedAt);
    expect(new Date(asked.body.deletion.eraseAfter).getTime() - requestedAt.getTime()).toBe(30 * DAY);
    const ws = await db().workspace.findUniqueOrThrow({ where: { id: workspaceId } });
    expect(ws.publishingPausedAt).not.toBeNull();
    expect(await db().auditEvent.count({ where: { workspaceId, action: "workspace.deletion_requested" } })).toBe(1);

    // Cancel, then ask again: the new request starts the grace anew.
    const cancelled = await call(deletion.DELETE, "DELETE", jar);
    expect(cancelled.body).toMatchObject({ cancelled: true, deletion: { requestedAt: null }, publishingPaused: true });
    expect(await purgeDeletedWorkspaces(new Date(requestedAt.getTime() + 31 * DAY))).toBe(0);
    const again = await call(deletion.POST, "POST", jar, { confirmName: "Doomed Bakery" });
    const at = new Date(again.body.deletion.requestedAt);

    expect(await purgeDeletedWorkspaces(new Date(at.getTime() + 29 * DAY))).toBe(0);
    expect(await db().workspace.count({ where: { id: workspaceId } })).toBe(1);
    expect(existsSync(path.resolve(env().MEDIA_DIR, key))).toBe(true);

    expect(await purgeDeletedWorkspaces(new Date(at.getTime() + 30 * DAY + 1000))).toBe(1);
    expect(await mentions(workspaceId)).toEqual({});
    expect(await db().socialAccount.count({ where: { id: account.id } })).toBe(0);
    expect(existsSync(path.resolve(env().MEDIA_DIR, key))).toBe(false);
    expect(await db().socialAccount.count({ where: { workspaceId: keep.workspace.id } })).toBe(1);
  });

  it("is for signed-in owners only", async () => {
    const { key } = await workspaceWithKey();
    expect((await deletion.POST(req("POST", "/api/workspace/deletion", { key, body: { confirmName: "Test Bakery" } }))).status).toBe(403);
    const { jar } = await signUp("del-owner2@example.com");
    const created = await call(workspaces.POST, "POST", jar, { name: "Admin's Bakery", timeZone: "UTC" }, "/api/workspaces");
    const workspaceId = created.body.workspace.id as string;
    const { jar: adminJar, user: admin } = await signUp("del-admin@example.com");
    await db().membership.create({ data: { workspaceId, userId: admin.id, role: "admin" } });
    await db().session.updateMany({ where: { userId: admin.id }, data: { activeWorkspaceId: workspaceId } });
    expect((await call(deletion.POST, "POST", adminJar, { confirmName: "Admin's Bakery" })).status).toBe(403);
    expect((await db().workspace.findUniqueOrThrow({ where: { id: workspaceId } })).deletionRequestedAt).toBeNull();
  });
});
