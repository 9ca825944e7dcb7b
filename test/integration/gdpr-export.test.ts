// GDPR exports (docs/decisions.md, "GDPR export"): a workspace's archive holds every table's rows
// (found in the catalog, so a new table cannot be forgotten), its media files and members, and
// never a credential, token or another workspace's row; a person's archive holds their own rows
// and nobody else's. Signed-in admins only for the workspace; API keys and editors are refused.
import { unzipSync, strFromU8 } from "fflate";
import { describe, expect, it } from "vitest";
import * as workspaceExport from "../../app/api/workspace/export/route";
import * as meExport from "../../app/api/me/export/route";
import * as workspaces from "../../app/api/workspaces/route";
import { db } from "../../lib/db";
import { encryptJson } from "../../lib/crypto";
import { personExportPlan, workspaceExportPlan } from "../../lib/gdpr/export";
import { storage, storageKeyFor } from "../../lib/media/storage";
import { browserReq, signUp, type Jar } from "../support/auth";
import { req, workspaceWithKey } from "../support/factories";

type Handler = (req: Request) => Promise<Response>;
async function get(handler: Handler, path: string, jar: Jar) {
  const res = await handler(browserReq("GET", path, { jar }));
  jar.take(res);
  return res;
}
async function unzip(res: Response): Promise<Record<string, string>> {
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strFromU8(v)]));
}
const rowsOf = (files: Record<string, string>, table: string) =>
  (files[`tables/${table}.jsonl`] ?? "").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

// Tables that are nobody's workspace data: each person's own (User, Session, Account — in their
// personal export), Better Auth's and the limiter's bookkeeping, and process-wide records.
const NOT_WORKSPACE_DATA = ["User", "Session", "Account", "Verification", "RateLimit", "YoutubeQuota", "SchedulerHeartbeat", "ApiKeyRateLimit", "_prisma_migrations"];

async function ownerWithWorkspace(email: string, name: string) {
  const { jar, user } = await signUp(email);
  const res = await workspaces.POST(browserReq("POST", "/api/workspaces", { jar, body: { name, timeZone: "Europe/Berlin" } }));
  jar.take(res);
  const body = await res.json();
  return { jar, user, workspaceId: body.workspace.id as string };
}

describe("workspace export", () => {
  it("covers every table: each has a workspaceId, a parent in the plan, or is named as not workspace data", async () => {
    const plan = new Set((await workspaceExportPlan()).map((p) => p.table));
    const tables = (await db().$queryRaw<{ t: string }[]>`SELECT table_name::text AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`).map((r) => r.t);
    const unaccounted = tables.filter((t) => !plan.has(t) && !NOT_WORKSPACE_DATA.includes(t));
    expect(unaccounted, "classify these tables in lib/gdpr/export.ts (or here, with the reason)").toEqual([]);
  });

  it("archives the workspace's rows, media and members — no secrets, nothing of another workspace — and records the export", async () => {
    const { jar, user, workspaceId } = await ownerWithWorkspace("olga-export@example.com", "Olga's Export Bakery");
    const other = await workspaceWithKey("Other Bakery");
    await db().socialAccount.create({ data: { workspaceId, platform: "mastodon", handle: "@olga@example.social", credentials: encryptJson({ accessToken: "SECRET-TOKEN-olga" }) } });
    await db().socialAccount.create({ data: { workspaceId: other.workspace.id, platform: "mastodon", handle: "@OTHER-HANDLE@example.social" } });
    await db().recipient.create({ data: { workspaceId, phone: "447911555123", name: "A Customer", optInSource: "shop form", optInAt: new Date("2031-01-01T00:00:00Z") } });
    const bytes = Buffer.from("\x89PNG fake picture bytes for the export");
    const key = storageKeyFor(workspaceId, "exportpic1", "png");
    await storage().put(key, bytes, "image/png");
    await db().mediaAsset.create({ data: { id: "exportpic1", workspaceId, kind: "image", mime: "image/png", storageKey: key, url: "http://localhost/x.png", sizeBytes: bytes.length } });
    await db().apiKey.create({ data: { workspaceId, name: "zap", prefix: "hk_abcdef", hash: "HASH-SHOULD-NOT-LEAK" } });
    // More rows than one page of the reader (2,000), keyed by a bigint that sorts as text.
    await db().event.createMany({ data: Array.from({ length: 2_345 }, (_, i) => ({ workspaceId, type: "test", payload: { i } })) });

    const res = await get(workspaceExport.GET, "/api/workspace/export", jar);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="herald-workspace-.*\.zip"$/);
    const files = await unzip(res);

    expect(rowsOf(files, "Workspace")).toHaveLength(1);
    expect(rowsOf(files, "Workspace")[0].id).toBe(workspaceId);
    const accounts = rowsOf(files, "SocialAccount");
    expect(accounts.map((a) => a.handle)).toEqual(["@olga@example.social"]);
    expect(accounts[0]).not.toHaveProperty("credentials");
    expect(rowsOf(files, "Recipient").map((r) => r.name)).toEqual(["A Customer"]);
    expect(rowsOf(files, "ApiKey")[0]).toMatchObject({ name: "zap", prefix: "hk_abcdef" });
    expect(rowsOf(files, "ApiKey")[0]).not.toHaveProperty("hash");
    expect(JSON.parse(files["members.json"])).toEqual([expect.objectContaining({ role: "owner", user: { id: user.id, name: "olga-export", email: "olga-export@example.com" } })]);
    expect(Buffer.from(unzipSync(new Uint8Array(await (await get(workspaceExport.GET, "/api/workspace/export", jar)).arrayBuffer()))["media/exportpic1.png"])).toEqual(bytes);
    expect(files["README.txt"]).toMatch(/SocialAccount: 1/);
    const events = rowsOf(files, "Event").filter((e) => e.type === "test");
    expect(new Set(events.map((e) => (e.payload as { i: number }).i)).size).toBe(2_345);
    expect(events).toHaveLength(2_345);

    const everything = Object.values(files).join("\n");
    expect(everything).not.toContain("SECRET-TOKEN-olga");
    expect(everything).not.toContain("HASH-SHOULD-NOT-LEAK");
    expect(everything).not.toContain("OTHER-HANDLE");
    expect(everything).not.toContain(other.workspace.id);

    expect(await db().auditEvent.count({ where: { workspaceId, action: "export.workspace", actorId: user.id } })).toBe(2);
  });

  it("refuses API keys and editors", async () => {
    const { key } = await workspaceWithKey();
    const byKey = await workspaceExport.GET(req("GET", "/api/workspace/export", { key }));
    expect(byKey.status).toBe(403);
    const { workspaceId } = await ownerWithWorkspace("owner-ed@example.com", "Ed's Bakery");
    const { jar, user } = await signUp("ed-export@example.com");
    await db().membership.create({ data: { workspaceId, userId: user.id, role: "editor" } });
    await db().session.updateMany({ where: { userId: user.id }, data: { activeWorkspaceId: workspaceId } });
    expect((await get(workspaceExport.GET, "/api/workspace/export", jar)).status).toBe(403);
  });
});

describe("personal export", () => {
  it("archives the person's own rows without tokens or password hashes, and nobody else's", async () => {
    const { jar, user, workspaceId } = await ownerWithWorkspace("pia-export@example.com", "Pia's Bakery");
    const { user: someone } = await signUp("someone-else@example.com");
    await db().notification.create({ data: { workspaceId, userId: user.id, kind: "post_failed", title: "PIA-NOTE", body: "x", dedupeKey: "pia-1" } });
    await db().notification.create({ data: { workspaceId, userId: someone.id, kind: "post_failed", title: "SOMEONE-NOTE", body: "x", dedupeKey: "someone-1" } });

    const res = await get(meExport.GET, "/api/me/export", jar);
    expect(res.status).toBe(200);
    const files = await unzip(res);
    expect(rowsOf(files, "User").map((u) => u.email)).toEqual(["pia-export@example.com"]);
    const sessions = rowsOf(files, "Session");
    expect(sessions.length).toBeGreaterThan(0);
    for (const s of sessions) expect(s).not.toHaveProperty("token");
    const accounts = rowsOf(files, "Account");
    expect(accounts.length).toBeGreaterThan(0);
    for (const a of accounts) expect(a).not.toHaveProperty("password");
    expect(rowsOf(files, "Membership").map((m) => m.workspaceId)).toEqual([workspaceId]);
    expect(rowsOf(files, "Notification").map((n) => n.title)).toEqual(["PIA-NOTE"]);
    const everything = Object.values(files).join("\n");
    expect(everything).not.toContain("SOMEONE-NOTE");
    expect(everything).not.toContain(someone.id);
    // The plan reads every table that names a person.
    expect((await personExportPlan()).map((p) => p.table)).toEqual(expect.arrayContaining(["User", "Session", "Account", "Membership", "Notification", "AuditEvent", "Invitation"]));
  });
});
