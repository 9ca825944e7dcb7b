// A workspace's WhatsApp recipients and recipient lists (docs/whatsapp.md): who agreed to get
// messages, where and when, and who asked to stop. Every query is scoped to the workspace.
import { clock } from "./clock";
import type { Db } from "./db";
import { HeraldError, unknownCursor } from "./errors";
import type { Prisma } from "./generated/prisma/client";
import type { CreateRecipientInput, RecipientQuery, UpdateRecipientInput } from "./validation/recipients";

const recipientSelect = {
  id: true,
  phone: true,
  name: true,
  optInSource: true,
  optInAt: true,
  optedOutAt: true,
  optOutSource: true,
  lastInboundAt: true,
  createdAt: true,
  lists: { select: { list: { select: { id: true, name: true } } }, orderBy: { list: { name: "asc" } } },
} satisfies Prisma.RecipientSelect;

type RecipientRow = Prisma.RecipientGetPayload<{ select: typeof recipientSelect }>;

/** The API's view: the number with its "+", the lists by id and name. */
function recipientView({ lists, phone, ...r }: RecipientRow) {
  return { ...r, phone: `+${phone}`, optedIn: r.optedOutAt === null, lists: lists.map((m) => m.list) };
}
export type RecipientView = ReturnType<typeof recipientView>;

/** The lists must all be this workspace's: another's (or none) is 400 naming them. */
async function assertLists(db: Db | Prisma.TransactionClient, workspaceId: string, listIds: string[] | undefined): Promise<string[]> {
  const ids = [...new Set(listIds ?? [])];
  if (!ids.length) return ids;
  const found = await db.recipientList.findMany({ where: { workspaceId, id: { in: ids } }, select: { id: true } });
  const missing = ids.filter((id) => !found.some((f) => f.id === id));
  if (missing.length) {
    throw new HeraldError("validation_failed", "Some recipient lists do not exist.", { fields: [{ path: "listIds", message: `No list ${missing.join(", ")} in this workspace.` }] });
  }
  return ids;
}

export async function listRecipients(db: Db, workspaceId: string, q: RecipientQuery) {
  const digits = q.q?.replace(/\D/g, "");
  const where: Prisma.RecipientWhereInput = {
    workspaceId,
    ...(q.listId && { lists: { some: { listId: q.listId } } }),
    ...(q.status === "opted_in" && { optedOutAt: null }),
    ...(q.status === "opted_out" && { optedOutAt: { not: null } }),
    ...(q.q && { OR: [{ name: { contains: q.q, mode: "insensitive" } }, ...(digits ? [{ phone: { contains: digits } }] : [])] }),
  };
  if (q.cursor) {
    // A cursor from another workspace (or a deleted recipient) is a bad request, not someone's data.
    const c = await db.recipient.findFirst({ where: { id: q.cursor, workspaceId }, select: { id: true } });
    if (!c) throw unknownCursor();
  }
  const rows = await db.recipient.findMany({
    where,
    select: recipientSelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    ...(q.cursor && { cursor: { id: q.cursor }, skip: 1 }),
  });
  const page = rows.slice(0, q.limit);
  return { recipients: page.map(recipientView), nextCursor: rows.length > q.limit ? page[page.length - 1].id : null };
}

export async function createRecipient(db: Db, workspaceId: string, input: CreateRecipientInput, now = clock.now()) {
  const optInAt = input.optInAt ? new Date(input.optInAt) : now;
  if (optInAt > now) throw new HeraldError("validation_failed", "The opt-in cannot be in the future.", { fields: [{ path: "optInAt", message: "The opt-in cannot be in the future." }] });
  return db.$transaction(async (tx) => {
    const listIds = await assertLists(tx, workspaceId, input.listIds);
    const existing = await tx.recipient.findUnique({ where: { workspaceId_phone: { workspaceId, phone: input.phone } }, select: { id: true } });
    if (existing) throw new HeraldError("conflict", `+${input.phone} is already a recipient of this workspace.`, { details: { recipientId: existing.id } });
    const row = await tx.recipient.create({
      data: {
        workspaceId,
        phone: input.phone,
        name: input.name,
        optInSource: input.optInSource,
        optInAt,
        lists: { create: listIds.map((listId) => ({ listId })) },
      },
      select: recipientSelect,
    });
    return recipientView(row);
  });
}

export async function updateRecipient(db: Db, workspaceId: string, id: string, input: UpdateRecipientInput, now = clock.now()) {
  return db.$transaction(async (tx) => {
    const current = await tx.recipient.findFirst({ where: { id, workspaceId }, select: { optedOutAt: true } });
    if (!current) throw new HeraldError("not_found", "Recipient not found.");
    const listIds = input.listIds && (await assertLists(tx, workspaceId, input.listIds));
    const optOut = input.optedOut === true && current.optedOutAt === null;
    const optIn = input.optedOut === false && current.optedOutAt !== null;
    const row = await tx.recipient.update({
      where: { id },
      data: {
        ...(input.name !== undefined && { name: input.name || null }),
        ...(optOut && { optedOutAt: now, optOutSource: "by hand" }),
        ...(optIn && { optedOutAt: null, optOutSource: null, optInSource: input.optInSource, optInAt: now }),
        ...(listIds && { lists: { deleteMany: {}, create: listIds.map((listId) => ({ listId })) } }),
      },
      select: recipientSelect,
    });
    return recipientView(row);
  });
}

export async function deleteRecipient(db: Db, workspaceId: string, id: string) {
  const { count } = await db.recipient.deleteMany({ where: { id, workspaceId } });
  if (!count) throw new HeraldError("not_found", "Recipient not found.");
  return { deleted: true };
}

/** The lists with how many on each can be messaged (opted in) and how many opted out. */
export async function listRecipientLists(db: Db, workspaceId: string) {
  const lists = await db.recipientList.findMany({ where: { workspaceId }, select: { id: true, name: true, createdAt: true }, orderBy: { name: "asc" } });
  const counts = await db.recipientListMember.groupBy({
    by: ["listId"],
    where: { list: { workspaceId }, recipient: { optedOutAt: null } },
    _count: true,
  });
  const all = await db.recipientListMember.groupBy({ by: ["listId"], where: { list: { workspaceId } }, _count: true });
  const of = (rows: { listId: string; _count: number }[], id: string) => rows.find((r) => r.listId === id)?._count ?? 0;
  return lists.map((l) => ({ ...l, optedIn: of(counts, l.id), optedOut: of(all, l.id) - of(counts, l.id) }));
}

/** 409 when another list of the workspace has this name (`except`: the list being renamed). */
async function assertListNameFree(db: Db, workspaceId: string, name: string, except?: string) {
  const clash = await db.recipientList.findFirst({ where: { workspaceId, name, ...(except && { id: { not: except } }) }, select: { id: true } });
  if (clash) throw new HeraldError("conflict", `There is already a list called "${name}".`);
}

export async function createRecipientList(db: Db, workspaceId: string, name: string) {
  await assertListNameFree(db, workspaceId, name);
  const list = await db.recipientList.create({ data: { workspaceId, name }, select: { id: true, name: true, createdAt: true } });
  return { ...list, optedIn: 0, optedOut: 0 };
}

export async function renameRecipientList(db: Db, workspaceId: string, id: string, name: string) {
  const found = await db.recipientList.findFirst({ where: { id, workspaceId }, select: { id: true } });
  if (!found) throw new HeraldError("not_found", "Recipient list not found.");
  await assertListNameFree(db, workspaceId, name, id);
  return db.recipientList.update({ where: { id }, data: { name }, select: { id: true, name: true, createdAt: true } });
}

/** Deletes a list; its recipients stay (on their other lists, or none). */
export async function deleteRecipientList(db: Db, workspaceId: string, id: string) {
  const { count } = await db.recipientList.deleteMany({ where: { id, workspaceId } });
  if (!count) throw new HeraldError("not_found", "Recipient list not found.");
  return { deleted: true };
}

/** A WhatsApp post's delivery, per recipient: what the webhook last said about each copy. */
export async function postDeliveries(db: Db, workspaceId: string, postId: string) {
  const post = await db.post.findFirst({ where: { id: postId, workspaceId }, select: { id: true } });
  if (!post) throw new HeraldError("not_found", "Post not found.");
  const keys = await db.agentTask.findMany({ where: { workspaceId, platform: "whatsapp", postTarget: { postId } }, select: { idempotencyKey: true, accountId: true } });
  const rows = keys.length
    ? await db.whatsAppMessage.findMany({
        where: { workspaceId, OR: keys.map((k) => ({ broadcastKey: k.idempotencyKey, accountId: k.accountId ?? "" })) },
        select: { status: true, kind: true, error: true, statusAt: true, recipient: { select: { id: true, phone: true, name: true } } },
        // Copies of one send share its clock time: then by number, so the list reads the same every time.
        orderBy: [{ createdAt: "asc" }, { recipient: { phone: "asc" } }],
      })
    : [];
  const totals: Record<string, number> = {};
  for (const r of rows) totals[r.status] = (totals[r.status] ?? 0) + 1;
  return {
    totals,
    deliveries: rows.map(({ recipient, ...r }) => ({ ...r, recipient: { ...recipient, phone: `+${recipient.phone}` } })),
  };
}
