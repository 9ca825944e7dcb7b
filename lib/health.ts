// Health: database reachable, migrations current, scheduler lag and stuck leases.
import { db } from "./db";
import { pendingMigrations } from "./db/migrate";
import { clock } from "./clock";

export async function health(now = clock.now()) {
  try {
    const prisma = db();
    const pending = await pendingMigrations((sql) => prisma.$queryRawUnsafe(sql));
    const [lag] = await prisma.$queryRaw<{ oldest: Date | null; due: bigint; expired: bigint }[]>`
      SELECT
        (SELECT min("scheduledAt") FROM "AgentTask" WHERE status = 'pending' AND "scheduledAt" <= ${now}::timestamp) AS oldest,
        (SELECT count(*) FROM "AgentTask" WHERE status = 'pending' AND "scheduledAt" <= ${now}::timestamp) AS due,
        (SELECT count(*) FROM "AgentTask" WHERE status = 'running' AND "leaseExpiresAt" < ${now}::timestamp) AS expired`;
    const lagMs = lag?.oldest ? now.getTime() - new Date(lag.oldest).getTime() : 0;
    const ok = pending.length === 0;
    return {
      ok,
      database: "ok" as const,
      migrations: { current: ok, pending },
      scheduler: { lagMs, due: Number(lag?.due ?? 0), expiredLeases: Number(lag?.expired ?? 0) },
    };
  } catch {
    return { ok: false, database: "unreachable" as const };
  }
}
