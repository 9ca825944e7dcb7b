// The community inbox's reads and changes (docs/decisions.md, "Inbox"): every query is scoped to
// the caller's workspace; changes write a history entry and a live event in one transaction.
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { HeraldError, unknownCursor } from "../errors";
import { loadAccount } from "../social/accounts";
import { PlatformError } from "../social/types";
import { inboxSourceFor } from "./sources";
import type { ListInboxQuery, UpdateInboxItemInput } from "../validation/inbox";

export interface InboxActor {
  /** The member's user id, or null for an API key. */
  userId: string | null;
}

const itemSelect = {
  id: true,
  accountId: true,
  platform: true,
  kind: true,
  remoteId: true,
  remoteParentId: true,
  remoteRootId: true,
  postTargetId: true,
  authorHandle: true,
  authorName: true,
  text: true,
  url: true,
  simulated: true,
  outgoing: true,
  remoteCreatedAt: true,
  deletedAt: true,
  status: true,
  assignedToUserId: true,
  sentiment: true,
  intent: true,
  classifiedBy: true,
  answeredAt: true,
  account: { select: { handle: true } },
} as const;

/** A page of the workspace's inbox, newest first, and how many items are open (the navigation's count). */
export async function listInbox(prisma: Db, workspaceId: string, actor: InboxActor, q: ListInboxQuery) {
  const where: Prisma.InboxItemWhereInput = { workspaceId, outgoing: false };
  if (q.status !== "all") where.status = q.status;
  if (q.network) where.platform = q.network;
  if (q.account) where.accountId = q.account;
  if (q.post) where.postTargetId = { in: (await prisma.postTarget.findMany({ where: { workspaceId, postId: q.post }, select: { id: true } })).map((t) => t.id) };
  if (q.unanswered) where.answeredAt = null;
  if (q.sentiment) where.sentiment = q.sentiment;
  if (q.assigned === "me") {
    if (!actor.userId) throw new HeraldError("bad_request", "assigned=me needs a signed-in member; an API key is nobody.", { fields: [{ path: "assigned", message: "Not available to API keys." }] });
    where.assignedToUserId = actor.userId;
  }
  if (q.cursor) {
    const c = await prisma.inboxItem.findFirst({ where: { id: q.cursor, workspaceId }, select: { id: true, remoteCreatedAt: true } });
    if (!c) throw unknownCursor();
    where.OR = [{ remoteCreatedAt: { lt: c.remoteCreatedAt } }, { remoteCreatedAt: c.remoteCreatedAt, id: { lt: c.id } }];
  }
  const [rows, unread, notices] = await Promise.all([
    prisma.inboxItem.findMany({ where, orderBy: [{ remoteCreatedAt: "desc" }, { id: "desc" }], take: q.limit + 1, select: itemSelect }),
    prisma.inboxItem.count({ where: { workspaceId, status: "open", outgoing: false } }),
    inboxNotices(prisma, workspaceId),
  ]);
  const items = rows.slice(0, q.limit);
  return { items, nextCursor: rows.length > q.limit ? items[items.length - 1].id : null, unread, notices };
}

/** What the accounts' last sweeps could not read (a permission left unticked), by account handle. */
async function inboxNotices(prisma: Db, workspaceId: string) {
  const cursors = await prisma.inboxCursor.findMany({ where: { workspaceId, NOT: { notices: { isEmpty: true } } }, select: { accountId: true, notices: true } });
  if (cursors.length === 0) return [];
  const accounts = await prisma.socialAccount.findMany({
    where: { workspaceId, id: { in: cursors.map((c) => c.accountId) } },
    select: { id: true, platform: true, handle: true },
    orderBy: { handle: "asc" },
  });
  const byId = new Map(cursors.map((c) => [c.accountId, c.notices]));
  return accounts.map((a) => ({ accountId: a.id, platform: a.platform, handle: a.handle, messages: byId.get(a.id)! }));
}

async function itemOrThrow(prisma: Db, workspaceId: string, id: string) {
  const item = await prisma.inboxItem.findFirst({ where: { id, workspaceId }, select: itemSelect });
  if (!item) throw new HeraldError("not_found", "No such inbox item in this workspace.");
  return item;
}

/**
 * One item with its thread: our post it answers, the other collected items and our answers in
 * the same conversation (same account, sharing its root or parent), oldest first, and its history.
 */
export async function getInboxThread(prisma: Db, workspaceId: string, id: string) {
  const item = await itemOrThrow(prisma, workspaceId, id);
  const anchors = [item.remoteRootId, item.remoteParentId, item.remoteId].filter((x): x is string => !!x);
  const [thread, post, history] = await Promise.all([
    prisma.inboxItem.findMany({
      where: {
        workspaceId,
        accountId: item.accountId,
        OR: [
          { remoteId: { in: anchors } },
          { remoteParentId: { in: anchors } },
          ...(item.remoteRootId ? [{ remoteRootId: item.remoteRootId }] : []),
          ...(item.postTargetId ? [{ postTargetId: item.postTargetId }] : []),
        ],
      },
      orderBy: [{ remoteCreatedAt: "asc" }, { id: "asc" }],
      take: 200,
      select: itemSelect,
    }),
    item.postTargetId
      ? prisma.postTarget.findFirst({
          where: { id: item.postTargetId, workspaceId },
          select: { id: true, postId: true, platformPostId: true, url: true, publishedAt: true, textOverride: true, post: { select: { text: true } } },
        })
      : null,
    prisma.inboxEvent.findMany({ where: { workspaceId, itemId: id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: 200, select: { id: true, action: true, actorType: true, actorUserId: true, detail: true, createdAt: true } }),
  ]);
  return {
    item,
    post: post && { postTargetId: post.id, postId: post.postId, text: post.textOverride ?? post.post.text, url: post.url, publishedAt: post.publishedAt },
    thread,
    history,
  };
}

/** How long a remote hide may take before the change is refused. */
export const REMOTE_HIDE_TIMEOUT_MS = 15_000;

/**
 * Hides (or shows again) the item on the network when its account is real and its network's
 * source can (docs/decisions.md, "Inbox"); false when hiding stays Herald's own status. A refusal
 * throws, so nothing is written.
 */
async function hideOnNetwork(
  prisma: Db,
  workspaceId: string,
  item: { accountId: string; remoteId: string; simulated: boolean; outgoing: boolean; deletedAt: Date | null },
  hidden: boolean,
): Promise<boolean> {
  if (item.simulated || item.outgoing || item.deletedAt) return false;
  const account = await loadAccount(prisma, workspaceId, item.accountId);
  if (!account?.credentials) return false;
  const source = inboxSourceFor(account, prisma);
  if (!source?.hide) return false;
  const signal = AbortSignal.timeout(REMOTE_HIDE_TIMEOUT_MS);
  const network = account.platform[0].toUpperCase() + account.platform.slice(1);
  try {
    await source.hide({ account, remoteId: item.remoteId, hidden, signal });
    return true;
  } catch (err) {
    if (signal.aborted) throw new HeraldError("upstream_failed", `${network} did not answer in time; the item was not ${hidden ? "hidden" : "shown again"}.`);
    const message = err instanceof Error ? err.message : String(err);
    const what = `${network} refused to ${hidden ? "hide" : "unhide"} it; nothing changed: ${message}`;
    if (err instanceof PlatformError && err.failureClass === "rate_limited") throw new HeraldError("rate_limited", what);
    throw new HeraldError("upstream_failed", what);
  }
}

/** Status (open / done / hidden) and assignment, each change in the item's history. */
export async function updateInboxItem(prisma: Db, workspaceId: string, id: string, actor: InboxActor, input: UpdateInboxItemInput, now: Date) {
  const item = await itemOrThrow(prisma, workspaceId, id);
  if (input.assignedToUserId) {
    const member = await prisma.membership.findFirst({ where: { workspaceId, userId: input.assignedToUserId }, select: { id: true } });
    if (!member) throw new HeraldError("bad_request", "Assign the item to a member of this workspace.", { fields: [{ path: "assignedToUserId", message: "Not a member of this workspace." }] });
  }
  const actorFields = { actorUserId: actor.userId, actorType: actor.userId ? "user" : "api_key" };
  const events: Prisma.InboxEventCreateManyInput[] = [];
  const data: Prisma.InboxItemUpdateInput = {};
  if (input.status !== undefined && input.status !== item.status) {
    data.status = input.status;
    const action = input.status === "open" ? "reopened" : input.status;
    // Into or out of hidden: on the network too where it can (before anything is written).
    const hiding = input.status === "hidden" || item.status === "hidden";
    const remote = hiding ? await hideOnNetwork(prisma, workspaceId, item, input.status === "hidden") : false;
    events.push({ workspaceId, itemId: id, ...actorFields, action, detail: hiding ? { remote } : undefined, createdAt: now });
  }
  if (input.assignedToUserId !== undefined && input.assignedToUserId !== item.assignedToUserId) {
    data.assignedToUserId = input.assignedToUserId;
    events.push({ workspaceId, itemId: id, ...actorFields, action: input.assignedToUserId ? "assigned" : "unassigned", detail: { to: input.assignedToUserId }, createdAt: now });
  }
  if (!events.length) return itemOrThrow(prisma, workspaceId, id);
  return prisma.$transaction(async (tx) => {
    const updated = await tx.inboxItem.update({ where: { id }, data: { ...data, updatedAt: now }, select: itemSelect });
    await tx.inboxEvent.createMany({ data: events });
    await tx.event.create({ data: { workspaceId, type: "inbox:updated", payload: { itemId: id, status: updated.status }, createdAt: now } });
    return updated;
  });
}
