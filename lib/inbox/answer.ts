// Answers from the inbox (docs/decisions.md, "Inbox"): queued as a `reply` task (lib/tasks/reply.ts)
// with a post's exactly-once guarantees, and once sent, kept as an outgoing item in the thread.
import { createHash } from "node:crypto";
import type { Db } from "../db";
import { HeraldError } from "../errors";
import { CAPTION_MENTION_PREFIX, instagramMentionTarget } from "../social/instagram/mention-target";
import type { InboxActor } from "./queries";

/** An Instagram @mention from the webhook (docs/inbox.md): a caption's (`mention:<media id>`) or a comment's (its parent the media). */
function instagramMention(item: { platform: string; kind: string; remoteId: string; remoteParentId?: string | null }): { mediaId: string; commentId?: string } | null {
  if (item.platform !== "instagram" || item.kind !== "mention") return null;
  if (item.remoteId.startsWith(CAPTION_MENTION_PREFIX)) return { mediaId: item.remoteId.slice(CAPTION_MENTION_PREFIX.length) };
  return item.remoteParentId ? { mediaId: item.remoteParentId, commentId: item.remoteId } : null;
}

/**
 * Why an item cannot be answered from Herald, or null when it can (docs/decisions.md, "Inbox"):
 * Instagram does not let apps comment on media the account is tagged in (an @mention from the
 * webhook is answered with POST /{ig-user-id}/mentions, docs/inbox.md).
 */
export function unanswerableReason(item: { platform: string; kind: string; remoteId?: string; remoteParentId?: string | null }): string | null {
  if (item.platform === "instagram" && item.kind === "mention" && !(item.remoteId && instagramMention({ ...item, remoteId: item.remoteId }))) {
    return "Instagram does not let apps comment on media the account is tagged in; answer it in the Instagram app.";
  }
  return null;
}

/**
 * The network's id an answer is sent under (docs/decisions.md, "Inbox"). LinkedIn nests comments
 * one level deep: an answer to a reply goes under the same first-level comment (the reply's parent,
 * a comment URN), as a nested comment whose parentComment is that comment.
 */
export function answerTarget(item: { platform: string; kind: string; remoteId: string; remoteParentId: string | null }): string {
  // An Instagram @mention: the adapter replies through POST /{ig-user-id}/mentions (lib/social/instagram/adapter.ts).
  const mention = instagramMention(item);
  if (mention) return instagramMentionTarget(mention.mediaId, mention.commentId);
  // The same for a LinkedIn @mention in a reply (lib/inbox/linkedin-mentions.ts); a mention in a
  // post is answered with a comment on that post (its remoteId, the post's URN).
  if (item.platform === "linkedin" && (item.kind === "reply" || item.kind === "mention") && item.remoteParentId?.startsWith("urn:li:comment:")) return item.remoteParentId;
  return item.remoteId;
}

/**
 * Queues the answer. The task's key is the client's key, or the item and the text: the same answer
 * sent twice (a double click, a retried request) is one task and one reply.
 */
export async function queueInboxReply(prisma: Db, workspaceId: string, itemId: string, actor: InboxActor, input: { text: string; idempotencyKey?: string }, now: Date) {
  const item = await prisma.inboxItem.findFirst({
    where: { id: itemId, workspaceId },
    select: { id: true, accountId: true, platform: true, kind: true, remoteId: true, remoteParentId: true, outgoing: true, deletedAt: true, account: { select: { status: true, handle: true } } },
  });
  if (!item) throw new HeraldError("not_found", "No such inbox item in this workspace.");
  if (item.outgoing) throw new HeraldError("validation_failed", "This is Herald's own answer; answer the item it replies to.");
  if (item.deletedAt) throw new HeraldError("validation_failed", "This item was deleted on the network; it can no longer be answered.");
  const unanswerable = unanswerableReason(item);
  if (unanswerable) throw new HeraldError("validation_failed", unanswerable);
  if (item.account.status !== "active") throw new HeraldError("validation_failed", `Reconnect @${item.account.handle} before answering from it.`);
  const key = `inbox-reply:${item.id}:${input.idempotencyKey ?? createHash("sha256").update(input.text).digest("hex").slice(0, 24)}`;
  return prisma.$transaction(async (tx) => {
    const existing = await tx.agentTask.findUnique({ where: { workspaceId_idempotencyKey: { workspaceId, idempotencyKey: key } }, select: { id: true, status: true, scheduledAt: true } });
    if (existing) return { task: existing, created: false };
    const task = await tx.agentTask.create({
      data: {
        workspaceId,
        type: "reply",
        platform: item.platform,
        accountId: item.accountId,
        scheduledAt: now,
        priority: 1,
        content: input.text,
        config: { inboxItemId: item.id, replyToId: answerTarget(item) },
        idempotencyKey: key,
        createdAt: now,
        updatedAt: now,
      },
      select: { id: true, status: true, scheduledAt: true },
    });
    await tx.inboxEvent.create({ data: { workspaceId, itemId: item.id, actorUserId: actor.userId, actorType: actor.userId ? "user" : "api_key", action: "reply_queued", detail: { taskId: task.id }, createdAt: now } });
    await tx.event.create({ data: { workspaceId, type: "task:scheduled", payload: { taskIds: [task.id] }, createdAt: now } });
    return { task, created: true };
  });
}

/** The sent answer joins the thread (idempotent: unique per account and network id); the item is answered. */
export async function recordAnswer(prisma: Db, task: { id: string; workspaceId: string; content: string | null }, itemId: string, result: Record<string, unknown>, now: Date): Promise<void> {
  const id = typeof result.platformPostId === "string" ? result.platformPostId : null;
  if (!id) return;
  const item = await prisma.inboxItem.findFirst({ where: { id: itemId, workspaceId: task.workspaceId }, select: { id: true, accountId: true, platform: true, remoteId: true, remoteRootId: true, postTargetId: true, account: { select: { handle: true, displayName: true } } } });
  if (!item) return;
  await prisma.$transaction(async (tx) => {
    const created = await tx.inboxItem.createMany({
      data: [{
        workspaceId: task.workspaceId,
        accountId: item.accountId,
        platform: item.platform,
        kind: "reply",
        remoteId: id,
        remoteParentId: item.remoteId,
        remoteRootId: item.remoteRootId ?? item.remoteId,
        postTargetId: item.postTargetId,
        authorHandle: item.account.handle,
        authorName: item.account.displayName,
        text: task.content ?? "",
        // A simulated post's link leads nowhere (lib/social/simulation.ts, targetPageUrl).
        url: result.simulated !== true && typeof result.url === "string" && /^https?:\/\//.test(result.url) ? result.url : null,
        simulated: result.simulated === true,
        outgoing: true,
        status: "done",
        remoteCreatedAt: now,
        collectedAt: now,
        createdAt: now,
        updatedAt: now,
      }],
      skipDuplicates: true,
    });
    if (!created.count) return;
    await tx.inboxItem.update({ where: { id: item.id }, data: { answeredAt: now, updatedAt: now } });
    await tx.inboxEvent.create({ data: { workspaceId: task.workspaceId, itemId: item.id, actorType: "system", action: "replied", detail: { taskId: task.id, remoteId: id }, createdAt: now } });
    await tx.event.create({ data: { workspaceId: task.workspaceId, type: "inbox:updated", payload: { itemId: item.id, answered: true }, createdAt: now } });
  });
}
