// Keeps what a sweep collected (docs/decisions.md, "Inbox"): one upsert per item, unique per
// account × remote id, so a repeated or overlapping sweep never duplicates; new items get a
// "collected" history entry, a classification, one live event for the open dashboards, and an
// inbox.item webhook on the same transaction (docs/decisions.md, "Webhooks").
import type { Db } from "../db";
import type { AccountContext } from "../social/types";
import { emitInboxItem } from "../webhooks";
import { classifyByRules } from "./classify";
import type { CollectedItem } from "./types";

export interface StoreResult {
  /** Ids of the items this call inserted (not ones it only refreshed). */
  inserted: string[];
  updated: number;
  deleted: number;
}

/** Text longer than this is cut: a comment is never a document. */
const MAX_TEXT = 10_000;

export async function storeCollected(
  prisma: Db,
  account: Pick<AccountContext, "id" | "workspaceId" | "platform">,
  items: readonly CollectedItem[],
  deletedIds: readonly string[],
  now: Date,
): Promise<StoreResult> {
  const result: StoreResult = { inserted: [], updated: 0, deleted: 0 };
  if (!items.length && !deletedIds.length) return result;
  await prisma.$transaction(async (tx) => {
    const kinds = new Map<string, string>();
    for (const it of items) {
      const c = classifyByRules(it.text);
      // The post it answers: one of our targets on this account (by the network's id of the
      // parent or the thread's root), or whatever the parent inbox item answers.
      const rows = await tx.$queryRaw<{ id: string; inserted: boolean }[]>`
        INSERT INTO "InboxItem" (id, "workspaceId", "accountId", platform, kind, "remoteId", "remoteParentId", "remoteRootId",
                                 "postTargetId", "authorHandle", "authorName", text, url, simulated, "remoteCreatedAt",
                                 "collectedAt", sentiment, intent, "classifiedBy", "createdAt", "updatedAt")
        VALUES (gen_random_uuid()::text, ${account.workspaceId}, ${account.id}, ${account.platform}::"Platform",
                ${it.kind}::"InboxKind", ${it.remoteId}, ${it.remoteParentId ?? null}, ${it.remoteRootId ?? null},
                COALESCE(
                  (SELECT pt.id FROM "PostTarget" pt WHERE pt."accountId" = ${account.id}
                     AND pt."platformPostId" IN (${it.remoteParentId ?? null}, ${it.remoteRootId ?? null}) LIMIT 1),
                  (SELECT p."postTargetId" FROM "InboxItem" p WHERE p."accountId" = ${account.id}
                     AND p."remoteId" = ${it.remoteParentId ?? null} LIMIT 1)),
                ${it.authorHandle.slice(0, 300)}, ${it.authorName?.slice(0, 300) ?? null}, ${it.text.slice(0, MAX_TEXT)},
                ${it.url ?? null}, ${it.simulated}, ${it.remoteCreatedAt}::timestamp, ${now}::timestamp,
                ${c.sentiment}, ${c.intent}, ${c.classifiedBy}, ${now}::timestamp, ${now}::timestamp)
        ON CONFLICT ("accountId", "remoteId") DO UPDATE
          SET text = EXCLUDED.text, "authorName" = EXCLUDED."authorName", "updatedAt" = EXCLUDED."updatedAt"
          WHERE "InboxItem".text IS DISTINCT FROM EXCLUDED.text OR "InboxItem"."authorName" IS DISTINCT FROM EXCLUDED."authorName"
        RETURNING id, (xmax = 0) AS inserted`;
      const row = rows[0];
      if (!row) continue;
      if (row.inserted) {
        result.inserted.push(row.id);
        kinds.set(row.id, it.kind);
      } else result.updated++;
    }
    if (deletedIds.length) {
      const gone = await tx.inboxItem.findMany({
        where: { accountId: account.id, remoteId: { in: [...deletedIds] }, deletedAt: null },
        select: { id: true },
      });
      if (gone.length) {
        await tx.inboxItem.updateMany({ where: { id: { in: gone.map((g) => g.id) } }, data: { deletedAt: now } });
        await tx.inboxEvent.createMany({
          data: gone.map((g) => ({ workspaceId: account.workspaceId, itemId: g.id, actorType: "system", action: "deleted_remote", createdAt: now })),
        });
        result.deleted = gone.length;
      }
    }
    if (result.inserted.length) {
      await tx.inboxEvent.createMany({
        data: result.inserted.map((id) => ({ workspaceId: account.workspaceId, itemId: id, actorType: "system", action: "collected", createdAt: now })),
      });
      // An item and its deliveries commit together; a re-sweep inserts nothing, so emits nothing.
      for (const id of result.inserted) {
        await emitInboxItem(tx, { workspaceId: account.workspaceId, inboxItemId: id, accountId: account.id, platform: account.platform, kind: kinds.get(id) ?? "reply", now });
      }
    }
    if (result.inserted.length || result.deleted) {
      await tx.event.create({
        data: {
          workspaceId: account.workspaceId,
          type: "inbox:updated",
          payload: { accountId: account.id, platform: account.platform, added: result.inserted.length, deleted: result.deleted },
          createdAt: now,
        },
      });
    }
  });
  return result;
}
