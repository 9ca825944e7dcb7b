// A workspace's settings (name, time zone, posting slots, brand voice, the approval rule) and the "add to queue" slot.
import type { Prisma } from "./generated/prisma/client";
import { db } from "./db";
import { HeraldError } from "./errors";
import { queueScorer } from "./ai/best-time";
import { bestFreeSlot, nextFreeSlot } from "./scheduler/slots";
import {
  brandVoiceOf,
  postingSlotsOf,
  type PostingSlot,
  type UpdateWorkspaceSettingsInput,
} from "./validation/workspace-settings";
import { clock } from "./clock";

const settingsSelect = {
  id: true,
  name: true,
  timeZone: true,
  postingSlots: true,
  brandVoice: true,
  requireApproval: true,
  aiMonthlyCapCents: true,
  autopilotAutoSchedule: true,
  publishingPausedAt: true,
  publishingPausedBy: true,
  updatedAt: true,
} as const;

type Row = Prisma.WorkspaceGetPayload<{ select: typeof settingsSelect }>;

/** Stored JSON read back through the same schemas; anything unreadable falls back to defaults. */
function view(row: Row) {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.timeZone,
    postingSlots: sortSlots(postingSlotsOf(row.postingSlots)),
    brandVoice: brandVoiceOf(row.brandVoice),
    requireApproval: row.requireApproval,
    aiMonthlyCapUsd: row.aiMonthlyCapCents === null ? null : row.aiMonthlyCapCents / 100,
    autopilotAutoSchedule: row.autopilotAutoSchedule,
    // The emergency stop, switched through /api/workspace/publishing (lib/publishing.ts).
    publishingPausedAt: row.publishingPausedAt,
    publishingPausedBy: row.publishingPausedBy,
    updatedAt: row.updatedAt,
  };
}
export type WorkspaceSettings = ReturnType<typeof view>;

function sortSlots(slots: PostingSlot[]): PostingSlot[] {
  return [...slots].sort((a, b) => a.weekday - b.weekday || a.time.localeCompare(b.time));
}

export async function getWorkspaceSettings(workspaceId: string): Promise<WorkspaceSettings> {
  const row = await db().workspace.findUnique({ where: { id: workspaceId }, select: settingsSelect });
  if (!row) throw new HeraldError("not_found", "Workspace not found.");
  return view(row);
}

export async function updateWorkspaceSettings(workspaceId: string, input: UpdateWorkspaceSettingsInput): Promise<WorkspaceSettings> {
  const row = await db().workspace.update({
    where: { id: workspaceId },
    data: {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.timeZone !== undefined && { timeZone: input.timeZone }),
      ...(input.postingSlots !== undefined && { postingSlots: sortSlots(input.postingSlots) }),
      ...(input.brandVoice !== undefined && { brandVoice: input.brandVoice }),
      ...(input.requireApproval !== undefined && { requireApproval: input.requireApproval }),
      ...(input.aiMonthlyCapUsd !== undefined && {
        aiMonthlyCapCents: input.aiMonthlyCapUsd === null ? null : Math.round(input.aiMonthlyCapUsd * 100),
      }),
      ...(input.autopilotAutoSchedule !== undefined && { autopilotAutoSchedule: input.autopilotAutoSchedule }),
    },
    select: settingsSelect,
  });
  return view(row);
}

/**
 * The next posting slot not used by a scheduled post of the workspace — of the given accounts
 * when there are some (each must belong to the workspace), else of any account. Strategy "best":
 * the free slot of the next 7 days with the best best-time score for these accounts (falling back
 * to the next free slot when none is free in that week).
 */
export async function nextSlotFor(workspaceId: string, accountIds: string[], now = clock.now(), strategy: "next" | "best" = "next") {
  const settings = await getWorkspaceSettings(workspaceId);
  if (accountIds.length > 0) {
    const found = await db().socialAccount.count({ where: { workspaceId, id: { in: accountIds } } });
    if (found !== accountIds.length) throw new HeraldError("not_found", "Account not found.");
  }
  const posts = await db().post.findMany({
    where: {
      workspaceId,
      status: "scheduled",
      scheduledAt: { gt: now },
      ...(accountIds.length > 0 && { targets: { some: { workspaceId, accountId: { in: accountIds } } } }),
    },
    select: { scheduledAt: true },
  });
  const taken = posts.flatMap((p) => (p.scheduledAt ? [p.scheduledAt] : []));
  const best =
    strategy === "best" && settings.postingSlots.length > 0
      ? bestFreeSlot(settings.postingSlots, settings.timeZone, taken, now, await queueScorer(db(), workspaceId, accountIds, now))
      : null;
  const at = best ?? nextFreeSlot(settings.postingSlots, settings.timeZone, taken, now);
  return { scheduledAt: at?.toISOString() ?? null, timeZone: settings.timeZone, slotCount: settings.postingSlots.length, strategy };
}
