// GET /api/agent/best-times?accountId=&platform= — best weekday/hour slots to post in the workspace's zone, learned from its engagement history.
import { BestTimesQuery, bestTimes, nextBestTimes } from "@/lib/ai/best-time";
import { readQuery, withWorkspace } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { clock } from "@/lib/clock";

export const GET = withWorkspace(async ({ req, workspaceId }) => {
  const query = readQuery(req, BestTimesQuery);
  const now = clock.now();
  const bt = await bestTimes(db(), workspaceId, { ...query, now });
  return {
    success: true,
    timeZone: bt.timeZone,
    source: bt.source,
    sampleSize: bt.sampleSize,
    top: bt.top,
    next: nextBestTimes(bt, now, 3).map((d) => d.toISOString()),
    grid: bt.grid,
  };
}, { minRole: "viewer" });
