// GDPR exports (docs/decisions.md, "GDPR export"): a workspace's data, or one person's, as a zip
// archive streamed to the browser — JSON lines per table, the media files, and a README. Tables
// are found in the database's own catalog, so a new table with a workspaceId (or userId) column is
// exported without anyone remembering to add it; secrets are dropped by column name.
import { Zip, ZipDeflate, ZipPassThrough } from "fflate";
import { db } from "../db";
import { clock } from "../clock";
import { logger } from "../logger";
import { storage } from "../media/storage";

/** Columns never exported, whatever the table: credentials, key hashes, signing secrets, tokens. */
export const REDACTED_COLUMNS = [
  "credentials",
  "hash",
  "secret",
  "token",
  "password",
  "accessToken",
  "refreshToken",
  "idToken",
  "flowState",
] as const;

/**
 * Tables with a workspaceId column that are not the workspace's data: the rate limiter's counter
 * (no such column, listed for clarity) and nothing else yet. Others are exported as rows.
 */
const NOT_EXPORTED = new Set(["_prisma_migrations"]);

/** Tables belonging to a workspace through a parent row rather than their own workspaceId column. */
const CHILD_TABLES: { table: string; where: string }[] = [
  { table: "RecipientListMember", where: `"listId" IN (SELECT id FROM "RecipientList" WHERE "workspaceId" = $1)` },
  { table: "EngagementSnapshot", where: `"postTargetId" IN (SELECT id FROM "PostTarget" WHERE "workspaceId" = $1)` },
  { table: "WebhookDelivery", where: `"endpointId" IN (SELECT id FROM "WebhookEndpoint" WHERE "workspaceId" = $1)` },
  { table: "InboxEvent", where: `"itemId" IN (SELECT id FROM "InboxItem" WHERE "workspaceId" = $1)` },
  { table: "FeedItem", where: `"feedId" IN (SELECT id FROM "Feed" WHERE "workspaceId" = $1)` },
];

const PAGE = 2_000;

interface TableInfo {
  columns: Set<string>;
  /** The primary key's columns, in order. */
  key: string[];
}

async function catalog(): Promise<Map<string, TableInfo>> {
  const rows = await db().$queryRaw<{ table_name: string; column_name: string }[]>`
    SELECT table_name::text AS table_name, column_name::text AS column_name FROM information_schema.columns WHERE table_schema = current_schema()`;
  const keys = await db().$queryRaw<{ table_name: string; columns: string[] }[]>`
    SELECT c.relname::text AS table_name, array_agg(a.attname::text ORDER BY k.n) AS columns
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indrelid
    JOIN pg_namespace ns ON ns.oid = c.relnamespace AND ns.nspname = current_schema()
    CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
    WHERE i.indisprimary
    GROUP BY c.relname`;
  const out = new Map<string, TableInfo>();
  for (const r of rows) {
    if (!out.has(r.table_name)) out.set(r.table_name, { columns: new Set(), key: [] });
    out.get(r.table_name)!.columns.add(r.column_name);
  }
  for (const k of keys) {
    const t = out.get(k.table_name);
    if (t) t.key = k.columns;
  }
  return out;
}

export interface PlanEntry {
  table: string;
  /** The condition on $1 (the workspace's or the person's id). */
  where: string;
  key: string[];
}

/** What a workspace export reads: each table and its condition on the workspace id. */
export async function workspaceExportPlan(): Promise<PlanEntry[]> {
  const cat = await catalog();
  const entry = (table: string, where: string): PlanEntry => ({ table, where, key: cat.get(table)?.key ?? [] });
  const plan = [entry("Workspace", "id = $1")];
  for (const [table, t] of [...cat].sort(([a], [b]) => a.localeCompare(b))) {
    if (NOT_EXPORTED.has(table) || table === "Workspace") continue;
    if (t.columns.has("workspaceId")) plan.push(entry(table, `"workspaceId" = $1`));
  }
  for (const child of CHILD_TABLES) {
    const t = cat.get(child.table);
    if (t && !t.columns.has("workspaceId")) plan.push(entry(child.table, child.where));
  }
  return plan;
}

/** What a person's export reads: their own row, and every row naming them, by table. */
export async function personExportPlan(): Promise<PlanEntry[]> {
  const cat = await catalog();
  const entry = (table: string, where: string): PlanEntry => ({ table, where, key: cat.get(table)?.key ?? [] });
  const plan = [entry("User", "id = $1")];
  for (const [table, t] of [...cat].sort(([a], [b]) => a.localeCompare(b))) {
    if (NOT_EXPORTED.has(table)) continue;
    if (t.columns.has("userId")) plan.push(entry(table, `"userId" = $1`));
  }
  plan.push(entry("AuditEvent", `"actorType" = 'user' AND "actorId" = $1`));
  plan.push(entry("Invitation", `lower(email) = (SELECT lower(email) FROM "User" WHERE id = $1)`));
  return plan;
}

const REDACT_SQL = `ARRAY[${REDACTED_COLUMNS.map((c) => `'${c}'`).join(",")}]::text[]`;

const quote = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

/**
 * The rows of one table, as JSON text lines, read in pages of PAGE rows: after the last key seen
 * when the primary key is one column (every table but a few link tables), else by offset.
 */
async function* tableLines({ table, where, key }: PlanEntry, id: string): AsyncGenerator<string> {
  // Table and column names come from the database's catalog or the fixed lists above.
  const order = key.length > 0 ? key.map((k) => `t.${quote(k)}`).join(", ") : "1";
  const single = key.length === 1 ? quote(key[0]) : null;
  let after: string | null = null;
  for (let offset = 0; ; offset += PAGE) {
    const keyset: string = single && after !== null ? ` AND t.${single}::text > $2` : "";
    const paging = single ? "" : ` OFFSET ${offset}`;
    const sql =
      `SELECT (to_jsonb(t) - ${REDACT_SQL})::text AS row${single ? `, t.${single}::text AS k` : ""} FROM ${quote(table)} t ` +
      `WHERE (${where})${keyset} ORDER BY ${single ? `t.${single}::text` : order} LIMIT ${PAGE}${paging}`;
    const rows: { row: string; k?: string }[] = await db().$queryRawUnsafe(sql, ...(keyset ? [id, after] : [id]));
    for (const r of rows) yield r.row;
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1].k ?? null;
  }
}

export interface ExportArchive {
  filename: string;
  stream: ReadableStream<Uint8Array>;
}

/**
 * A zip archive built as it is read: `fill` adds entries and awaits `ready()` between chunks, which
 * waits while the client has not taken what is queued, so a slow download never piles the whole
 * archive up in memory.
 */
function zipStream(fill: (zip: Zip, ready: () => Promise<void>) => Promise<void>): ReadableStream<Uint8Array> {
  let waiting: (() => void)[] = [];
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const ready = () => (controller.desiredSize !== null && controller.desiredSize > 0 ? Promise.resolve() : new Promise<void>((r) => waiting.push(r)));
  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        const zip = new Zip((err, chunk, final) => {
          if (err) return c.error(err);
          c.enqueue(chunk);
          if (final) c.close();
        });
        fill(zip, ready).then(
          () => zip.end(),
          (err) => {
            logger.error({ err }, "export archive failed");
            c.error(err);
          },
        );
      },
      pull() {
        const w = waiting;
        waiting = [];
        for (const r of w) r();
      },
    },
    { highWaterMark: 64 },
  );
}

const enc = new TextEncoder();

async function addTables(zip: Zip, plan: PlanEntry[], id: string, ready: () => Promise<void>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const p of plan) {
    const entry = new ZipDeflate(`tables/${p.table}.jsonl`, { level: 6 });
    zip.add(entry);
    let n = 0;
    for await (const line of tableLines(p, id)) {
      entry.push(enc.encode(line + "\n"));
      if (++n % 500 === 0) await ready();
    }
    entry.push(new Uint8Array(0), true);
    counts[p.table] = (counts[p.table] ?? 0) + n;
  }
  return counts;
}

function addText(zip: Zip, name: string, text: string): void {
  const entry = new ZipDeflate(name, { level: 6 });
  zip.add(entry);
  entry.push(enc.encode(text), true);
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** A workspace's archive: every table's rows, the media files, members' names and emails. */
export async function exportWorkspace(workspaceId: string, now = clock.now()): Promise<ExportArchive> {
  const ws = await db().workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { slug: true, name: true } });
  const plan = await workspaceExportPlan();
  const media = await db().mediaAsset.findMany({ where: { workspaceId }, select: { id: true, storageKey: true, posterStorageKey: true }, orderBy: { id: "asc" } });
  const stream = zipStream(async (zip, ready) => {
    const counts = await addTables(zip, plan, workspaceId, ready);
    // Members: who they are, not their sessions or sign-in methods (those are each person's own export).
    const members = await db().membership.findMany({ where: { workspaceId }, select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } } });
    addText(zip, "members.json", JSON.stringify(members, null, 2));
    const missing: string[] = [];
    for (const m of media) {
      for (const key of [m.storageKey, m.posterStorageKey].filter((k): k is string => Boolean(k))) {
        const file = await storage().get(key);
        if (!file) {
          missing.push(key);
          continue;
        }
        // Pictures and videos are compressed already: stored as they are.
        const entry = new ZipPassThrough(`media/${key.split("/").pop()}`);
        zip.add(entry);
        entry.push(new Uint8Array(file.data), true);
        await ready();
      }
    }
    addText(zip, "README.txt", readme(`the workspace "${ws.name}"`, now, counts, missing));
  });
  return { filename: `herald-workspace-${ws.slug}-${day(now)}.zip`, stream };
}

/** A person's archive: their account, sessions, memberships, notifications and what they did. */
export async function exportPerson(userId: string, now = clock.now()): Promise<ExportArchive> {
  const plan = await personExportPlan();
  const stream = zipStream(async (zip, ready) => {
    const counts = await addTables(zip, plan, userId, ready);
    addText(zip, "README.txt", readme("you", now, counts, []));
  });
  return { filename: `herald-my-data-${day(now)}.zip`, stream };
}

function readme(whose: string, now: Date, counts: Record<string, number>, missing: string[]): string {
  const lines = [
    `Herald export of ${whose}, made ${now.toISOString()}.`,
    "",
    "tables/<Table>.jsonl: one JSON object per line, one line per row. Credentials, token and key",
    `hashes and signing secrets are left out (columns: ${REDACTED_COLUMNS.join(", ")}).`,
    "",
    "Rows per table:",
    ...Object.entries(counts).map(([t, n]) => `  ${t}: ${n}`),
  ];
  if (missing.length > 0) lines.push("", "Media files that were no longer in storage:", ...missing.map((k) => `  ${k}`));
  return lines.join("\n") + "\n";
}
