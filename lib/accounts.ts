// Social accounts of a workspace: connect (credentials encrypted at rest), list, reconnect,
// disconnect. Credentials never leave this module in a response.
import type { Prisma } from "./generated/prisma/client";
import type { Platform } from "./generated/prisma/enums";
import { encryptJson } from "./crypto";
import type { Db } from "./db";
import { HeraldError } from "./errors";
import { credentialsSchema, platformModule, specFor } from "./social/registry";
import { zodFieldErrors } from "./errors";
import { checkTarget, refusalOf } from "./net/guarded-fetch";
import { webhookAccountId } from "./social/webhook-accounts";
import type { CreateAccountInput, UpdateAccountInput } from "./validation/accounts";
import { clock } from "./clock";

export const accountSelect = {
  id: true,
  platform: true,
  handle: true,
  displayName: true,
  status: true,
  tokenExpiresAt: true,
  rateLimitedUntil: true,
  simulation: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.SocialAccountSelect;

type AccountRow = Prisma.SocialAccountGetPayload<{ select: typeof accountSelect }> & { credentials?: string | null };

/** The public view: says whether the account is simulated, never what its credentials are. */
export function accountView(row: AccountRow, simulated: boolean) {
  const { credentials: _omit, ...rest } = row;
  return { ...rest, simulated, platformLabel: specFor(row.platform).label };
}

/**
 * Refuses credentials whose server is a private, local or reserved address, with a field error.
 * Publishing checks again (the guarded fetch, lib/net/guarded-fetch.ts): DNS may change later.
 * A name that does not resolve now is let through; publishing reports it.
 */
async function assertPublicServer(platform: Platform, credentials: Record<string, unknown>): Promise<void> {
  // The credential field that names a server Herald will call: the user chooses it (SSRF).
  const field = platformModule(platform).addressField;
  const value = field ? credentials[field] : undefined;
  if (!field || typeof value !== "string") return;
  const refused = await checkTarget(value).then(
    () => undefined,
    (err: unknown) => refusalOf(err),
  );
  if (refused) {
    const message = `${refused.message} Enter the address of a public ${specFor(platform).label} server.`;
    throw new HeraldError("validation_failed", message, { fields: [{ path: `credentials.${field}`, message }] });
  }
}

/** Validated, checked and encrypted credentials, with the id the network's webhooks use for the account. */
async function sealCredentials(platform: Platform, credentials: Record<string, string>): Promise<{ sealed: string; webhookAccountId: string | null }> {
  const schema = credentialsSchema(platform);
  if (!schema) {
    throw new HeraldError("validation_failed", `Publishing to ${specFor(platform).label} with credentials is not available yet.`, {
      fields: [{ path: "credentials", message: "Leave credentials out to use simulation mode for now." }],
    });
  }
  const parsed = schema.safeParse(credentials);
  if (!parsed.success) {
    throw new HeraldError("validation_failed", `These are not valid ${specFor(platform).label} credentials.`, {
      fields: zodFieldErrors(parsed.error).map((f) => ({ ...f, path: `credentials.${f.path}` })),
    });
  }
  await assertPublicServer(platform, parsed.data);
  return { sealed: encryptJson(parsed.data), webhookAccountId: webhookAccountId(platform, parsed.data) };
}

async function hasCredentials(prisma: Db, ids: string[]): Promise<Set<string>> {
  const rows = await prisma.socialAccount.findMany({
    where: { id: { in: ids }, credentials: { not: null } },
    select: { id: true },
  });
  return new Set(rows.map((r) => r.id));
}

async function view(prisma: Db, row: AccountRow) {
  return accountView(row, !(await hasCredentials(prisma, [row.id])).has(row.id));
}

export async function createAccount(prisma: Db, workspaceId: string, input: CreateAccountInput) {
  const credentials = input.credentials ? await sealCredentials(input.platform, input.credentials) : null;
  const row = await prisma.socialAccount.create({
    data: {
      workspaceId,
      platform: input.platform,
      handle: input.handle,
      displayName: input.displayName,
      credentials: credentials?.sealed ?? null,
      webhookAccountId: credentials?.webhookAccountId ?? null,
      tokenExpiresAt: input.tokenExpiresAt ? new Date(input.tokenExpiresAt) : null,
      simulation: input.simulation,
    },
    select: accountSelect,
  });
  await scheduleRefresh(prisma, workspaceId, row.id, row.tokenExpiresAt);
  return accountView(row, credentials === null);
}

export async function listAccounts(prisma: Db, workspaceId: string) {
  const rows = await prisma.socialAccount.findMany({ where: { workspaceId }, select: accountSelect, orderBy: { createdAt: "asc" } });
  const real = await hasCredentials(prisma, rows.map((r) => r.id));
  return rows.map((r) => accountView(r, !real.has(r.id)));
}

export async function getAccountOrThrow(prisma: Db, workspaceId: string, id: string) {
  const row = await prisma.socialAccount.findFirst({ where: { id, workspaceId }, select: accountSelect });
  if (!row) throw new HeraldError("not_found", "Account not found.");
  return view(prisma, row);
}

/**
 * Updates an account. New credentials reconnect it: status active, rate limit cleared, and the
 * tasks that failed because of its credentials are queued again (the scheduler's "retry after
 * reconnect").
 */
export async function updateAccount(prisma: Db, workspaceId: string, id: string, input: UpdateAccountInput, now = clock.now()) {
  const current = await prisma.socialAccount.findFirst({ where: { id, workspaceId }, select: { platform: true } });
  if (!current) throw new HeraldError("not_found", "Account not found.");
  const reconnect = input.credentials !== undefined;
  const sealed = input.credentials ? await sealCredentials(current.platform, input.credentials) : null;
  const data: Prisma.SocialAccountUpdateInput = {
    ...(input.displayName !== undefined && { displayName: input.displayName }),
    ...(input.simulation !== undefined && { simulation: input.simulation ?? undefined }),
    ...(input.tokenExpiresAt !== undefined && { tokenExpiresAt: input.tokenExpiresAt ? new Date(input.tokenExpiresAt) : null }),
    ...(reconnect && {
      credentials: sealed?.sealed ?? null,
      webhookAccountId: sealed?.webhookAccountId ?? null,
      status: "active",
      rateLimitedUntil: null,
    }),
  };
  const requeued = await prisma.$transaction(async (tx) => {
    await tx.socialAccount.update({ where: { id }, data });
    if (!reconnect) return 0;
    const { count } = await tx.agentTask.updateMany({
      where: { workspaceId, accountId: id, status: "failed", lastFailureClass: "auth" },
      data: { status: "pending", scheduledAt: now, retryCount: 0, lastError: null, lastErrorCode: null, lastFailureClass: null },
    });
    await tx.postTarget.updateMany({
      where: { workspaceId, accountId: id, status: "failed", tasks: { some: { status: "pending", accountId: id } } },
      data: { status: "pending", error: null },
    });
    return count;
  });
  const row = await prisma.socialAccount.findFirstOrThrow({ where: { id, workspaceId }, select: accountSelect });
  if (input.tokenExpiresAt !== undefined) await scheduleRefresh(prisma, workspaceId, id, row.tokenExpiresAt);
  return { account: await view(prisma, row), requeuedTasks: requeued };
}

/** Disconnects an account: its pending tasks are cancelled, then it is deleted. */
export async function deleteAccount(prisma: Db, workspaceId: string, id: string) {
  return prisma.$transaction(async (tx) => {
    const found = await tx.socialAccount.findFirst({ where: { id, workspaceId }, select: { id: true } });
    if (!found) throw new HeraldError("not_found", "Account not found.");
    const { count } = await tx.agentTask.updateMany({
      where: { workspaceId, accountId: id, status: { in: ["pending", "needs_review"] } },
      data: { status: "cancelled", lastError: "The account was disconnected." },
    });
    await tx.socialAccount.delete({ where: { id } });
    return { cancelledTasks: count };
  });
}

/** How long before expiry Herald refreshes a long-lived token. */
export const REFRESH_LEAD_MS = 24 * 60 * 60 * 1000;

/**
 * How long before expiry to refresh a token that has `lifetimeMs` left: a day, but never more than
 * a quarter of its life (at least a minute), so a token that lives an hour (Reddit's) is renewed
 * after 45 minutes instead of at once, and again on every process call after that.
 */
export function refreshLeadMs(lifetimeMs: number): number {
  return Math.min(REFRESH_LEAD_MS, Math.max(60_000, lifetimeMs / 4));
}

/** Queues a refresh_token task ahead of the token's expiry (refreshLeadMs), or now if that is sooner. */
export async function scheduleRefresh(prisma: Db, workspaceId: string, accountId: string, expiresAt: Date | null, now = clock.now()) {
  if (!expiresAt) return;
  const left = expiresAt.getTime() - now.getTime();
  const at = new Date(Math.max(now.getTime(), expiresAt.getTime() - refreshLeadMs(left)));
  const account = await prisma.socialAccount.findFirst({ where: { id: accountId, workspaceId }, select: { platform: true } });
  if (!account) return;
  await prisma.agentTask.createMany({
    data: [
      {
        workspaceId,
        type: "refresh_token",
        platform: account.platform,
        accountId,
        scheduledAt: at,
        idempotencyKey: `refresh:${accountId}:${expiresAt.toISOString()}`,
        maxRetries: 5,
      },
    ],
    skipDuplicates: true,
  });
}
