// GET /api/notifications — the calling member's notifications in this workspace, newest first (?cursor, ?limit), with the unread count.
import { readQuery, withWorkspace } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { listNotifications } from "@/lib/notifications";
import { ListNotificationsQuery } from "@/lib/validation/notifications";
import { NOT_A_MEMBER, memberOf } from "./member";

export const GET = withWorkspace(
  async ({ req, workspaceId, actor }) => ({ success: true, ...(await listNotifications(db(), memberOf(workspaceId, actor), readQuery(req, ListNotificationsQuery))) }),
  { minRole: "viewer", refuseApiKeys: NOT_A_MEMBER },
);
