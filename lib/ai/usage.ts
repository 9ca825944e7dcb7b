// Tokens and estimated cost of every model call, per workspace, and the monthly cap that stops
// generation. The month is the workspace's calendar month in its own time zone.
import { DateTime } from "luxon";
import type { Db } from "../db";
import { HeraldError } from "../errors";
import { AiError, aiConfig } from "./client";
import { clock } from "../clock";

export interface UsageRecord {
  workspaceId: string;
  operation: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  costMicros: number;
  simulated: boolean;
  outcome: "ok" | "repaired" | "invalid" | "refused" | "rate_limited" | "error";
  taskId?: string | null;
}

export async function recordUsage(prisma: Db, r: UsageRecord, now: Date): Promise<void> {
  await prisma.aiUsage.create({ data: { ...r, taskId: r.taskId ?? null, createdAt: now } });
}

export interface MonthUsage {
  timeZone: string;
  monthStart: Date;
  nextMonthStart: Date;
  calls: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  capUsd: number;
  remainingUsd: number;
  byOperation: { operation: string; calls: number; costUsd: number }[];
}

export async function monthUsage(prisma: Db, workspaceId: string, now = clock.now()): Promise<MonthUsage> {
  const ws = await prisma.workspace.findUnique({ where: { id: workspaceId }, select: { timeZone: true, aiMonthlyCapCents: true } });
  if (!ws) throw new HeraldError("not_found", "Workspace not found.");
  const start = DateTime.fromJSDate(now, { zone: ws.timeZone }).startOf("month");
  const monthStart = start.toJSDate();
  const nextMonthStart = start.plus({ months: 1 }).toJSDate();
  const rows = await prisma.aiUsage.groupBy({
    by: ["operation"],
    where: { workspaceId, createdAt: { gte: monthStart, lt: nextMonthStart } },
    _count: { _all: true },
    _sum: { promptTokens: true, completionTokens: true, costMicros: true },
    orderBy: { operation: "asc" },
  });
  const micros = rows.reduce((s, r) => s + (r._sum.costMicros ?? 0), 0);
  const capUsd = ws.aiMonthlyCapCents !== null ? ws.aiMonthlyCapCents / 100 : aiConfig().defaultCapUsd;
  const costUsd = micros / 1e6;
  return {
    timeZone: ws.timeZone,
    monthStart,
    nextMonthStart,
    calls: rows.reduce((s, r) => s + r._count._all, 0),
    promptTokens: rows.reduce((s, r) => s + (r._sum.promptTokens ?? 0), 0),
    completionTokens: rows.reduce((s, r) => s + (r._sum.completionTokens ?? 0), 0),
    costUsd,
    capUsd,
    remainingUsd: Math.max(0, capUsd - costUsd),
    byOperation: rows.map((r) => ({ operation: r.operation, calls: r._count._all, costUsd: (r._sum.costMicros ?? 0) / 1e6 })),
  };
}

const usd = (n: number) => `$${n.toFixed(2)}`;

/** Throws a readable AiError once this month's spending has reached the workspace's cap. */
export async function assertWithinBudget(prisma: Db, workspaceId: string, now: Date): Promise<void> {
  const u = await monthUsage(prisma, workspaceId, now);
  if (u.costUsd >= u.capUsd) {
    const resumes = DateTime.fromJSDate(u.nextMonthStart, { zone: u.timeZone }).toFormat("d LLLL yyyy");
    throw new AiError(
      "budget_exhausted",
      `This workspace has used its AI budget for the month (${usd(u.costUsd)} of ${usd(u.capUsd)}). ` +
        `Generation resumes on ${resumes}, or an admin can raise the cap in Settings.`,
    );
  }
}
