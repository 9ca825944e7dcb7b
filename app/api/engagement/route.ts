// GET|POST /api/engagement — a post's engagement per platform (?postId=), or collect it now ({ postId }).
import { z } from "zod";
import { readJson, readQuery, withWorkspace } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { collectNow, postEngagement } from "@/lib/engagement";

const PostRef = z.object({ postId: z.string().min(1).max(100) }).strict();

export const GET = withWorkspace(async ({ req, workspaceId }) => ({
  success: true,
  targets: await postEngagement(db(), workspaceId, readQuery(req, PostRef).postId),
}));

export const POST = withWorkspace(
  async ({ req, workspaceId }) => {
    const { postId } = await readJson(req, PostRef);
    return Response.json({ success: true, ...(await collectNow(db(), workspaceId, postId)) }, { status: 202 });
  },
  { minRole: "editor" },
);
