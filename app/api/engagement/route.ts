// GET|POST /api/engagement — a post's engagement per platform (?postId=), or collect it now ({ postId }).
import { readJson, readQuery, withWorkspace } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { collectNow, postEngagement } from "@/lib/engagement";
import { EngagementPostRef } from "@/lib/validation/engagement";

export const GET = withWorkspace(async ({ req, workspaceId }) => ({
  success: true,
  targets: await postEngagement(db(), workspaceId, readQuery(req, EngagementPostRef).postId),
}));

export const POST = withWorkspace(
  async ({ req, workspaceId }) => {
    const { postId } = await readJson(req, EngagementPostRef);
    return Response.json({ success: true, ...(await collectNow(db(), workspaceId, postId)) }, { status: 202 });
  },
  { minRole: "editor" },
);
