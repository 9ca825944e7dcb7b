// zod schema of the cron endpoint's query (GET|POST /api/agent/process).
import { z } from "zod";

// cron-job.org closes the request after 30 s: it can ask for a shorter budget (?budget=25).
// A call started by another call's fan-out says so (?fanout=0) and starts no more.
export const ProcessQuery = z.object({
  budget: z.coerce.number().int().min(1).max(800).optional(),
  fanout: z.enum(["0", "1"]).default("1"),
});
export type ProcessQuery = z.infer<typeof ProcessQuery>;
