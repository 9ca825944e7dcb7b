// A post scheduled with `content: null` and a brief: when its task runs, the agent writes this
// platform's text (checked against the account's own adapter and the brand's rules), stores it on
// the task, the target and the post before anything is published — so a retry or a reconcile uses
// the same text and never writes a second one — and then the task publishes as any other.
import type { Prisma } from "../generated/prisma/client";
import { draftPosts } from "../ai-agent";
import type { LoadedAccount } from "../social/accounts";
import type { PlatformAdapter } from "../social/types";
import { retryableOutcome } from "../scheduler/decide";
import type { ClaimedTask, TaskOutcome } from "../scheduler/types";
import type { Db } from "../db";
import { classifyOpenAiError } from "./client";
import { aiBudgetMs } from "./generate";

export interface WriteDeps {
  prisma: Db;
  now: () => Date;
}

/** The written text, or the outcome that ends this attempt (retry on AI outage, fail, review). */
export async function writeTaskText(
  task: ClaimedTask,
  adapter: PlatformAdapter,
  acct: LoadedAccount,
  cfg: { brief: string; link?: string },
  deps: WriteDeps,
): Promise<{ text: string } | { outcome: TaskOutcome }> {
  const now = deps.now();
  let drafted;
  try {
    drafted = await draftPosts(
      { prisma: deps.prisma, workspaceId: task.workspaceId, now, taskId: task.id, budgetMs: aiBudgetMs(task, now) },
      {
        brief: cfg.brief,
        link: cfg.link,
        platforms: [acct.platform],
        operation: "draft_for_task",
        rules: { [acct.platform]: (text: string) => adapter.validate({ text, link: cfg.link }).filter((p) => p.field === "text").map((p) => p.message) },
      },
    );
  } catch (err) {
    // Nothing was published yet: outages retry on the backoff, the rest fail.
    return { outcome: retryableOutcome(classifyOpenAiError(err, now), task, now) };
  }
  const post = drafted.posts[0];
  const review = post.findings.filter((f) => f.severity === "review");
  const ai = { brief: cfg.brief, written: true, simulated: drafted.simulated, model: drafted.model, notice: drafted.notice };

  // Fenced: only while this invocation still holds the task's lease.
  const saved = await deps.prisma.$transaction(async (tx) => {
    const t = await tx.agentTask.updateMany({
      where: { id: task.id, lockedBy: task.lockedBy, status: "running" },
      data: { content: post.text },
    });
    if (t.count !== 1) return false;
    if (task.postTargetId) {
      const target = await tx.postTarget.update({ where: { id: task.postTargetId }, data: { textOverride: post.text }, select: { postId: true } });
      const p = await tx.post.findUniqueOrThrow({ where: { id: target.postId }, select: { text: true, compliance: true } });
      await tx.post.update({
        where: { id: target.postId },
        data: {
          // The first platform's text becomes the post's text; every target keeps its own.
          ...(p.text.trim() === "" && { text: post.text }),
          ai: ai as Prisma.InputJsonValue,
          compliance: [...((p.compliance as unknown[] | null) ?? []), ...review] as Prisma.InputJsonValue,
        },
      });
    }
    return true;
  });
  if (!saved) {
    return { outcome: { kind: "retry", at: now, failures: task.retryCount, failureClass: "transient", code: "lease_lost", message: "Another run took over this task." } };
  }
  if (review.length) {
    return {
      outcome: {
        kind: "needs_review",
        failures: task.retryCount + 1,
        failureClass: "permanent",
        code: "ai_needs_review",
        message: `The agent's text needs a person's look before it goes out: ${review.map((f) => f.message).join(" ")} Edit it or publish it again.`,
      },
    };
  }
  return { text: post.text };
}
