// Runs `prisma generate` on install. The Prisma CLI wants its native schema engine at start-up
// even though generate never uses it; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file
// stops it from trying to download one (which fails on machines without internet access).
import { spawnSync } from "node:child_process";

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE ??= "1";
const r = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], {
  stdio: "inherit",
  env,
});
process.exit(r.status ?? 1);
