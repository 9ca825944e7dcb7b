// GET /api/workspace/next-slot?accountIds=a,b — the next weekly posting slot no scheduled post of these accounts (or the workspace) uses.
import { readQuery, withWorkspace } from "@/lib/api/handler";
import { NextSlotQuery } from "@/lib/validation/workspace-settings";
import { nextSlotFor } from "@/lib/workspace-settings";

export const GET = withWorkspace(async ({ req, workspaceId }) => {
  const { accountIds } = readQuery(req, NextSlotQuery);
  return { success: true, ...(await nextSlotFor(workspaceId, accountIds)) };
}, { minRole: "viewer" });
