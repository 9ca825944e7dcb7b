// POST /api/agent/tasks/:id/retry — run a failed, cancelled or needs-review task again, now (editor): it starts right after the response.
import { withWorkspace } from "@/lib/api/handler";
import { processDueAfterResponse, retryScheduledTask } from "@/lib/agent-scheduler";

// As long as a process call may live (PROCESS_MAX_DURATION_S; test/unit/backoff.test.ts checks).
export const maxDuration = 300;

export const POST = withWorkspace(async ({ workspaceId, params }) => {
  const task = await retryScheduledTask(workspaceId, params.id);
  processDueAfterResponse(workspaceId, [task]);
  return { success: true, task };
}, { minRole: "editor" });
