// GET /api/agent/tasks — the workspace's tasks, filtered (status, type, platform, from, to) and paginated (viewer).
import { withWorkspace, readQuery } from "@/lib/api/handler";
import { getAllScheduledTasksJson } from "@/lib/agent-scheduler";
import { ListTasksQuery } from "@/lib/validation/tasks";

export const GET = withWorkspace(async ({ req, workspaceId }) => {
  // The page comes as JSON text from the database (lib/scheduler/queries.ts): `{"tasks":…}`.
  const page = await getAllScheduledTasksJson(workspaceId, readQuery(req, ListTasksQuery));
  return new Response(`{"success":true,${page.slice(1)}`, { headers: { "content-type": "application/json" } });
}, { minRole: "viewer" });
