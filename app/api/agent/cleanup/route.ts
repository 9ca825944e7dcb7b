// GET /api/agent/cleanup — daily cron: delete finished tasks older than 30 days, old events, and
// audit entries older than AUDIT_RETENTION_DAYS, every other gathered record past its retention
// (lib/retention.ts), and workspaces whose 30-day deletion grace is over.
import { withCron } from "@/lib/api/handler";
import { cleanupOldTasks } from "@/lib/agent-scheduler";
import { pruneAudit } from "@/lib/audit";
import { purgeDeletedWorkspaces } from "@/lib/gdpr/workspace-deletion";
import { applyRetention } from "@/lib/retention";

export const dynamic = "force-dynamic";

export const GET = withCron(async () => ({
  success: true,
  deleted: {
    ...(await cleanupOldTasks({ days: 30 })),
    auditEvents: await pruneAudit(),
    retention: await applyRetention(),
    workspaces: await purgeDeletedWorkspaces(),
  },
}));
