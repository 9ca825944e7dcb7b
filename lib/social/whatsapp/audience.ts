// Who a WhatsApp post goes to (docs/whatsapp.md): the opted-in members of the chosen recipient
// lists and the single recipients chosen, never anyone who opted out. Read when scheduling (a
// list or recipient that does not exist, or a recipient without opt-in, is a field error: nothing
// is scheduled) and again when sending (somebody may have opted out in between).
import type { Db } from "../../db";
import type { PublishContent, ValidationProblem } from "../types";
import type { WhatsappFields } from "./fields";

export interface AudienceMember {
  id: string;
  phone: string;
  name: string | null;
  lastInboundAt: Date | null;
}

/** Recipients outside this window since their last message get templates only. */
export const SERVICE_WINDOW_MS = 24 * 3600 * 1000;

export function inServiceWindow(r: Pick<AudienceMember, "lastInboundAt">, now: Date): boolean {
  return r.lastInboundAt !== null && now.getTime() - r.lastInboundAt.getTime() < SERVICE_WINDOW_MS;
}

const audienceWhere = (workspaceId: string, fields: WhatsappFields) => ({
  workspaceId,
  optedOutAt: null,
  OR: [{ id: { in: fields.recipientIds ?? [] } }, { lists: { some: { listId: { in: fields.listIds ?? [] }, list: { workspaceId } } } }],
});

/** Everyone the post goes to now, once each, in a stable order; opted-out people are left out. */
export async function resolveAudience(db: Db, workspaceId: string, fields: WhatsappFields | undefined): Promise<AudienceMember[]> {
  if (!fields?.listIds?.length && !fields?.recipientIds?.length) return [];
  return db.recipient.findMany({
    where: audienceWhere(workspaceId, fields),
    select: { id: true, phone: true, name: true, lastInboundAt: true },
    orderBy: { id: "asc" },
  });
}

/** "+44 7700 900123"-ish for messages: the digits with a plus (never more of the person than that). */
export const shownPhone = (phone: string) => `+${phone}`;

/**
 * The schedule-time check of config.whatsapp against the workspace's recipients: every list and
 * recipient exists here, chosen recipients have not opted out, and somebody is left to send to.
 */
export async function checkAudience(db: Db, workspaceId: string, content: PublishContent): Promise<ValidationProblem[]> {
  const w = content.whatsapp;
  if (!w?.listIds?.length && !w?.recipientIds?.length) return []; // the spec's check says so already
  const problems: ValidationProblem[] = [];
  const listIds = [...new Set(w.listIds ?? [])];
  const recipientIds = [...new Set(w.recipientIds ?? [])];
  const [lists, people] = await Promise.all([
    db.recipientList.findMany({ where: { workspaceId, id: { in: listIds } }, select: { id: true } }),
    db.recipient.findMany({ where: { workspaceId, id: { in: recipientIds } }, select: { id: true, phone: true, optedOutAt: true } }),
  ]);
  const missingLists = listIds.filter((id) => !lists.some((l) => l.id === id));
  if (missingLists.length) {
    problems.push({ platform: "whatsapp", field: "whatsapp.listIds", message: `No recipient list ${missingLists.join(", ")} in this workspace.` });
  }
  const missing = recipientIds.filter((id) => !people.some((p) => p.id === id));
  if (missing.length) {
    problems.push({ platform: "whatsapp", field: "whatsapp.recipientIds", message: `No recipient ${missing.join(", ")} in this workspace.` });
  }
  const out = people.filter((p) => p.optedOutAt);
  if (out.length) {
    const who = out.slice(0, 5).map((p) => shownPhone(p.phone)).join(", ") + (out.length > 5 ? ` and ${out.length - 5} more` : "");
    problems.push({ platform: "whatsapp", field: "whatsapp.recipientIds", message: `${who} opted out of WhatsApp messages; remove them.` });
  }
  if (!problems.length && (await db.recipient.count({ where: audienceWhere(workspaceId, w) })) === 0) {
    problems.push({ platform: "whatsapp", field: "whatsapp.listIds", message: "Nobody on these lists has opted in (or everyone opted out)." });
  }
  return problems;
}
