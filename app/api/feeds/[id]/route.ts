// PATCH|DELETE /api/feeds/:id — change a feed (accounts, template, AI, approval hold, on/off) or stop following it (editor); posts it made stay.
import { readJson, withWorkspace } from "@/lib/api/handler";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { deleteFeed, updateFeed, UpdateFeedInput } from "@/lib/feeds";

export const PATCH = withWorkspace(async ({ req, workspaceId, params, role, actor }) => {
  const input = await readJson(req, UpdateFeedInput);
  return { success: true, feed: await updateFeed(db(), workspaceId, params.id, input, { role, actor }, clock.now()) };
}, { minRole: "editor" });

export const DELETE = withWorkspace(async ({ workspaceId, params }) => ({ success: true, feed: await deleteFeed(db(), workspaceId, params.id) }), { minRole: "editor" });
