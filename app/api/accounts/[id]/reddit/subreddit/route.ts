// GET /api/accounts/:id/reddit/subreddit?name=<subreddit> — what the Reddit account may post in that subreddit (exists, link and text posts, flair required, its flairs), for the composer (viewer).
import { readQuery, withWorkspace } from "@/lib/api/handler";
import { subredditRulesFor } from "@/lib/compose";
import { db } from "@/lib/db";
import { SubredditQuery } from "@/lib/validation/compose";

export const GET = withWorkspace(async ({ req, workspaceId, params }) => {
  const { name } = readQuery(req, SubredditQuery);
  return { success: true, ...(await subredditRulesFor(db(), workspaceId, params.id, name)) };
}, { minRole: "viewer" });
