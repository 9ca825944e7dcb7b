// GET /api/agent/tasks/throughput — finished attempts per hour (completed, failed, retried) for the last `hours` (default 48) (admin).
import { readQuery, withWorkspace } from "@/lib/api/handler";
import { taskThroughput } from "@/lib/posts";
import { ThroughputQuery } from "@/lib/validation/posts";

export const GET = withWorkspace(async ({ req, workspaceId }) => ({
  success: true,
  ...(await taskThroughput(workspaceId, readQuery(req, ThroughputQuery))),
}), { minRole: "admin" });
