// Re-encrypts every stored secret with the current CREDENTIALS_KEY (docs/decisions.md, "Credential
// key rotation"): account credentials, the OAuth sign-in states kept in Verification and Bluesky's
// OAuth sessions (BlueskyOAuthSession). Each row
// is written only if it still holds what was read (a token refresh at the same moment wins and is
// already sealed with the current key), in batches by id, so a run can be repeated or resumed.
// Rows no configured key opens are counted and named by id — never by content — and left alone.
import type { Db } from "./db";
import { currentKeyId, decryptJson, encryptJson, keyIdOf } from "./crypto";
import { OAUTH_STATE_PREFIX } from "./social/oauth";

export interface RotationResult {
  /** Rows sealed again with the current key. */
  rotated: number;
  /** Rows already sealed with it. */
  current: number;
  /** Rows changed by someone else between our read and our write (already current then). */
  raced: number;
  /** Rows no configured key opens: `table:id`. */
  unreadable: string[];
}

interface Table {
  name: string;
  read: (prisma: Db, after: string | null, take: number) => Promise<{ id: string; value: string | null }[]>;
  write: (prisma: Db, id: string, from: string, to: string) => Promise<number>;
}

const TABLES: Table[] = [
  {
    name: "SocialAccount",
    read: async (prisma, after, take) =>
      (
        await prisma.socialAccount.findMany({
          where: { credentials: { not: null }, ...(after && { id: { gt: after } }) },
          orderBy: { id: "asc" },
          take,
          select: { id: true, credentials: true },
        })
      ).map((r) => ({ id: r.id, value: r.credentials })),
    write: async (prisma, id, from, to) => (await prisma.socialAccount.updateMany({ where: { id, credentials: from }, data: { credentials: to } })).count,
  },
  {
    // OAuth sign-in states (lib/social/oauth.ts) are sealed too; Better Auth's own rows are not ours.
    name: "Verification",
    read: async (prisma, after, take) =>
      prisma.verification.findMany({
        where: { identifier: { startsWith: OAUTH_STATE_PREFIX }, ...(after && { id: { gt: after } }) },
        orderBy: { id: "asc" },
        take,
        select: { id: true, value: true },
      }),
    write: async (prisma, id, from, to) => (await prisma.verification.updateMany({ where: { id, value: from }, data: { value: to } })).count,
  },
  {
    // Bluesky OAuth sessions (lib/social/bluesky/oauth.ts): DPoP key and tokens, one per account.
    name: "BlueskyOAuthSession",
    read: async (prisma, after, take) =>
      (
        await prisma.blueskyOAuthSession.findMany({
          where: after ? { socialAccountId: { gt: after } } : {},
          orderBy: { socialAccountId: "asc" },
          take,
          select: { socialAccountId: true, credentials: true },
        })
      ).map((r) => ({ id: r.socialAccountId, value: r.credentials })),
    write: async (prisma, id, from, to) => (await prisma.blueskyOAuthSession.updateMany({ where: { socialAccountId: id, credentials: from }, data: { credentials: to } })).count,
  },
];

export async function rotateCredentials(prisma: Db, opts: { batchSize?: number } = {}): Promise<RotationResult> {
  const take = opts.batchSize ?? 200;
  const kid = currentKeyId();
  const out: RotationResult = { rotated: 0, current: 0, raced: 0, unreadable: [] };
  for (const table of TABLES) {
    let after: string | null = null;
    for (;;) {
      const rows = await table.read(prisma, after, take);
      if (!rows.length) break;
      after = rows[rows.length - 1].id;
      for (const { id, value } of rows) {
        if (!value) continue;
        if (keyIdOf(value) === kid) {
          out.current++;
          continue;
        }
        let plain: unknown;
        try {
          plain = decryptJson(value);
        } catch {
          out.unreadable.push(`${table.name}:${id}`);
          continue;
        }
        if ((await table.write(prisma, id, value, encryptJson(plain))) === 1) out.rotated++;
        else out.raced++;
      }
    }
  }
  return out;
}
