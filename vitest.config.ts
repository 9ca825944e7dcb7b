import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    // HERALD_CANARY=<name> runs only test/canary/<name>.canary.ts, a deliberately failing (or
    // passing) test through this same set-up: scripts/check-test-runner.sh, docs/testing.md.
    include: process.env.HERALD_CANARY ? [`test/canary/${process.env.HERALD_CANARY}.canary.ts`] : ["test/**/*.test.ts"],
    // The real-PDS suite is its own package on Node 22 (test/pds/run.sh).
    exclude: ["test/pds/**", "**/node_modules/**"],
    // One PostgreSQL for the run (embedded, or TEST_DATABASE_URL); a fresh database per file.
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/per-file-db.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { NODE_ENV: "test", LOG_LEVEL: "silent" },
  },
});
