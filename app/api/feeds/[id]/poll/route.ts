// POST /api/feeds/:id/poll — poll a feed now and answer with what it found (editor); new items become posts as on a scheduled poll.
import { withWorkspace } from "@/lib/api/handler";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { pollFeed } from "@/lib/feeds";

export const POST = withWorkspace(async ({ workspaceId, params }) => ({ success: true, poll: await pollFeed(db(), workspaceId, params.id, clock.now()) }), { minRole: "editor" });
