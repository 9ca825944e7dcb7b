// Runner check (scripts/check-test-runner.sh): run.sh with this file instead of pds.test.mjs —
// the same Node 22, the same test runner and flags, Herald's adapter loaded the same way — must
// exit non-zero. Never part of the suite.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const { tsImport } = await import(pathToFileURL(path.join(ROOT, "node_modules/tsx/dist/esm/api/index.mjs")).href);
const { rkeyFor } = await tsImport(pathToFileURL(path.join(HERE, "herald.ts")).href, import.meta.url);

test("canary: a record key, asserted wrongly", () => {
  assert.equal(typeof rkeyFor, "function");
  assert.equal(rkeyFor("task-1"), "not a record key");
});
