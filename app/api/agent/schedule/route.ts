// POST /api/agent/schedule — schedule a post (one task per account) or an engagement collection (editor); an editor's post waits for approval when the workspace requires it.
import { withWorkspace, readJson } from "@/lib/api/handler";
import { scheduleForCaller } from "@/lib/approval";
import { ScheduleTaskInput } from "@/lib/validation/tasks";

export const POST = withWorkspace(async ({ req, workspaceId, role, actor }) => {
  const input = await readJson(req, ScheduleTaskInput);
  const r = await scheduleForCaller(workspaceId, input, { role, actor });
  return Response.json(
    { success: true, duplicate: r.duplicate, postId: r.postId, approvalState: r.approvalState, task: r.tasks[0], tasks: r.tasks, ...(r.compliance && { compliance: r.compliance }) },
    { status: r.duplicate ? 200 : 201 },
  );
}, { minRole: "editor" });
