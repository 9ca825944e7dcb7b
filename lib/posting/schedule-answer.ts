// The answer of POST /api/agent/schedule, shared by the route and the MCP server's schedule_post:
// schedule for the caller (held for approval when the workspace says so), start what is due now
// after the response, and say whether the emergency stop will keep it waiting.
import { processDueAfterResponse } from "../agent-scheduler";
import { scheduleForCaller, type Caller } from "../approval";
import { db } from "../db";
import type { ScheduleTaskInput } from "../validation/tasks";

export async function scheduleAndAnswer(workspaceId: string, input: ScheduleTaskInput, caller: Caller) {
  const r = await scheduleForCaller(workspaceId, input, caller);
  if (!r.duplicate) processDueAfterResponse(workspaceId, r.tasks);
  // While the emergency stop is on nothing goes out: the composer says so instead of "Publishing now".
  const paused = await db().workspace.findUnique({ where: { id: workspaceId }, select: { publishingPausedAt: true } });
  return {
    duplicate: r.duplicate,
    body: {
      success: true,
      duplicate: r.duplicate,
      postId: r.postId,
      approvalState: r.approvalState,
      publishingPaused: paused?.publishingPausedAt != null,
      task: r.tasks[0],
      tasks: r.tasks,
      ...(r.compliance && { compliance: r.compliance }),
    },
  };
}
