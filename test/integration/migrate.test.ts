// The project's migration runner: Prisma-compatible bookkeeping, idempotent, safe in parallel,
// and loud about edited migrations.
import { appendFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { listMigrations, migrate, MIGRATIONS_DIR } from "../../lib/db/migrate";

const server = process.env.TEST_SERVER_URL!;
const created: string[] = [];

async function freshDb(): Promise<string> {
  const name = `herald_mig_${Math.random().toString(36).slice(2, 10)}`;
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  created.push(name);
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
}

const tmpDirs: string[] = [];
function migrationsCopy(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "herald-mig-"));
  tmpDirs.push(dir);
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

afterAll(async () => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  for (const n of created) await c.query(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
  await c.end();
});

describe("migration runner", () => {
  it("applies every migration once, even with three runners at the same time", async () => {
    const url = await freshDb();
    const results = await Promise.all([migrate(url), migrate(url), migrate(url)]);
    const applied = results.flatMap((r) => r.pending);
    expect(applied).toEqual(listMigrations().map((m) => m.name));
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const rows = (await c.query(`SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations"`)).rows;
    await c.end();
    expect(rows).toHaveLength(listMigrations().length);
    expect(rows[0]).toMatchObject({ checksum: listMigrations()[0].checksum, applied_steps_count: 1 });
    expect(rows[0].finished_at).toBeInstanceOf(Date);
    expect((await migrate(url)).pending).toEqual([]);
  });

  it("refuses to continue when an applied migration was edited", async () => {
    const url = await freshDb();
    await migrate(url);
    const dir = migrationsCopy();
    const first = listMigrations(dir)[0].name;
    appendFileSync(path.join(dir, first, "migration.sql"), "\n-- edited later\n");
    await expect(migrate(url, dir)).rejects.toThrow(/edited after it was applied/);
  });

  it("rolls back a failing migration completely and reports it", async () => {
    const url = await freshDb();
    const dir = migrationsCopy();
    const { mkdirSync, writeFileSync } = await import("node:fs");
    mkdirSync(path.join(dir, "99999999999999_broken"));
    writeFileSync(path.join(dir, "99999999999999_broken", "migration.sql"), `CREATE TABLE "Half" (id int); SELECT 1/0;`);
    await expect(migrate(url, dir)).rejects.toThrow(/99999999999999_broken failed: division by zero/);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const half = await c.query(`SELECT to_regclass('"Half"') AS t`);
    const rec = await c.query(`SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE migration_name = '99999999999999_broken'`);
    await c.end();
    expect(half.rows[0].t).toBeNull();
    expect(rec.rows[0].n).toBe(0);
  });
});
