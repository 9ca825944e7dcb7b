// GET /api/posts/:id — one post with its targets (viewer). PATCH — edit text, overrides, media,
// link, time or accounts of a draft, a post awaiting approval or a scheduled post whose tasks are
// all still pending; 409 with the reason once publishing started (editor). DELETE — forget a post
// that is not being published right now (editor). docs/decisions.md, "Editing a scheduled post".
import { readJson, withWorkspace } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { getPost } from "@/lib/posts";
import { deletePost, editPost } from "@/lib/posting/edit";
import { EditPostInput } from "@/lib/validation/posts";
import { auditFromRoute } from "@/lib/audit";

export const GET = withWorkspace(async ({ workspaceId, params }) => ({
  success: true,
  post: await getPost(workspaceId, params.id),
}), { minRole: "viewer" });

export const PATCH = withWorkspace(async (ctx) => {
  const input = await readJson(ctx.req, EditPostInput);
  const post = await editPost(db(), ctx.workspaceId, ctx.params.id, input, { actor: ctx.actor, role: ctx.role });
  await auditFromRoute(ctx, "post.edited", { target: { type: "post", id: ctx.params.id }, detail: { fields: Object.keys(input) } });
  return { success: true, post };
}, { minRole: "editor" });

export const DELETE = withWorkspace(async (ctx) => {
  const { workspaceId, params } = ctx;
  await deletePost(workspaceId, params.id);
  await auditFromRoute(ctx, "post.deleted", { target: { type: "post", id: params.id } });
  return { success: true, deleted: params.id };
}, { minRole: "editor" });
