// `npm run db:migrate`: applies prisma/migrations/* to the database and records them in
// `_prisma_migrations` exactly as `prisma migrate deploy` would (lib/db/migrate.ts).
//
// Production: run it once per deploy with the direct connection, e.g.
//   DIRECT_URL=postgresql://...:5432/postgres npm run db:migrate
// DIRECT_URL wins over DATABASE_URL because the migrator holds a session advisory lock, which a
// transaction-mode pooler (Supabase's port 6543) cannot keep; variables set in the environment
// win over .env.local. Without any URL the local cluster of `npm run dev` (.data/pg) is used if
// it exists.
import { migrate, MigrationError } from "../lib/db/migrate";
import {
  clusterDir,
  describeDatabase,
  envValue,
  loadLocalEnv,
  MIGRATIONS_DIR,
  openDatabase,
  redactUrl,
  runScript,
  say,
  shortPath,
  warn,
  type Database,
} from "./lib/dev-db";

async function main(): Promise<number> {
  // A URL given on the command line (`DATABASE_URL=... npm run db:migrate`) beats .env.local,
  // even a DIRECT_URL there.
  const given = { direct: envValue("DIRECT_URL"), url: envValue("DATABASE_URL") };
  const envFile = loadLocalEnv();
  if (envFile) say(`Read ${shortPath(envFile)}.`);

  let database: Database | null;
  const direct = given.direct ?? (given.url ? undefined : envValue("DIRECT_URL"));
  if (direct) {
    database = { url: direct, source: "env", stop: async () => {} };
    say(`Database: ${redactUrl(direct)} (DIRECT_URL)`);
  } else {
    database = await openDatabase({ startCluster: "if-exists" });
    if (!database) {
      warn("DATABASE_URL is not set.");
      warn("Set it (or DIRECT_URL) in the environment or in .env.local, e.g.");
      warn("  DATABASE_URL=postgresql://user:password@host:5432/postgres npm run db:migrate");
      warn("For local development `npm run dev` starts and migrates a database by itself.");
      return 1;
    }
    say(describeDatabase(database));
    if (/[?&]pgbouncer=true/.test(database.url) || /:6543\//.test(database.url)) {
      warn("DATABASE_URL looks like a transaction pooler; set DIRECT_URL (port 5432) for migrations.");
    }
  }

  try {
    const t0 = Date.now();
    const status = await migrate(database.url, MIGRATIONS_DIR);
    const ms = Date.now() - t0;
    if (status.pending.length) {
      say(`Applied ${status.pending.length} migration(s) in ${ms} ms:`);
      for (const name of status.pending) say(`  + ${name}`);
    } else {
      say(`Up to date: all ${status.applied.length} migration(s) were already applied.`);
    }
    return 0;
  } catch (err) {
    if (err instanceof MigrationError) {
      warn(err.message);
      if (database.source !== "env") {
        warn(`The local database is out of date with prisma/migrations; to start it over (its data is lost):`);
        warn(`  rm -rf ${shortPath(clusterDir())}`);
      }
    } else warn(`Could not migrate: ${(err as Error).message}`);
    return 1;
  } finally {
    await database.stop();
  }
}

runScript(main);
