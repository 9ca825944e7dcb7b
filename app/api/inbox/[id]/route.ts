// GET /api/inbox/:id — one inbox item with its thread and history; PATCH — mark it done / open / hidden, or (un)assign it.
import { readJson, withWorkspace } from "@/lib/api/handler";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { getInboxThread, updateInboxItem } from "@/lib/inbox/queries";
import { UpdateInboxItemInput } from "@/lib/validation/inbox";

export const GET = withWorkspace(async ({ workspaceId, params }) => ({ success: true, ...(await getInboxThread(db(), workspaceId, params.id)) }), { minRole: "viewer" });

export const PATCH = withWorkspace(
  async ({ req, workspaceId, params, actor }) => ({
    success: true,
    item: await updateInboxItem(db(), workspaceId, params.id, { userId: actor.type === "user" ? actor.userId : null }, await readJson(req, UpdateInboxItemInput), clock.now()),
  }),
  { minRole: "editor" },
);
