// One Prisma client per process (globalThis survives Next.js hot reloads), on node-postgres.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { env } from "./env";

export function createPrisma(connectionString: string, max = 5): PrismaClient {
  const adapter = new PrismaPg({ connectionString, max });
  return new PrismaClient({ adapter });
}

const globalForPrisma = globalThis as unknown as { heraldPrisma?: PrismaClient };

export function db(): PrismaClient {
  if (!globalForPrisma.heraldPrisma) {
    const e = env();
    globalForPrisma.heraldPrisma = createPrisma(e.DATABASE_URL, e.DATABASE_POOL_MAX);
  }
  return globalForPrisma.heraldPrisma;
}

export type { PrismaClient };
