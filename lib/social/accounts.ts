// Loads an account as adapters see it: credentials decrypted, simulation settings parsed.
import type { Db } from "../db";
import { decryptJson } from "../crypto";
import { SimulationSchema } from "../validation/simulation";
import type { AccountContext } from "./types";

export interface LoadedAccount extends AccountContext {
  status: "active" | "needs_reconnect" | "disabled";
}

type AccountRow = NonNullable<Awaited<ReturnType<typeof findOne>>>;

function findOne(prisma: Db, workspaceId: string, accountId: string) {
  return prisma.socialAccount.findFirst({ where: { id: accountId, workspaceId }, omit: { credentials: false } });
}

function loaded(a: AccountRow, taskSimulation?: unknown): LoadedAccount {
  const sim = SimulationSchema.safeParse(taskSimulation ?? a.simulation ?? {});
  return {
    id: a.id,
    workspaceId: a.workspaceId,
    platform: a.platform,
    handle: a.handle,
    status: a.status,
    credentials: a.credentials ? decryptJson<Record<string, string>>(a.credentials) : null,
    simulation: sim.success ? sim.data : null,
  };
}

export async function loadAccount(
  prisma: Db,
  workspaceId: string,
  accountId: string,
  taskSimulation?: unknown,
): Promise<LoadedAccount | null> {
  const a = await findOne(prisma, workspaceId, accountId);
  return a ? loaded(a, taskSimulation) : null;
}

/** Several of a workspace's accounts in one query, by id; ids it does not have are left out. */
export async function loadAccounts(prisma: Db, workspaceId: string, ids: readonly string[]): Promise<Map<string, LoadedAccount>> {
  if (ids.length === 0) return new Map();
  const rows = await prisma.socialAccount.findMany({ where: { workspaceId, id: { in: [...ids] } }, omit: { credentials: false } });
  return new Map(rows.map((a) => [a.id, loaded(a)]));
}
