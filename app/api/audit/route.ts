// GET /api/audit?action=&actorId=&from=&to=&cursor=&limit= — the workspace's audit log, newest
// first (admin). &format=csv: the whole filtered log as a download, itself recorded as an export.
// docs/decisions.md, "Audit log".
import { readQuery, withWorkspace } from "@/lib/api/handler";
import { auditCsv, auditFromRoute, listAudit } from "@/lib/audit";
import { AuditQueryInput } from "@/lib/validation/audit";

export const dynamic = "force-dynamic";

export const GET = withWorkspace(async (ctx) => {
  const { format, cursor, limit, ...filters } = readQuery(ctx.req, AuditQueryInput);
  if (format === "csv") {
    const csv = await auditCsv(ctx.workspaceId, filters);
    await auditFromRoute(ctx, "export.audit", { detail: { filters: { ...filters } } });
    return new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="herald-audit-log.csv"`,
        "cache-control": "private, no-store",
      },
    });
  }
  return { success: true, ...(await listAudit(ctx.workspaceId, { ...filters, cursor, limit })) };
}, { minRole: "admin" });
