// GET /api/agent/cleanup — daily cron: delete finished tasks older than 30 days and old events.
import { withCron } from "@/lib/api/handler";
import { cleanupOldTasks } from "@/lib/agent-scheduler";

export const dynamic = "force-dynamic";

export const GET = withCron(async () => ({ success: true, deleted: await cleanupOldTasks({ days: 30 }) }));
