// Scenarios 7 and 8 run the app's own code (route handlers, lib/) against a bench database: this
// points lib/env and lib/db at it. lib/db keeps one client per process, so it is dropped first.
import type { Db } from "../lib/db";

/** Sets DATABASE_URL (and `vars`), with stand-in secrets unless real ones are set, for lib/. */
export async function pointAppAt(url: string, vars: Record<string, string> = {}): Promise<void> {
  Object.assign(process.env, {
    DATABASE_URL: url,
    CRON_SECRET: process.env.CRON_SECRET ?? "bench-cron-secret-0123456789",
    BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET ?? "bench-auth-secret-0123456789abcdef0123456789",
    ...vars,
  });
  const { resetEnvCache } = await import("../lib/env");
  resetEnvCache();
  await forgetAppDb();
}

/** Disconnects and forgets lib/db's client; the next db() connects to DATABASE_URL. */
export async function forgetAppDb(): Promise<void> {
  const g = globalThis as unknown as { heraldPrisma?: Db };
  await g.heraldPrisma?.$disconnect();
  delete g.heraldPrisma;
}
