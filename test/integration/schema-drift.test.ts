// Proves prisma/schema.prisma and prisma/migrations describe the same database: the schema's DMMF
// (from Prisma's own schema wasm) is compared with the catalog of a database built only from the
// migrations. Indexes Prisma cannot express are listed explicitly and must exist.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const wasm = require("@prisma/prisma-schema-wasm") as { get_dmmf(params: string): string };

interface DField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object";
  type: string;
  isRequired: boolean;
  isList: boolean;
  hasDefaultValue: boolean;
  isUpdatedAt: boolean;
  default?: { name: string } | string | number | boolean;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
}
interface DModel { name: string; dbName: string | null; fields: DField[] }
interface DIndex { model: string; type: "id" | "unique" | "normal" | "fulltext"; fields: { name: string }[]; dbName?: string }

const dmmf = JSON.parse(
  wasm.get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", readFileSync("prisma/schema.prisma", "utf8")]] })),
).datamodel as { enums: { name: string; values: { name: string }[] }[]; models: DModel[]; indexes: DIndex[] };

// Indexes that exist only in migration SQL (partial indexes for the scheduler's claim and sweep).
const RAW_ONLY_INDEXES = [
  "AgentTask_due_idx",
  "AgentTask_lease_idx",
  "AgentTask_published_idx",
  "AgentTask_open_collect_idx",
  "PostTarget_published_idx",
  "PostTarget_workspace_published_idx",
];

const SQL_TYPE: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Boolean: "boolean",
  Float: "double precision",
};

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
});
afterAll(() => client.end());

async function rows<T>(sql: string): Promise<T[]> {
  return (await client.query(sql)).rows as T[];
}

describe("schema.prisma matches the migrations", () => {
  it("has the same enums with the same values in the same order", async () => {
    const db = await rows<{ name: string; values: string[] }>(`
      SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
      JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' GROUP BY t.typname`);
    const fromSchema = Object.fromEntries(dmmf.enums.map((e) => [e.name, e.values.map((v) => v.name)]));
    expect(Object.fromEntries(db.map((r) => [r.name, r.values]))).toEqual(fromSchema);
  });

  it("has exactly the models' tables and columns, with types, nullability and defaults", async () => {
    const cols = await rows<{ table: string; column: string; type: string; nullable: boolean; has_default: boolean }>(`
      SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
             NOT a.attnotnull AS nullable, a.atthasdef AS has_default
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
        AND c.relname <> '_prisma_migrations'`);
    const actual = cols.map((c) => `${c.table}.${c.column}: ${c.type}${c.nullable ? "?" : ""}${c.has_default ? " =" : ""}`).sort();
    const expected = dmmf.models
      .flatMap((m) =>
        m.fields
          .filter((f) => f.kind !== "object")
          .map((f) => {
            const base = f.kind === "enum" ? `"${f.type}"` : SQL_TYPE[f.type];
            // A scalar list is an array column, nullable as Prisma's own migrations make it.
            const type = f.isList ? `${base}[]` : base;
            // Client-side defaults (cuid, uuid) and @updatedAt leave no default in the database.
            const dbDefault =
              f.hasDefaultValue &&
              !(typeof f.default === "object" && ["cuid", "uuid"].includes(f.default.name));
            return `${m.dbName ?? m.name}.${f.dbName ?? f.name}: ${type}${f.isRequired && !f.isList ? "" : "?"}${dbDefault ? " =" : ""}`;
          }),
      )
      .sort();
    expect(actual).toEqual(expected);
  });

  it("has the same primary keys, unique constraints and indexes", async () => {
    const idx = await rows<{ name: string; table: string; columns: string[]; unique: boolean; primary: boolean; partial: boolean }>(`
      SELECT i.relname AS name, t.relname AS table,
             array(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
             ix.indisunique AS unique, ix.indisprimary AS primary, ix.indpred IS NOT NULL AS partial
      FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'`);
    for (const name of RAW_ONLY_INDEXES) {
      expect(idx.find((i) => i.name === name)?.partial, `${name} must exist as a partial index`).toBe(true);
    }
    const actual = idx
      .filter((i) => !RAW_ONLY_INDEXES.includes(i.name))
      .map((i) => `${i.table}(${i.columns.join(",")}) ${i.primary ? "pk" : i.unique ? "unique" : "index"}`)
      .sort();
    const tableOf = (model: string) => dmmf.models.find((m) => m.name === model)!.dbName ?? model;
    const expected = dmmf.indexes
      .map((i) => `${tableOf(i.model)}(${i.fields.map((f) => f.name).join(",")}) ${i.type === "id" ? "pk" : i.type === "unique" ? "unique" : "index"}`)
      .sort();
    expect(actual).toEqual(expected);
  });

  it("has the same foreign keys with the same delete rules", async () => {
    const fks = await rows<{ table: string; columns: string[]; ref: string; ref_columns: string[]; on_delete: string }>(`
      SELECT c.conrelid::regclass::text AS table, c.confrelid::regclass::text AS ref,
             array(SELECT a.attname::text FROM unnest(c.conkey) k JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k) AS columns,
             array(SELECT a.attname::text FROM unnest(c.confkey) k JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k) AS ref_columns,
             c.confdeltype AS on_delete
      FROM pg_constraint c WHERE c.contype = 'f'`);
    const RULE: Record<string, string> = { a: "NoAction", r: "Restrict", c: "Cascade", n: "SetNull", d: "SetDefault" };
    const unquote = (s: string) => s.replace(/"/g, "");
    const actual = fks.map((f) => `${unquote(f.table)}(${f.columns}) -> ${unquote(f.ref)}(${f.ref_columns}) ${RULE[f.on_delete]}`).sort();
    const expected = dmmf.models
      .flatMap((m) =>
        m.fields
          .filter((f) => f.kind === "object" && f.relationFromFields?.length)
          .map((f) => {
            const target = dmmf.models.find((x) => x.name === f.type)!;
            return `${m.dbName ?? m.name}(${f.relationFromFields}) -> ${target.dbName ?? target.name}(${f.relationToFields}) ${f.relationOnDelete ?? (f.isRequired ? "Cascade" : "SetNull")}`;
          }),
      )
      .sort();
    expect(actual).toEqual(expected);
  });
});
