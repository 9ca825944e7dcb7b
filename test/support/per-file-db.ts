// Gives each test file its own database, cloned from the migrated template, and points the
// app's DATABASE_URL at it before any app module reads the environment.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";

const serverUrl = inject("pgServerUrl");
const name = `herald_t_${randomBytes(6).toString("hex")}`;

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

const admin = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
await admin.connect();
await admin.query(`CREATE DATABASE ${name} TEMPLATE herald_template`);
await admin.end();

process.env.DATABASE_URL = withDatabase(serverUrl, name);
process.env.TEST_SERVER_URL = serverUrl;
process.env.CRON_SECRET = "test-cron-secret-0123456789";
process.env.CREDENTIALS_KEY = "0".repeat(64);
process.env.BETTER_AUTH_SECRET = "test-better-auth-secret-0123456789abcdef";
process.env.BETTER_AUTH_URL = "http://localhost:3000";
// Fixture servers listen on loopback, which lib/net/guarded-fetch.ts refuses unless allow-listed;
// the SSRF tests (test/unit/guarded-fetch.test.ts, test/integration/ssrf.test.ts) empty it.
process.env.HERALD_FETCH_ALLOW_HOSTS = "127.0.0.1,localhost,[::1]";

afterAll(async () => {
  const g = globalThis as unknown as { heraldPrisma?: { $disconnect(): Promise<void> }; heraldAuth?: unknown };
  await g.heraldPrisma?.$disconnect();
  g.heraldPrisma = undefined;
  g.heraldAuth = undefined;
  const c = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
});
