// POST /api/agent/schedule — schedule a post (one task per account) or an engagement collection (editor); an editor's post waits for approval when the workspace requires it; a post due now starts publishing right after the response (unless the workspace's publishing is paused: publishingPaused says so).
import { withWorkspace, readJson } from "@/lib/api/handler";
import { processDueAfterResponse } from "@/lib/agent-scheduler";
import { scheduleForCaller } from "@/lib/approval";
import { db } from "@/lib/db";
import { ScheduleTaskInput } from "@/lib/validation/tasks";

// Publishing after the response lives as long as the route: the scheduler's maxDuration
// (PROCESS_MAX_DURATION_S in lib/scheduler/budget.ts; test/unit/backoff.test.ts checks).
export const maxDuration = 300;

export const POST = withWorkspace(async ({ req, workspaceId, role, actor }) => {
  const input = await readJson(req, ScheduleTaskInput);
  const r = await scheduleForCaller(workspaceId, input, { role, actor });
  if (!r.duplicate) processDueAfterResponse(workspaceId, r.tasks);
  // While the emergency stop is on nothing goes out: the composer says so instead of "Publishing now".
  const paused = await db().workspace.findUnique({ where: { id: workspaceId }, select: { publishingPausedAt: true } });
  return Response.json(
    {
      success: true,
      duplicate: r.duplicate,
      postId: r.postId,
      approvalState: r.approvalState,
      publishingPaused: paused?.publishingPausedAt != null,
      task: r.tasks[0],
      tasks: r.tasks,
      ...(r.compliance && { compliance: r.compliance }),
    },
    { status: r.duplicate ? 200 : 201 },
  );
}, { minRole: "editor" });
