// Starts one PostgreSQL for the whole run and builds a migrated template database that each
// test file clones (graphile-worker's approach): real SQL, real SKIP LOCKED, full isolation.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type RunningPostgres } from "../../lib/db/embedded";
import { migrate } from "../../lib/db/migrate";

export const TEMPLATE_DB = "herald_template";

declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

let embedded: RunningPostgres | undefined;
let dir: string | undefined;

export default async function setup(project: TestProject) {
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    dir = mkdtempSync(path.join(os.tmpdir(), "herald-test-pg-"));
    chmodSync(dir, 0o755); // the server runs as the postgres user when we are root
    embedded = await startEmbeddedPostgres({ dir: path.join(dir, "data"), persistent: false });
    serverUrl = embedded.url("postgres");
  }
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  await migrate(withDatabase(serverUrl, TEMPLATE_DB));
  project.provide("pgServerUrl", serverUrl);

  return async () => {
    await embedded?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
