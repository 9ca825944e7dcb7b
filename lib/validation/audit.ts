// GET /api/audit's query (docs/decisions.md, "Audit log").
import { z } from "zod";
import { AUDIT_ACTIONS } from "../audit";

export const AuditQueryInput = z
  .object({
    action: z.enum(AUDIT_ACTIONS, { error: () => `action must be one of: ${AUDIT_ACTIONS.join(", ")}.` }).optional(),
    actorId: z.string().min(1).max(100).optional(),
    from: z.iso.datetime({ offset: true, error: "from must be an ISO 8601 time, e.g. 2026-01-31T00:00:00Z." }).transform((s) => new Date(s)).optional(),
    to: z.iso.datetime({ offset: true, error: "to must be an ISO 8601 time, e.g. 2026-02-01T00:00:00Z." }).transform((s) => new Date(s)).optional(),
    cursor: z.string().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    format: z.enum(["json", "csv"], { error: () => "format must be json or csv." }).default("json"),
  })
  .strict();
export type AuditQueryInput = z.infer<typeof AuditQueryInput>;
