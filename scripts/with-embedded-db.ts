// Runs a command with TEST_DATABASE_URL pointing at a throw-away embedded PostgreSQL, then stops
// the server and exits with the command's own exit code. The runner check uses it to prove that
// `vitest run` fails properly on an external database too (scripts/check-test-runner.sh).
//   node --import tsx scripts/with-embedded-db.ts npx vitest run
import { spawn } from "node:child_process";
import { startEmbeddedPostgres } from "../lib/db/embedded";

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error("usage: with-embedded-db.ts COMMAND [ARGS...]");
  process.exit(2);
}
const server = await startEmbeddedPostgres({ persistent: false });
const child = spawn(cmd, args, { stdio: "inherit", env: { ...process.env, TEST_DATABASE_URL: server.url("postgres") } });
const code = await new Promise<number>((resolve) => {
  child.once("error", (err) => {
    console.error(`with-embedded-db: ${err.message}`);
    resolve(127);
  });
  child.once("exit", (c, signal) => resolve(c ?? (signal ? 128 : 1)));
});
await server.stop();
process.exit(code);
