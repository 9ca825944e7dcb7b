// `npm run workspace:create -- --name "Acme" --time-zone Europe/Berlin`: creates a workspace and
// an API key on DATABASE_URL (environment or .env.local; without one, the local cluster of
// `npm run dev` in .data/pg if it exists). The key is printed once and stored only as a hash.
import { parseArgs } from "node:util";
import { DateTime } from "luxon";
import { createApiKey, createWorkspace } from "../lib/auth/api-keys";
import { db } from "../lib/db";
import { describeDatabase, fillScriptSecrets, loadLocalEnv, openDatabase, runScript, say, shortPath, warn } from "./lib/dev-db";

const USAGE = `Usage: npm run workspace:create -- --name <name> [--time-zone <IANA zone>] [--key-name <label>]

  --name        the workspace's name, e.g. "Acme Bakery" (required)
  --time-zone   IANA time zone for wall-clock schedules, e.g. Europe/Berlin (default: UTC)
  --key-name    a label for the API key (default: "default")

Example: npm run workspace:create -- --name "Acme" --time-zone Europe/Berlin`;

function usage(problem: string): never {
  console.error(`[herald] ${problem}\n\n${USAGE}`);
  process.exit(2);
}

interface Args {
  name: string;
  timeZone: string;
  keyName: string;
}

function readArgs(argv: string[]): Args {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        name: { type: "string" },
        "time-zone": { type: "string" },
        "key-name": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    usage((err as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const name = values.name?.trim();
  if (!name) usage("--name is required.");
  if (name.length > 200) usage("--name is too long (200 characters at most).");
  const timeZone = values["time-zone"]?.trim() || "UTC";
  if (!DateTime.local().setZone(timeZone).isValid) {
    usage(`Unknown time zone "${timeZone}": use an IANA name such as Europe/Berlin or America/New_York.`);
  }
  const keyName = values["key-name"]?.trim() || "default";
  return { name, timeZone, keyName };
}

async function main(): Promise<number> {
  const args = readArgs(process.argv.slice(2));
  const envFile = loadLocalEnv();
  if (envFile) say(`Read ${shortPath(envFile)}.`);

  const database = await openDatabase({ startCluster: "if-exists" });
  if (!database) {
    warn("DATABASE_URL is not set and there is no local database yet.");
    warn("Set DATABASE_URL (environment or .env.local), or run `npm run dev` once to create the local one.");
    return 1;
  }
  say(describeDatabase(database));

  process.env.DATABASE_URL = database.url;
  fillScriptSecrets();

  try {
    const ws = await createWorkspace({ name: args.name, timeZone: args.timeZone });
    const key = await createApiKey(ws.id, args.keyName);
    say(`Created workspace "${ws.name}" (time zone ${ws.timeZone}).`);
    console.log("");
    console.log(`  Workspace id: ${ws.id}`);
    console.log(`  API key:      ${key.key}`);
    console.log("");
    say("The key is shown only this once; store it now. Send it as `Authorization: Bearer <key>`.");
    return 0;
  } catch (err) {
    const msg = (err as Error).message;
    warn(`Could not create the workspace: ${msg}`);
    if (/relation .* does not exist|does not exist in the current database/i.test(msg)) {
      warn("The database has no tables yet: run `npm run db:migrate` first.");
    }
    return 1;
  } finally {
    try {
      await db().$disconnect();
    } catch {
      // never connected (e.g. the configuration was invalid)
    }
    await database.stop();
  }
}

runScript(main);
