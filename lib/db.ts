// One Prisma client per process (globalThis survives Next.js hot reloads), on node-postgres.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client";
import { env } from "./env";

// Secrets stay out of every query unless a caller asks for them by name (lib/social/accounts.ts).
const omit = { socialAccount: { credentials: true }, apiKey: { hash: true } } as const;

const pools = new WeakMap<object, pg.Pool>();

export function createPrisma(connectionString: string, max = 5) {
  const pool = new pg.Pool({ connectionString, max });
  // The client ends the pool when it disconnects, as it would a pool of its own.
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const client = new PrismaClient({ adapter, omit });
  pools.set(client, pool);
  return client;
}

export type Db = ReturnType<typeof createPrisma>;

/**
 * The client's own node-postgres pool, for the few reads that skip Prisma's row decoding
 * (the task list, docs/benchmarks.md §8). They share the client's connections and its limit.
 */
export function poolOf(prisma: Db): pg.Pool {
  const pool = pools.get(prisma);
  if (!pool || pool.ended) throw new Error("This Prisma client has no open pool of its own (it was not made by createPrisma, or it disconnected).");
  return pool;
}
/** The client inside `db().$transaction(async (tx) => …)`: a building block that may run in a caller's transaction takes `Db | Tx`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const globalForPrisma = globalThis as unknown as { heraldPrisma?: Db };

export function db(): Db {
  if (!globalForPrisma.heraldPrisma) {
    const e = env();
    globalForPrisma.heraldPrisma = createPrisma(e.DATABASE_URL, e.DATABASE_POOL_MAX);
  }
  return globalForPrisma.heraldPrisma;
}

