// POST /api/agent/schedule — schedule a post (one task per account) or an engagement collection (editor).
import { withWorkspace, readJson } from "@/lib/api/handler";
import { scheduleAgentTask } from "@/lib/agent-scheduler";
import { ScheduleTaskInput } from "@/lib/validation/tasks";

export const POST = withWorkspace(async ({ req, workspaceId }) => {
  const input = await readJson(req, ScheduleTaskInput);
  const r = await scheduleAgentTask(workspaceId, input);
  return Response.json(
    { success: true, duplicate: r.duplicate, postId: r.postId, task: r.tasks[0], tasks: r.tasks },
    { status: r.duplicate ? 200 : 201 },
  );
}, { minRole: "editor" });
