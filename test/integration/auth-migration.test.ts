// The auth migration on a database that already has workspaces (made with API keys before
// accounts existed): each gets its own slug, and everything else survives.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { listMigrations, migrate, MIGRATIONS_DIR } from "../../lib/db/migrate";

const server = process.env.TEST_SERVER_URL!;
const name = `herald_authmig_${Math.random().toString(36).slice(2, 10)}`;
const dir = mkdtempSync(path.join(os.tmpdir(), "herald-authmig-"));

function url(database: string) {
  const u = new URL(server);
  u.pathname = `/${database}`;
  return u.toString();
}

afterAll(async () => {
  const c = new pg.Client({ connectionString: url("postgres") });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
  rmSync(dir, { recursive: true, force: true });
});

it("gives existing workspaces distinct slugs and keeps their data", async () => {
  const admin = new pg.Client({ connectionString: url("postgres") });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();

  // Only the migrations before 20261122010000_auth, as a database deployed before it.
  const all = listMigrations();
  const authIndex = all.findIndex((m) => m.name === "20261122010000_auth");
  expect(authIndex).toBeGreaterThan(0);
  for (const m of all.slice(0, authIndex)) cpSync(path.join(MIGRATIONS_DIR, m.name), path.join(dir, m.name), { recursive: true });
  await migrate(url(name), dir);

  const c = new pg.Client({ connectionString: url(name) });
  await c.connect();
  try {
    await c.query(`INSERT INTO "Workspace" (id, name, "timeZone", "updatedAt") VALUES ('w1', 'One', 'UTC', now()), ('w2', 'Two', 'Europe/Berlin', now())`);
    await c.query(`INSERT INTO "ApiKey" (id, "workspaceId", name, prefix, hash) VALUES ('k1', 'w1', 'default', 'hk_abc', 'h1')`);

    const r = await migrate(url(name));
    expect(r.pending).toContain("20261122010000_auth");
    const rows = (await c.query(`SELECT id, name, "timeZone", slug FROM "Workspace" ORDER BY id`)).rows;
    expect(rows.map((w) => [w.id, w.name, w.timeZone])).toEqual([["w1", "One", "UTC"], ["w2", "Two", "Europe/Berlin"]]);
    expect(rows[0].slug).toMatch(/^ws-[0-9a-f]{12}$/);
    expect(rows[0].slug).not.toBe(rows[1].slug);
    expect((await c.query(`SELECT count(*)::int AS n FROM "ApiKey" WHERE "workspaceId" = 'w1'`)).rows[0].n).toBe(1);
    // Plain SQL inserts (seeds, the bench) still work without naming a slug.
    await c.query(`INSERT INTO "Workspace" (id, name, "updatedAt") VALUES ('w3', 'Three', now())`);
    expect((await c.query(`SELECT slug FROM "Workspace" WHERE id = 'w3'`)).rows[0].slug).toMatch(/^ws-/);
  } finally {
    await c.end();
  }
});
