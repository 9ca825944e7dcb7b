// Which connected accounts a webhook delivery is for. Meta's webhooks name an account by the
// network's own id (Instagram: the IG user id; WhatsApp: the phone number id), which lives in the
// encrypted credentials; `SocialAccount.webhookAccountId` keeps a copy so that a delivery finds its
// accounts by index instead of decrypting every account of the network (docs/inbox.md).
import type { Db } from "../db";
import { decryptJson } from "../crypto";
import type { Platform, Prisma } from "../generated/prisma/client";

const ID_FIELD: Partial<Record<Platform, string>> = { instagram: "igUserId", whatsapp: "phoneNumberId" };

/**
 * The id the network's webhooks name this account by, from its plain credentials: null where the
 * network sends none. An empty string means "read, and there is none", so it is not read again.
 */
export function webhookAccountId(platform: Platform, credentials: Record<string, unknown> | null | undefined): string | null {
  const field = ID_FIELD[platform];
  if (!field || !credentials) return null;
  const v = credentials[field];
  return typeof v === "string" ? v : "";
}

export interface WebhookAccount {
  id: string;
  workspaceId: string;
}

/**
 * The accounts of `platform` (matching `where`) whose webhook id is `id`. An account connected
 * before the column existed has it null: its credentials are read once and the id written back.
 */
export async function accountsByWebhookId(
  prisma: Db,
  platform: "instagram" | "whatsapp",
  id: string,
  where: Prisma.SocialAccountWhereInput = {},
): Promise<WebhookAccount[]> {
  const rows = await prisma.socialAccount.findMany({
    where: { ...where, platform, credentials: { not: null }, OR: [{ webhookAccountId: id }, { webhookAccountId: null }] },
    select: { id: true, workspaceId: true, webhookAccountId: true, credentials: true },
  });
  const out: WebhookAccount[] = [];
  for (const r of rows) {
    let known = r.webhookAccountId;
    if (known === null) {
      let plain: Record<string, unknown>;
      try {
        plain = decryptJson<Record<string, unknown>>(r.credentials!);
      } catch {
        continue; // unreadable credentials (a key rotation may still open them): not this account, read again next time
      }
      known = webhookAccountId(platform, plain) ?? "";
      // Only if nobody wrote new credentials (and their id) since this read.
      await prisma.socialAccount.updateMany({ where: { id: r.id, webhookAccountId: null, credentials: r.credentials }, data: { webhookAccountId: known } });
    }
    if (known === id) out.push({ id: r.id, workspaceId: r.workspaceId });
  }
  return out;
}
