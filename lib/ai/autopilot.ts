// Autopilot: "plan next week for campaign X". A request creates an AgentTask of type `generate`;
// when the scheduler runs it, the agent picks the week's best free posting slots, writes one post
// per slot (a text per platform) and files them as posts waiting for approval — or scheduled
// directly when the workspace allows it and nothing needs review. Same retries and stats as any
// task; each post carries a generation key, so a retried task never files a draft twice.
import { randomUUID } from "node:crypto";
import { DateTime } from "luxon";
import type { Actor } from "../api/handler";
import { db, type Db } from "../db";
import { HeraldError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import type { Platform } from "../generated/prisma/enums";
import { planPosts } from "../ai-agent";
import { failedOutcome, retryableOutcome } from "../scheduler/decide";
import { scheduleTask } from "../posting/schedule";
import { taskSelect } from "../scheduler/view";
import type { ClaimedTask, TaskOutcome } from "../scheduler/types";
import { postingSlotsOf } from "../validation/workspace-settings";
import type { StartAutopilotInput } from "../validation/ai";
import { specFor } from "../social/registry";
import { queueScorer } from "./best-time";
import { classifyOpenAiError } from "./client";
import { aiBudgetMs } from "./generate";
import { clock } from "../clock";

/** Posts per planned week unless the request says otherwise. */
export const DEFAULT_POSTS_PER_WEEK = 5;
/** Without posting slots, candidate hours each day (local). */
const FALLBACK_HOURS = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];

export interface GenerateConfig {
  kind: "autopilot";
  campaignId: string;
  weekStart: string;
  accountIds: string[];
  posts: number;
  requestedBy: string;
}

/** The Monday (ISO date) of the week to plan: the given one, else next week's. */
export function weekToPlan(timeZone: string, now: Date, weekStart?: string): DateTime {
  if (weekStart) {
    const d = DateTime.fromISO(weekStart, { zone: timeZone });
    if (!d.isValid) throw new HeraldError("validation_failed", "weekStart must be a date such as 2026-11-30.");
    return d.startOf("week");
  }
  return DateTime.fromJSDate(now, { zone: timeZone }).startOf("week").plus({ weeks: 1 });
}

/** Candidate instants in the week: the posting slots, or every daytime hour without slots. */
export function weekCandidates(
  slots: { weekday: number; time: string }[],
  week: DateTime,
  now: Date,
  taken: Date[],
): Date[] {
  const takenMin = new Set(taken.map((d) => Math.floor(d.getTime() / 60_000)));
  const out: Date[] = [];
  for (let d = 0; d < 7; d++) {
    const day = week.plus({ days: d });
    const times = slots.length
      ? slots.filter((s) => s.weekday === day.weekday).map((s) => ({ hour: Number(s.time.slice(0, 2)), minute: Number(s.time.slice(3, 5)) }))
      : FALLBACK_HOURS.map((hour) => ({ hour, minute: 0 }));
    for (const t of times) {
      const at = day.set({ ...t, second: 0, millisecond: 0 }).toJSDate();
      if (at.getTime() > now.getTime() && !takenMin.has(Math.floor(at.getTime() / 60_000))) out.push(at);
    }
  }
  return out;
}

/** The `count` best-scoring candidates (at most one per day without posting slots), in time order. */
export function pickSlots(candidates: Date[], score: (at: Date) => number, count: number, onePerDay: boolean, timeZone: string): Date[] {
  const ranked = [...candidates].sort((a, b) => score(b) - score(a) || a.getTime() - b.getTime());
  const chosen: Date[] = [];
  const days = new Set<string>();
  for (const at of ranked) {
    if (chosen.length >= count) break;
    const day = DateTime.fromJSDate(at, { zone: timeZone }).toISODate()!;
    if (onePerDay && days.has(day)) continue;
    days.add(day);
    chosen.push(at);
  }
  return chosen.sort((a, b) => a.getTime() - b.getTime());
}

async function activeAccounts(prisma: Db, workspaceId: string, ids?: string[]) {
  const accounts = await prisma.socialAccount.findMany({
    where: { workspaceId, ...(ids && { id: { in: ids } }) },
    select: { id: true, platform: true, status: true, handle: true },
    orderBy: { createdAt: "asc" },
  });
  if (ids) {
    const missing = ids.filter((id) => !accounts.some((a) => a.id === id));
    if (missing.length) throw new HeraldError("not_found", `Account not found: ${missing.join(", ")}.`);
  }
  return accounts.filter((a) => a.status === "active");
}

/** Files the request as a generate task due now; the next process run plans the week. */
export async function startAutopilot(workspaceId: string, input: StartAutopilotInput, actor: Actor, now = clock.now()) {
  const prisma = db();
  const ws = await prisma.workspace.findUnique({ where: { id: workspaceId }, select: { timeZone: true } });
  if (!ws) throw new HeraldError("not_found", "Workspace not found.");
  const accounts = await activeAccounts(prisma, workspaceId, input.accountIds);
  if (!accounts.length) {
    throw new HeraldError("invalid_state", "Connect at least one active account first: autopilot plans posts for your accounts.");
  }
  const week = weekToPlan(ws.timeZone, now, input.weekStart);
  if (week.plus({ weeks: 1 }).toMillis() <= now.getTime()) {
    throw new HeraldError("validation_failed", "That week is over; choose this week or a later one.");
  }
  const campaign = await prisma.campaign.upsert({
    where: { workspaceId_name: { workspaceId, name: input.campaign } },
    create: { workspaceId, name: input.campaign, brief: input.brief },
    update: { brief: input.brief },
    select: { id: true, name: true, brief: true },
  });
  const config: GenerateConfig = {
    kind: "autopilot",
    campaignId: campaign.id,
    weekStart: week.toISODate()!,
    accountIds: accounts.map((a) => a.id),
    posts: input.posts ?? DEFAULT_POSTS_PER_WEEK,
    requestedBy: actor.type === "user" ? actor.userId : "api_key",
  };
  const task = await prisma.$transaction(async (tx) => {
    const t = await tx.agentTask.create({
      data: {
        workspaceId,
        type: "generate",
        scheduledAt: now,
        content: null,
        config: config as unknown as Prisma.InputJsonValue,
        maxRetries: 3,
        idempotencyKey: input.idempotencyKey ?? `autopilot:${campaign.id}:${config.weekStart}:${randomUUID()}`,
      },
      select: taskSelect,
    });
    await tx.event.create({ data: { workspaceId, type: "task:scheduled", payload: { taskIds: [t.id], campaignId: campaign.id } } });
    return t;
  });
  return { campaign, task, weekStart: config.weekStart };
}

/** A platform, or one planned post, that a run left out, and why in words the autopilot page shows. */
export interface AutopilotSkip {
  platform?: Platform;
  accountIds?: string[];
  /** The planned post's time, when one post (not a platform) was left out. */
  slot?: string;
  reason: string;
}

/**
 * Why autopilot cannot post to this platform at all, or null. Its drafts are text only, so a
 * platform that requires media (Instagram, TikTok, YouTube: lib/social/<platform>/spec.ts) or
 * fields of its own (Reddit's subreddit and title) would make every post fail validation; the run
 * leaves that platform out instead of failing as a whole.
 */
export function autopilotSkipReason(platform: Platform): string | null {
  const spec = specFor(platform);
  if (spec.fields) return `${spec.label} skipped: it needs ${spec.fields.needs}, and autopilot writes text only. Schedule posts for ${spec.label} yourself.`;
  const needs = spec.media.required === "video" ? "a video" : spec.media.required ? "an image or a video" : null;
  if (!needs) return null;
  return `${spec.label} skipped: it needs ${needs}, and autopilot writes text only. Add one to a draft and schedule it for ${spec.label} yourself.`;
}

/** Runs a claimed autopilot task: plan, write, file. */
export async function runAutopilot(task: ClaimedTask, prisma: Db, now: Date): Promise<TaskOutcome> {
  const cfg = task.config as unknown as GenerateConfig;
  const [ws, campaign] = await Promise.all([
    prisma.workspace.findUnique({ where: { id: task.workspaceId }, select: { timeZone: true, postingSlots: true, autopilotAutoSchedule: true } }),
    prisma.campaign.findFirst({ where: { id: cfg.campaignId, workspaceId: task.workspaceId } }),
  ]);
  if (!ws || !campaign) return failedOutcome(task, "campaign_missing", "The campaign of this autopilot run no longer exists.");
  const active = await activeAccounts(prisma, task.workspaceId, undefined).then((all) => all.filter((a) => cfg.accountIds.includes(a.id)));
  if (!active.length) return failedOutcome(task, "no_accounts", "None of the campaign's accounts is active any more; reconnect one and plan again.");
  const skipped: AutopilotSkip[] = [];
  for (const platform of new Set(active.map((a) => a.platform))) {
    const reason = autopilotSkipReason(platform);
    if (reason) skipped.push({ platform, accountIds: active.filter((a) => a.platform === platform).map((a) => a.id), reason });
  }
  const accounts = active.filter((a) => !autopilotSkipReason(a.platform));
  if (!accounts.length) {
    return failedOutcome(task, "no_text_platforms", `Nothing to plan: ${skipped.map((s) => s.reason).join(" ")}`);
  }

  const slots = postingSlotsOf(ws.postingSlots);
  const week = weekToPlan(ws.timeZone, now, cfg.weekStart);
  const taken = await prisma.post.findMany({
    where: {
      workspaceId: task.workspaceId,
      status: "scheduled",
      scheduledAt: { gte: week.toJSDate(), lt: week.plus({ weeks: 1 }).toJSDate() },
      targets: { some: { accountId: { in: accounts.map((a) => a.id) } } },
      // This run's own drafts (a retry) are re-found by their generation key, not avoided.
      OR: [{ generationKey: null }, { NOT: { generationKey: { startsWith: `autopilot:${task.id}:` } } }],
    },
    select: { scheduledAt: true },
  });
  const score = await queueScorer(prisma, task.workspaceId, accounts.map((a) => a.id), now);
  const chosen = pickSlots(
    weekCandidates(slots, week, now, taken.flatMap((p) => (p.scheduledAt ? [p.scheduledAt] : []))),
    score,
    cfg.posts,
    slots.length === 0,
    ws.timeZone,
  );
  if (!chosen.length) {
    return failedOutcome(task, "no_free_slots", `There is no free posting slot left in the week of ${cfg.weekStart}; add slots in Settings or choose another week.`);
  }

  const platforms = [...new Set(accounts.map((a) => a.platform))] as Platform[];
  let plan;
  try {
    plan = await planPosts(
      { prisma, workspaceId: task.workspaceId, now, taskId: task.id, budgetMs: aiBudgetMs(task, now) },
      { campaign: campaign.name, brief: campaign.brief, platforms, slots: chosen, timeZone: ws.timeZone },
    );
  } catch (err) {
    // A generation has no side effect to doubt: outages retry on the backoff, the rest fail.
    return retryableOutcome(classifyOpenAiError(err, now), task, now);
  }

  let held = 0;
  let scheduled = 0;
  let kept = 0;
  const postIds: string[] = [];
  for (const [i, p] of plan.posts.entries()) {
    const [first, ...others] = platforms;
    const hold = !ws.autopilotAutoSchedule || p.findings.some((f) => f.severity === "review");
    const r = await scheduleTask(
      prisma,
      task.workspaceId,
      {
        type: "social_post",
        accountIds: accounts.map((a) => a.id),
        scheduledAt: chosen[i].toISOString(),
        content: p.texts[first]!,
        config: {
          priority: 0,
          ...(others.length && { overrides: Object.fromEntries(others.map((pl) => [pl, p.texts[pl]!])) }),
        },
        idempotencyKey: `autopilot-${task.id}-${i + 1}`,
      },
      now,
      {
        holdForApproval: hold,
        post: {
          campaignId: campaign.id,
          generationKey: `autopilot:${task.id}:${i + 1}`,
          ai: { operation: "autopilot", simulated: plan.simulated, notice: plan.notice, model: plan.model, angle: p.angle, taskId: task.id },
        },
      },
    ).catch((err: unknown) => {
      // An earlier attempt of this task filed this post already (with its own text): keep that one.
      if (err instanceof HeraldError && err.code === "conflict") return null;
      // One post that does not fit (a platform rule, the brand check) must not fail the week, and
      // retrying would write the same refusal again: leave it out and say why.
      if (err instanceof HeraldError && (err.code === "validation_failed" || err.code === "compliance_failed")) {
        const why = err.fields?.map((f) => f.message).join(" ") || err.message;
        skipped.push({ slot: chosen[i].toISOString(), reason: `The post for ${chosen[i].toISOString()} was left out: ${why}` });
        return "skipped" as const;
      }
      throw err;
    });
    if (r === "skipped") continue;
    if (!r) kept++;
    else if (r.duplicate) kept++;
    else if (hold) held++;
    else scheduled++;
    if (r?.postId) postIds.push(r.postId);
  }
  return {
    kind: "completed",
    result: {
      campaignId: campaign.id,
      weekStart: cfg.weekStart,
      postIds,
      held,
      scheduled,
      kept,
      ...(skipped.length && { skipped: skipped as unknown as Prisma.InputJsonValue[] }),
      simulated: plan.simulated,
      costUsd: plan.usage.costUsd,
    },
  };
}

/** The campaigns with their posts (newest first) for the autopilot page. */
export async function listCampaigns(workspaceId: string) {
  const prisma = db();
  const [campaigns, runs] = await Promise.all([
    prisma.campaign.findMany({
      where: { workspaceId },
      orderBy: { updatedAt: "desc" },
      take: 20,
      select: {
        id: true,
        name: true,
        brief: true,
        updatedAt: true,
        posts: {
          where: { workspaceId },
          orderBy: { scheduledAt: "asc" },
          take: 50,
          select: {
            id: true,
            text: true,
            status: true,
            approvalState: true,
            rejectionReason: true,
            scheduledAt: true,
            ai: true,
            compliance: true,
            targets: { where: { workspaceId }, select: { id: true, platform: true, textOverride: true, status: true, account: { select: { handle: true } } } },
          },
        },
      },
    }),
    prisma.agentTask.findMany({
      where: { workspaceId, type: "generate" },
      orderBy: { createdAt: "desc" },
      take: 20,
      select: { id: true, status: true, config: true, lastError: true, retryCount: true, scheduledAt: true, createdAt: true, result: true },
    }),
  ]);
  return {
    campaigns,
    runs: runs.map((r) => ({ ...r, campaignId: (r.config as { campaignId?: string }).campaignId ?? null, config: undefined })),
  };
}
