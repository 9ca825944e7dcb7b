// POST /api/agent/variants — schedule A/B variants of a post (editor): over posting slots (each to
// every chosen account) or over accounts (same time); approval rules apply as to any post.
import { readJson, withWorkspace } from "@/lib/api/handler";
import { scheduleVariants } from "@/lib/ai/variants";
import { ScheduleVariantsInput } from "@/lib/validation/ai";

export const POST = withWorkspace(async ({ req, workspaceId, role, actor }) => {
  const r = await scheduleVariants(workspaceId, await readJson(req, ScheduleVariantsInput), { role, actor });
  return Response.json({ success: true, ...r }, { status: 201 });
}, { minRole: "editor" });
