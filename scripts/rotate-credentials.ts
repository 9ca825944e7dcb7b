// `npm run credentials:rotate`: re-encrypts every stored credential with CREDENTIALS_KEY, reading
// what the previous key sealed with CREDENTIALS_KEY_PREVIOUS (docs/decisions.md, "Credential key
// rotation"). Safe to run again, and while Herald runs: a row changed meanwhile is left to the
// writer, who sealed it with the current key. Prints counts and the ids of rows no key opens —
// never a credential. DATABASE_URL (or DIRECT_URL) from the environment or .env.local.
import { randomBytes } from "node:crypto";
import { rotateCredentials } from "../lib/credentials-rotation";
import { db } from "../lib/db";
import { describeDatabase, envValue, loadLocalEnv, openDatabase, say, shortPath, warn } from "./lib/dev-db";

async function main(): Promise<number> {
  const envFile = loadLocalEnv();
  if (envFile) say(`Read ${shortPath(envFile)}.`);
  if (!envValue("CREDENTIALS_KEY")) {
    warn("CREDENTIALS_KEY is not set: set the new key there and the old one as CREDENTIALS_KEY_PREVIOUS.");
    return 2;
  }
  const database = await openDatabase({ startCluster: "if-exists" });
  if (!database) {
    warn("DATABASE_URL is not set and there is no local database.");
    return 1;
  }
  say(describeDatabase(database));
  process.env.DATABASE_URL = database.url;
  // lib/env validates the whole configuration; this script serves no cron calls and signs nobody in.
  process.env.CRON_SECRET ??= randomBytes(24).toString("hex");
  process.env.BETTER_AUTH_SECRET ??= randomBytes(32).toString("hex");
  try {
    const r = await rotateCredentials(db());
    say(`Re-encrypted ${r.rotated}; already on the current key ${r.current}; changed meanwhile (already current) ${r.raced}.`);
    if (r.unreadable.length) {
      warn(`${r.unreadable.length} could not be opened with CREDENTIALS_KEY or CREDENTIALS_KEY_PREVIOUS and were left as they are:`);
      for (const id of r.unreadable) warn(`  ${id}`);
      warn("Set the key that sealed them as CREDENTIALS_KEY_PREVIOUS and run this again, or reconnect those accounts.");
      return 1;
    }
    say("Every credential is sealed with CREDENTIALS_KEY; CREDENTIALS_KEY_PREVIOUS can be removed.");
    return 0;
  } finally {
    await db().$disconnect().catch(() => {});
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    warn((err as Error).message);
    process.exit(1);
  },
);
