// GET /api/analytics?from=&to=&interval=day|week|month&platform=&accountId=&campaignId= — what the
// workspace's published posts earned: totals, a series per network, per network, account and
// campaign, and the top posts (viewer). &format=csv: one row per published target, for a
// spreadsheet. docs/decisions.md, "Analytics".
import { readQuery, withWorkspace } from "@/lib/api/handler";
import { analytics, analyticsCsv, AnalyticsQuery } from "@/lib/analytics";
import { db } from "@/lib/db";
import { auditFromRoute } from "@/lib/audit";

export const GET = withWorkspace(async (ctx) => {
  const { req, workspaceId } = ctx;
  const q = readQuery(req, AnalyticsQuery);
  if (q.format === "csv") {
    const csv = await analyticsCsv(db(), workspaceId, q);
    await auditFromRoute(ctx, "export.analytics", { detail: { from: q.from, to: q.to } });
    return new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="herald-analytics.csv"`,
        "cache-control": "private, no-store",
      },
    });
  }
  return { success: true, ...(await analytics(db(), workspaceId, q)) };
}, { minRole: "viewer" });
