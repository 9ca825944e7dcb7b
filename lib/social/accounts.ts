// Loads an account as adapters see it: credentials decrypted, simulation settings parsed.
import type { Db } from "../db";
import { decryptJson } from "../crypto";
import { SimulationSchema } from "../validation/simulation";
import type { AccountContext } from "./types";

export interface LoadedAccount extends AccountContext {
  status: "active" | "needs_reconnect" | "disabled";
}

export async function loadAccount(
  prisma: Db,
  workspaceId: string,
  accountId: string,
  taskSimulation?: unknown,
): Promise<LoadedAccount | null> {
  const a = await prisma.socialAccount.findFirst({ where: { id: accountId, workspaceId }, omit: { credentials: false } });
  if (!a) return null;
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
