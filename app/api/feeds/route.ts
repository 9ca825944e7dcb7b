// GET|POST /api/feeds — list the workspace's RSS/Atom feeds with their last poll and recent posts, or follow a new one (editor); the first poll only records the feed's items unless backfill asks for the newest N (docs/decisions.md, "RSS feeds").
import { readJson, withWorkspace } from "@/lib/api/handler";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { createFeed, CreateFeedInput, listFeeds } from "@/lib/feeds";

export const GET = withWorkspace(async ({ workspaceId }) => ({ success: true, feeds: await listFeeds(db(), workspaceId) }));

export const POST = withWorkspace(async ({ req, workspaceId, role, actor }) => {
  const input = await readJson(req, CreateFeedInput);
  const { feed, poll } = await createFeed(db(), workspaceId, input, { role, actor }, clock.now());
  return Response.json({ success: true, feed, poll }, { status: 201 });
}, { minRole: "editor" });
