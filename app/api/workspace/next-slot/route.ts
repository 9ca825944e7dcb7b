// GET /api/workspace/next-slot?accountIds=a,b&strategy=next|best — the next (or best-scoring) weekly posting slot no scheduled post of these accounts (or the workspace) uses.
import { readQuery, withWorkspace } from "@/lib/api/handler";
import { NextSlotQuery } from "@/lib/validation/workspace-settings";
import { nextSlotFor } from "@/lib/workspace-settings";
import { clock } from "@/lib/clock";

export const GET = withWorkspace(async ({ req, workspaceId }) => {
  const { accountIds, strategy } = readQuery(req, NextSlotQuery);
  return { success: true, ...(await nextSlotFor(workspaceId, accountIds, clock.now(), strategy)) };
}, { minRole: "viewer" });
