// `npm run credentials:rotate`: re-encrypts every stored credential with CREDENTIALS_KEY, reading
// what the previous key sealed with CREDENTIALS_KEY_PREVIOUS (docs/decisions.md, "Credential key
// rotation"). Safe to run again, and while Herald runs: a row changed meanwhile is left to the
// writer, who sealed it with the current key. Prints counts and the ids of rows no key opens —
// never a credential. DATABASE_URL (or DIRECT_URL) from the environment or .env.local.
import { rotateCredentials } from "../lib/credentials-rotation";
import { db } from "../lib/db";
import { describeDatabase, envValue, fillScriptSecrets, loadLocalEnv, openDatabase, runScript, say, shortPath, warn } from "./lib/dev-db";

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
  fillScriptSecrets();
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

runScript(main);
