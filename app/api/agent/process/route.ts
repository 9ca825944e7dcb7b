// GET|POST /api/agent/process — the cron endpoint: publish whatever is due, return a summary.
import { withCron, readQuery } from "@/lib/api/handler";
import { processPendingTasks } from "@/lib/agent-scheduler";
import { ProcessQuery } from "@/lib/validation/cron";

// Must equal PROCESS_MAX_DURATION_S in lib/scheduler/budget.ts (the lease derives from it).
export const maxDuration = 300;
export const dynamic = "force-dynamic";

// ?budget=25: a shorter budget for a cron service that hangs up early; ?fanout=0: started by another call.
const run = withCron(async (req) => {
  const { budget, fanout } = readQuery(req, ProcessQuery);
  // On time: tasks falling due while this call may still claim are started at their time. How the
  // call ends is recorded for /api/health (docs/design.md, "Health").
  const summary = await processPendingTasks({ budgetMs: budget === undefined ? undefined : budget * 1000, onTime: true, fanOut: fanout === "1", heartbeat: true });
  return { success: true, ...summary };
});

export const GET = run;
export const POST = run;
