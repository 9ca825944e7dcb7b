// Escalation (docs/decisions.md, "Inbox"): a new inbox item classified negative or as a complaint
// notifies the workspace's admins (lib/notifications.ts), one notification per item (its id is the
// dedupe key), so a repeated sweep never tells them twice. Simulated items escalate too, labelled.
import type { Db } from "../db";
import { ADMINS, excerpt, notify } from "../notifications";

export async function escalateNew(prisma: Db, workspaceId: string, itemIds: readonly string[], now: Date): Promise<number> {
  if (!itemIds.length) return 0;
  const items = await prisma.inboxItem.findMany({
    where: { workspaceId, id: { in: [...itemIds] }, OR: [{ sentiment: "negative" }, { intent: "complaint" }] },
    select: { id: true, platform: true, authorHandle: true, text: true, simulated: true, intent: true },
  });
  let n = 0;
  for (const it of items) {
    const created = await notify(prisma, {
      workspaceId,
      kind: "inbox_escalation",
      dedupeKey: `inbox:${it.id}`,
      title: `${it.intent === "complaint" ? "Complaint" : "Negative reply"} from @${it.authorHandle} on ${it.platform}${it.simulated ? " (simulated)" : ""}`,
      body: excerpt(it.text, 500),
      link: `/dashboard/inbox?item=${encodeURIComponent(it.id)}`,
      audience: ADMINS,
      now,
    });
    if (created.length) n++;
  }
  return n;
}
