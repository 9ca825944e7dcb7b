// Starts one PostgreSQL for the whole run and builds a migrated template database that each
// test file clones (graphile-worker's approach): real SQL, real SKIP LOCKED, full isolation.
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

export default async function setup(project: TestProject) {
  let serverUrl = process.env.TEST_DATABASE_URL;
  let embedded: RunningPostgres | undefined;
  if (!serverUrl) {
    // A throw-away server in a temporary directory, stopped and deleted by teardown — or by its
    // supervisor if this process ends any other way (lib/db/embedded.ts).
    embedded = await startEmbeddedPostgres({ persistent: false });
    serverUrl = embedded.url("postgres");
  }
  try {
    const admin = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
    await admin.end();
    await migrate(withDatabase(serverUrl, TEMPLATE_DB));
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  project.provide("pgServerUrl", serverUrl);

  return async () => {
    await embedded?.stop();
  };
}
