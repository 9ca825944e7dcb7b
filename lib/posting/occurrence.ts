// Materialises the next occurrence of a recurring post when the current one is claimed
// (docs/design.md, protocol 11). Idempotent: the series' (seriesId, occurrence) is unique, so two
// invocations claiming sibling tasks of one occurrence create the next one exactly once.
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { nextOccurrence, type Recurrence } from "../scheduler/recurrence";
import { createTargetsAndTasks } from "./schedule";

export async function materializeNextOccurrence(
  prisma: Db,
  postTargetId: string,
  now: Date,
): Promise<{ postId: string; at: Date } | null> {
  const target = await prisma.postTarget.findUnique({
    where: { id: postTargetId },
    select: {
      post: {
        select: {
          id: true,
          workspaceId: true,
          text: true,
          recurrence: true,
          seriesId: true,
          occurrence: true,
          status: true,
          targets: { select: { accountId: true, platform: true, textOverride: true } },
        },
      },
      tasks: { select: { config: true, maxRetries: true, priority: true }, take: 1 },
    },
  });
  if (!target) return null;
  const post = target.post;
  if (!post.recurrence || !post.seriesId || post.status === "cancelled") return null;
  const next = nextOccurrence(post.recurrence as unknown as Recurrence, post.occurrence, now);
  if (!next) return null;
  const template = target.tasks[0];
  const overrides = Object.fromEntries(post.targets.filter((t) => t.textOverride !== null).map((t) => [t.platform, t.textOverride!]));
  try {
    return await prisma.$transaction(async (tx) => {
      const created = await tx.post.create({
        data: {
          workspaceId: post.workspaceId,
          text: post.text,
          scheduledAt: next.at,
          recurrence: post.recurrence as Prisma.InputJsonValue,
          seriesId: post.seriesId,
          occurrence: next.index,
        },
        select: { id: true },
      });
      await createTargetsAndTasks(
        tx,
        {
          workspaceId: post.workspaceId,
          postId: created.id,
          occurrenceKey: `${post.seriesId}#${next.index}`,
          scheduledAt: next.at,
          text: post.text,
          config: (template?.config ?? {}) as Record<string, unknown>,
          overrides,
          maxRetries: template?.maxRetries ?? 3,
          priority: template?.priority ?? 0,
          type: "social_post",
        },
        post.targets,
      );
      return { postId: created.id, at: next.at };
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") return null; // already there
    throw err;
  }
}
