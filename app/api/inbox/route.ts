// GET /api/inbox — the workspace's community inbox, newest first (?network, ?account, ?post, ?unanswered, ?sentiment, ?assigned=me, ?status, ?cursor, ?limit), with the open count.
import { readQuery, withWorkspace } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { listInbox } from "@/lib/inbox/queries";
import { ListInboxQuery } from "@/lib/validation/inbox";

export const GET = withWorkspace(
  async ({ req, workspaceId, actor }) => ({
    success: true,
    ...(await listInbox(db(), workspaceId, { userId: actor.type === "user" ? actor.userId : null }, readQuery(req, ListInboxQuery))),
  }),
  { minRole: "viewer" },
);
