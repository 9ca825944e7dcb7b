// POST /api/notifications/read — marks the calling member's notifications read: { ids } or { all: true }.
import { readJson, withWorkspace } from "@/lib/api/handler";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { markRead } from "@/lib/notifications";
import { MarkReadInput } from "@/lib/validation/notifications";
import { NOT_A_MEMBER, memberOf } from "../member";

export const POST = withWorkspace(
  async ({ req, workspaceId, actor }) => ({ success: true, ...(await markRead(db(), memberOf(workspaceId, actor), await readJson(req, MarkReadInput), clock.now())) }),
  { minRole: "viewer", refuseApiKeys: NOT_A_MEMBER },
);
