// One Prisma client per process (globalThis survives Next.js hot reloads), on node-postgres.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { env } from "./env";

// Secrets stay out of every query unless a caller asks for them by name (lib/social/accounts.ts).
const omit = { socialAccount: { credentials: true }, apiKey: { hash: true } } as const;

export function createPrisma(connectionString: string, max = 5) {
  const adapter = new PrismaPg({ connectionString, max });
  return new PrismaClient({ adapter, omit });
}

export type Db = ReturnType<typeof createPrisma>;
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

