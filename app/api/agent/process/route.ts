// GET|POST /api/agent/process — the cron endpoint: publish whatever is due, return a summary.
import { z } from "zod";
import { withCron, readQuery } from "@/lib/api/handler";
import { processPendingTasks } from "@/lib/agent-scheduler";

// Must equal PROCESS_MAX_DURATION_S in lib/scheduler/budget.ts (the lease derives from it).
export const maxDuration = 300;
export const dynamic = "force-dynamic";

// cron-job.org closes the request after 30 s: it can ask for a shorter budget (?budget=25).
const Query = z.object({ budget: z.coerce.number().int().min(1).max(800).optional() });

const run = withCron(async (req) => {
  const { budget } = readQuery(req, Query);
  const summary = await processPendingTasks({ budgetMs: budget === undefined ? undefined : budget * 1000 });
  return { success: true, ...summary };
});

export const GET = run;
export const POST = run;
