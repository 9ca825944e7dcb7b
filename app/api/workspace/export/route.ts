// GET /api/workspace/export — the whole workspace as a zip archive (GDPR, docs/decisions.md "GDPR
// export"): every table's rows as JSON lines, the media files, the members. Signed-in admins only:
// the archive holds customers' personal data, more than a leaked API key should be able to take.
import { withWorkspace } from "@/lib/api/handler";
import { auditFromRoute } from "@/lib/audit";
import { exportWorkspace } from "@/lib/gdpr/export";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const GET = withWorkspace(
  async (ctx) => {
    const archive = await exportWorkspace(ctx.workspaceId);
    await auditFromRoute(ctx, "export.workspace");
    return new Response(archive.stream, {
      headers: {
        "content-type": "application/zip",
        "content-disposition": `attachment; filename="${archive.filename}"`,
        "cache-control": "private, no-store",
      },
    });
  },
  { minRole: "admin", refuseApiKeys: "Exporting the whole workspace needs a signed-in admin; an API key cannot do it." },
);
