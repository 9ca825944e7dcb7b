// POST /api/posts/bulk — reschedule, cancel or delete up to 100 posts; each post on its own, so
// one that already started publishing (409) stops none of the others (editor).
import { readJson, withWorkspace } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { bulkPosts } from "@/lib/posting/edit";
import { BulkPostsInput } from "@/lib/validation/posts";

export const POST = withWorkspace(async ({ req, workspaceId, actor, role }) => ({
  success: true,
  results: await bulkPosts(db(), workspaceId, await readJson(req, BulkPostsInput), { actor, role }),
}), { minRole: "editor" });
