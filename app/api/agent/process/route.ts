// GET|POST /api/agent/process — the cron endpoint: publish whatever is due, return a summary.
import { z } from "zod";
import { withCron, readQuery } from "@/lib/api/handler";
import { processPendingTasks } from "@/lib/agent-scheduler";

// Must equal PROCESS_MAX_DURATION_S in lib/scheduler/budget.ts (the lease derives from it).
export const maxDuration = 300;
export const dynamic = "force-dynamic";

// cron-job.org closes the request after 30 s: it can ask for a shorter budget (?budget=25).
// A call started by another call's fan-out says so (?fanout=0) and starts no more.
const Query = z.object({
  budget: z.coerce.number().int().min(1).max(800).optional(),
  fanout: z.enum(["0", "1"]).default("1"),
});

const run = withCron(async (req) => {
  const { budget, fanout } = readQuery(req, Query);
  // On time: tasks falling due while this call may still claim are started at their time. How the
  // call ends is recorded for /api/health (docs/design.md, "Health").
  const summary = await processPendingTasks({ budgetMs: budget === undefined ? undefined : budget * 1000, onTime: true, fanOut: fanout === "1", heartbeat: true });
  return { success: true, ...summary };
});

export const GET = run;
export const POST = run;
