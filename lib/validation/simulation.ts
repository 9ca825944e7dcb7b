// Simulation knobs, shared by account settings and a task's config.simulate.
import { z } from "zod";

export const SimulationSchema = z.object({
  failRate: z.number().min(0).max(1).default(0),
  failureClass: z.enum(["transient", "rate_limited", "auth", "permanent", "in_doubt"]).default("transient"),
  latencyMs: z.number().int().min(0).max(120_000).default(0),
  retryAfterS: z.number().int().min(1).max(86_400).optional(),
  unverifiable: z.boolean().optional(),
});
