// Presence: the dashboard sends a heartbeat while it is open, so Herald knows whether anyone is
// watching a workspace (the client polls faster while active; see GET /api/client-config).
import type { Db } from "./db";
import { clock } from "./clock";

export async function recordHeartbeat(prisma: Db, workspaceId: string, userId: string, now = clock.now()): Promise<void> {
  await prisma.presence.upsert({
    where: { workspaceId_userId: { workspaceId, userId } },
    create: { workspaceId, userId, lastSeenAt: now },
    update: { lastSeenAt: now },
  });
}

/** How many people had the workspace open within the idle threshold. */
export function activeClients(prisma: Db, workspaceId: string, idleThresholdMs: number, now = clock.now()): Promise<number> {
  return prisma.presence.count({ where: { workspaceId, lastSeenAt: { gt: new Date(now.getTime() - idleThresholdMs) } } });
}
