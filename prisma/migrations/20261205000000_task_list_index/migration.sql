-- The task list (GET /api/agent/tasks, lib/scheduler/queries.ts listTasks): a workspace's newest
-- tasks first, a page at a time. Without it every page sorted all of the workspace's tasks
-- (46 ms for 20,000; docs/benchmarks.md §8); with it a page is read in index order.
CREATE INDEX "AgentTask_workspaceId_scheduledAt_id_idx" ON "AgentTask"("workspaceId", "scheduledAt", "id");
