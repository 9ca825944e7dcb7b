// POST /api/agent/schedule — schedule a post (one task per account) or an engagement collection (editor); an editor's post waits for approval when the workspace requires it; a post due now starts publishing right after the response (unless the workspace's publishing is paused: publishingPaused says so).
import { withWorkspace, readJson } from "@/lib/api/handler";
import { scheduleAndAnswer } from "@/lib/posting/schedule-answer";
import { ScheduleTaskInput } from "@/lib/validation/tasks";

// Publishing after the response lives as long as the route: the scheduler's maxDuration
// (PROCESS_MAX_DURATION_S in lib/scheduler/budget.ts; test/unit/backoff.test.ts checks).
export const maxDuration = 300;

export const POST = withWorkspace(async ({ req, workspaceId, role, actor }) => {
  const input = await readJson(req, ScheduleTaskInput);
  const r = await scheduleAndAnswer(workspaceId, input, { role, actor });
  return Response.json(r.body, { status: r.duplicate ? 200 : 201 });
}, { minRole: "editor" });
