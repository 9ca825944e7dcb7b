// The benchmark's PostgreSQL: a throw-away embedded server (or BENCH_DATABASE_URL), one migrated
// template database, and a fresh clone of it per scenario so no scenario sees another's rows.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres, type RunningPostgres } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export interface BenchServer {
  /** Where the server came from, for the report. */
  origin: "embedded" | "BENCH_DATABASE_URL";
  /** The embedded server's data directory (for CPU accounting); undefined for BENCH_DATABASE_URL. */
  dataDir?: string;
  /** A migrated, empty database made for one scenario; dropped by `close()`. */
  freshDatabase: (label: string) => Promise<string>;
  /** Runs SQL on the given database with a one-off connection. */
  sql: <T extends pg.QueryResultRow = pg.QueryResultRow>(url: string, text: string, values?: unknown[]) => Promise<T[]>;
  close: () => Promise<void>;
}

export async function startBenchServer(): Promise<BenchServer> {
  const external = process.env.BENCH_DATABASE_URL;
  let embedded: RunningPostgres | undefined;
  let serverUrl: string;
  if (external) {
    serverUrl = external;
  } else {
    // A temporary directory, deleted when the server stops (also if the bench is killed).
    embedded = await startEmbeddedPostgres({ persistent: false });
    serverUrl = embedded.url("postgres");
  }

  const suffix = randomBytes(4).toString("hex");
  const template = `herald_bench_tpl_${suffix}`;
  const created: string[] = [];

  const sql = async <T extends pg.QueryResultRow = pg.QueryResultRow>(url: string, text: string, values?: unknown[]) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query<T>(text, values)).rows;
    } finally {
      await c.end();
    }
  };
  const admin = withDatabase(serverUrl, "postgres");

  await sql(admin, `CREATE DATABASE ${template}`);
  created.push(template);
  await migrate(withDatabase(serverUrl, template));

  return {
    origin: external ? "BENCH_DATABASE_URL" : "embedded",
    dataDir: embedded?.dir,
    sql,
    async freshDatabase(label) {
      const name = `herald_bench_${label}_${suffix}`;
      await sql(admin, `CREATE DATABASE ${name} TEMPLATE ${template}`);
      created.push(name);
      return withDatabase(serverUrl, name);
    },
    async close() {
      for (const name of created.reverse()) {
        await sql(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      }
      await embedded?.stop();
    },
  };
}

/** Committed transactions in this database so far (each autocommit statement is one). */
export async function transactions(server: BenchServer, url: string): Promise<number> {
  const [r] = await server.sql<{ n: string }>(url, `SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`);
  return Number(r?.n ?? 0);
}
