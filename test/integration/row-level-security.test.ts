// Row-level security for Supabase (docs/decisions.md, "Row-level security"), on a real
// PostgreSQL: Supabase's PostgREST roles (anon, authenticated) are made here with the grants a
// Supabase project gives them, and must read nothing of Herald's — through RLS alone while a grant
// is still there, and refused outright once the migration has run with those roles present. The
// app's own connection (the tables' owner) keeps working, and every table of public has RLS, so a
// later migration that adds a table without it fails here.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { workspaceWithKey } from "../support/factories";

const MIGRATION = readFileSync(path.resolve(import.meta.dirname, "../../prisma/migrations/20261207050000_row_level_security/migration.sql"), "utf8");
const ROLES = ["anon", "authenticated"] as const;

async function publicTables(): Promise<{ name: string; rls: boolean }[]> {
  return db().$queryRaw`
    SELECT c.relname AS name, c.relrowsecurity AS rls
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`;
}

/** What `role` gets for `SELECT count(*)` on `table`: a count, or the error's SQLSTATE. */
async function asRole(role: string, table: string): Promise<number | string> {
  try {
    const [row] = await db().$transaction([
      db().$executeRawUnsafe(`SET LOCAL ROLE ${role}`),
      db().$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM public."${table.replaceAll('"', '""')}"`),
    ]).then(([, rows]) => rows);
    return Number(row.n);
  } catch (err) {
    const m = /Code: `(\w+)`|code: '(\w+)'|"code":"(\w+)"/.exec(String((err as { message?: string }).message ?? err));
    return (err as { meta?: { code?: string } }).meta?.code ?? m?.slice(1).find(Boolean) ?? String(err);
  }
}

describe("row-level security", () => {
  it("holds every table of public to RLS", async () => {
    const tables = await publicTables();
    expect(tables.length).toBeGreaterThan(25);
    expect(tables.filter((t) => !t.rls).map((t) => t.name)).toEqual([]);
  });

  it("lets Supabase's anon and authenticated roles read nothing, while Herald's own connection reads everything", async () => {
    const { workspace } = await workspaceWithKey("RLS Bakery");
    for (const r of ROLES) {
      await db().$executeRawUnsafe(`DO $$ BEGIN CREATE ROLE ${r} NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
      // What a Supabase project grants these roles on public.
      await db().$executeRawUnsafe(`GRANT USAGE ON SCHEMA public TO ${r}`);
      await db().$executeRawUnsafe(`GRANT ALL ON ALL TABLES IN SCHEMA public TO ${r}`);
    }
    // With the grant still there, RLS without a policy shows no row.
    for (const r of ROLES) expect(await asRole(r, "Workspace"), r).toBe(0);
    expect(await db().workspace.count({ where: { id: workspace.id } })).toBe(1);

    // The migration with the roles present takes the grants away: every table refuses them.
    await db().$executeRawUnsafe(MIGRATION);
    for (const { name } of await publicTables()) {
      for (const r of ROLES) expect(await asRole(r, name), `${r} on ${name}`).toBe("42501");
    }
    // Herald still reads and writes as before.
    expect(await db().workspace.count({ where: { id: workspace.id } })).toBe(1);
    await db().workspace.update({ where: { id: workspace.id }, data: { name: "RLS Bakery (renamed)" } });
  });
});
