// POST /api/posts/:id/approve — approve a post waiting for approval: its tasks are created and it will publish, at once when it is due (admin).
import { withWorkspace } from "@/lib/api/handler";
import { processDueAfterResponse } from "@/lib/agent-scheduler";
import { approvePost } from "@/lib/approval";
import { auditFromRoute } from "@/lib/audit";

// As long as a process call may live (PROCESS_MAX_DURATION_S; test/unit/backoff.test.ts checks).
export const maxDuration = 300;

export const POST = withWorkspace(async (ctx) => {
  const { workspaceId, params, actor } = ctx;
  const post = await approvePost(workspaceId, params.id, actor);
  await auditFromRoute(ctx, "post.approved", { target: { type: "post", id: params.id } });
  processDueAfterResponse(workspaceId, post.targets.flatMap((t) => (t.task ? [t.task] : [])));
  return { success: true, post };
}, { minRole: "admin" });
