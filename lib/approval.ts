// The optional approval rule: in a workspace with requireApproval, posts scheduled by editors wait
// for an admin. Such a post has its targets but no tasks (so the scheduler has nothing to claim);
// approving creates the tasks exactly as scheduling would have, rejecting cancels the post.
// Every query is scoped by workspaceId in `where`, so another workspace's posts are 404.
import type { Tx } from "./db";
import type { Actor } from "./api/handler";
import type { Role } from "./auth/roles";
import { db } from "./db";
import { HeraldError } from "./errors";
import type { Prisma } from "./generated/prisma/client";
import type { ApprovalState } from "./generated/prisma/enums";
import { scheduleTask, createTargetsAndTasks, type HeldTaskConfig, type ScheduleOptions, type ScheduleResult } from "./posting/schedule";
import { getPost } from "./posts";
import type { RejectPostInput } from "./validation/approval";
import type { ScheduleTaskInput } from "./validation/tasks";
import type { EditPendingPostInput } from "./validation/ai";
import { blocking, checkPostCompliance } from "./ai/compliance";
import { complianceError, loadBrandVoice } from "./ai/compliance-db";
import { clock } from "./clock";

export interface Caller {
  role: Role;
  actor: Actor;
}

/** Editors' posts wait when the workspace asks for it; admins, owners and API keys (admin) never do. */
export async function needsApproval(workspaceId: string, caller: Caller): Promise<boolean> {
  if (caller.actor.type !== "user" || caller.role !== "editor") return false;
  const ws = await db().workspace.findUnique({ where: { id: workspaceId }, select: { requireApproval: true } });
  return ws?.requireApproval === true;
}

/** POST /api/agent/schedule for a caller: scheduled at once, or held for approval. */
export async function scheduleForCaller(
  workspaceId: string,
  input: ScheduleTaskInput,
  caller: Caller,
  now = clock.now(),
  post?: ScheduleOptions["post"],
): Promise<ScheduleResult & { approvalState: ApprovalState }> {
  const hold = input.type === "social_post" && (await needsApproval(workspaceId, caller));
  const r = await scheduleTask(db(), workspaceId, input, now, { holdForApproval: hold, post });
  if (!r.duplicate || r.postId === null) return { ...r, approvalState: hold ? "pending" : "not_required" };
  // A repeated request answers with the post's state now (it may have been approved meanwhile).
  const p = await db().post.findFirst({ where: { id: r.postId, workspaceId }, select: { approvalState: true } });
  return { ...r, approvalState: p?.approvalState ?? "not_required" };
}

function decidedBy(actor: Actor): string {
  return actor.type === "user" ? actor.userId : "api_key";
}

/** Locks the post row (two decisions on one post serialize) and checks it is still waiting. */
async function lockPending(tx: Tx, workspaceId: string, id: string) {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Post" WHERE id = ${id} AND "workspaceId" = ${workspaceId} FOR UPDATE`;
  if (locked.length === 0) throw new HeraldError("not_found", "Post not found.");
  const post = await tx.post.findFirstOrThrow({
    where: { id, workspaceId },
    select: {
      id: true,
      text: true,
      scheduledAt: true,
      approvalState: true,
      config: true,
      targets: { where: { workspaceId }, select: { id: true, accountId: true, platform: true, textOverride: true } },
    },
  });
  if (post.approvalState !== "pending") {
    throw new HeraldError(
      "invalid_state",
      post.approvalState === "not_required" ? "This post does not need approval." : `This post was already ${post.approvalState}.`,
      { details: { approvalState: post.approvalState } },
    );
  }
  return post;
}

/**
 * Approves a waiting post: its tasks are created as scheduling creates them (one per target,
 * same idempotency keys and config); a time already passed becomes now.
 */
export async function approvePost(workspaceId: string, id: string, actor: Actor, now = clock.now()) {
  await db().$transaction(async (tx) => {
    const post = await lockPending(tx, workspaceId, id);
    const held = post.config as unknown as HeldTaskConfig | null;
    if (!held?.occurrenceKey) throw new HeraldError("invalid_state", "This post has no stored schedule to approve.");
    const scheduledAt = post.scheduledAt && post.scheduledAt > now ? post.scheduledAt : now;
    const taskIds: string[] = [];
    for (const t of post.targets) {
      const tasks = await createTargetsAndTasks(
        tx,
        {
          workspaceId,
          postId: null,
          postTargetId: t.id,
          occurrenceKey: held.occurrenceKey,
          scheduledAt,
          text: post.text,
          config: held.taskConfig ?? {},
          overrides: t.textOverride !== null ? { [t.platform]: t.textOverride } : undefined,
          maxRetries: held.maxRetries,
          priority: held.priority,
          type: "social_post",
        },
        [{ accountId: t.accountId, platform: t.platform }],
      );
      taskIds.push(...tasks.map((t) => t.id));
    }
    await tx.post.updateMany({
      where: { id, workspaceId },
      data: { approvalState: "approved", approvedBy: decidedBy(actor), approvedAt: now, scheduledAt, updatedAt: now },
    });
    await tx.event.create({
      data: { workspaceId, type: "task:scheduled", payload: { taskIds, postId: id, scheduledAt: scheduledAt.toISOString() } },
    });
    await tx.event.create({
      data: { workspaceId, type: "post:updated", payload: { postId: id, status: "scheduled", approvalState: "approved" } },
    });
  });
  return getPost(workspaceId, id);
}

/**
 * Edits the text of a post still waiting for approval (an autopilot draft, an editor's post): the
 * same compliance gate as scheduling; per-platform overrides replace the targets' texts.
 */
export async function editPendingPost(workspaceId: string, id: string, input: EditPendingPostInput, now = clock.now()) {
  await db().$transaction(async (tx) => {
    const post = await lockPending(tx, workspaceId, id);
    const findings = checkPostCompliance(
      { text: input.text, overrides: input.overrides, platforms: post.targets.map((t) => t.platform) },
      await loadBrandVoice(tx, workspaceId),
    );
    if (blocking(findings).length) throw complianceError(findings);
    for (const t of post.targets) {
      const override = input.overrides?.[t.platform];
      await tx.postTarget.updateMany({ where: { id: t.id, workspaceId }, data: { textOverride: override ?? null, updatedAt: now } });
    }
    await tx.post.updateMany({
      where: { id, workspaceId },
      data: { text: input.text, compliance: findings as unknown as Prisma.InputJsonValue, updatedAt: now },
    });
    await tx.event.create({ data: { workspaceId, type: "post:updated", payload: { postId: id, status: "scheduled", approvalState: "pending" } } });
  });
  return getPost(workspaceId, id);
}

/** Rejects a waiting post with a reason: it is cancelled and nothing is ever published. */
export async function rejectPost(workspaceId: string, id: string, input: RejectPostInput, actor: Actor, now = clock.now()) {
  await db().$transaction(async (tx) => {
    await lockPending(tx, workspaceId, id);
    await tx.post.updateMany({
      where: { id, workspaceId },
      data: {
        approvalState: "rejected",
        rejectionReason: input.reason,
        approvedBy: decidedBy(actor),
        approvedAt: now,
        status: "cancelled",
        updatedAt: now,
      },
    });
    await tx.postTarget.updateMany({ where: { postId: id, workspaceId }, data: { status: "cancelled", updatedAt: now } });
    await tx.event.create({
      data: { workspaceId, type: "post:updated", payload: { postId: id, status: "cancelled", approvalState: "rejected" } },
    });
  });
  return getPost(workspaceId, id);
}
