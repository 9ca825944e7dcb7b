// Audit log (docs/decisions.md, "Audit log"): who did what in a workspace and when — sign-ins,
// members and roles, accounts, API keys, post decisions, settings and exports — readable and
// exportable by admins, kept AUDIT_RETENTION_DAYS.
import { db, type Db } from "./db";
import { clock } from "./clock";
import { env } from "./env";
import { logger } from "./logger";
import { unknownCursor } from "./errors";
import type { Actor } from "./api/handler";
import { Prisma } from "./generated/prisma/client";

import { AUDIT_ACTIONS, type AuditAction } from "./audit-actions";

export { AUDIT_ACTIONS, type AuditAction };

/** Who did it, as the log keeps it: a person (id and email), an API key (id and prefix), or Herald. */
export interface AuditActor {
  type: "user" | "api_key" | "system";
  id: string | null;
  label: string;
}

export interface AuditEntry {
  workspaceId: string;
  actor: AuditActor;
  action: AuditAction;
  target?: { type: string; id: string };
  detail?: Record<string, unknown>;
  ip?: string | null;
}

/** The caller's address as the proxy in front (Vercel) reports it; the log shows it, nothing decides on it. */
export function requestIp(req: Request | Headers | undefined): string | null {
  if (!req) return null;
  const h = req instanceof Headers ? req : req.headers;
  const first = h.get("x-forwarded-for")?.split(",")[0]?.trim() || h.get("x-real-ip")?.trim();
  return first ? first.slice(0, 64) : null;
}

/** Resolves a route's Actor (lib/api/handler.ts) to the label the log keeps. */
export async function auditActor(actor: Actor, prisma: Db = db()): Promise<AuditActor> {
  if (actor.type === "user") {
    const u = await prisma.user.findUnique({ where: { id: actor.userId }, select: { email: true } });
    return { type: "user", id: actor.userId, label: u?.email ?? "unknown user" };
  }
  if (actor.apiKeyId) {
    const k = await prisma.apiKey.findUnique({ where: { id: actor.apiKeyId }, select: { prefix: true, name: true } });
    return { type: "api_key", id: actor.apiKeyId, label: k ? `API key ${k.prefix}… (${k.name})` : "API key" };
  }
  return { type: "api_key", id: null, label: "API key" };
}

/** Writes one entry; pass the transaction that makes the change so both land or neither does. */
export async function recordAudit(entry: AuditEntry, prisma: Db | Prisma.TransactionClient = db(), now = clock.now()): Promise<void> {
  await prisma.auditEvent.create({
    data: {
      workspaceId: entry.workspaceId,
      actorType: entry.actor.type,
      actorId: entry.actor.id,
      actorLabel: entry.actor.label.slice(0, 200),
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      detail: (entry.detail as Prisma.InputJsonValue | undefined) ?? Prisma.DbNull,
      ip: entry.ip ?? null,
      createdAt: now,
    },
  });
}

/** For a route, after its change: the actor from its context, the address from its request. */
export async function auditFromRoute(
  ctx: { workspaceId: string; actor: Actor; req: Request },
  action: AuditAction,
  opts: { target?: { type: string; id: string }; detail?: Record<string, unknown> } = {},
  now = clock.now(),
): Promise<void> {
  // Called once the change has committed: a failed write is logged loudly, and the caller still
  // gets the answer that matches what happened (docs/decisions.md, "Audit log").
  try {
    await recordAudit({ workspaceId: ctx.workspaceId, actor: await auditActor(ctx.actor), action, ...opts, ip: requestIp(ctx.req) }, db(), now);
  } catch (err) {
    logger.error({ err, action, workspaceId: ctx.workspaceId }, "audit log write failed");
  }
}

export interface AuditQuery {
  action?: AuditAction;
  actorId?: string;
  from?: Date;
  to?: Date;
  cursor?: string;
  limit?: number;
}

export interface AuditRow {
  id: string;
  at: string;
  actorType: string;
  actorId: string | null;
  actor: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  detail: unknown;
  ip: string | null;
}

function filters(workspaceId: string, q: AuditQuery): Prisma.AuditEventWhereInput {
  return {
    workspaceId,
    ...(q.action ? { action: q.action } : {}),
    ...(q.actorId ? { actorId: q.actorId } : {}),
    ...(q.from || q.to ? { createdAt: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lt: q.to } : {}) } } : {}),
  };
}

const toRow = (e: {
  id: string; createdAt: Date; actorType: string; actorId: string | null; actorLabel: string; action: string;
  targetType: string | null; targetId: string | null; detail: unknown; ip: string | null;
}): AuditRow => ({
  id: e.id,
  at: e.createdAt.toISOString(),
  actorType: e.actorType,
  actorId: e.actorId,
  actor: e.actorLabel,
  action: e.action,
  targetType: e.targetType,
  targetId: e.targetId,
  detail: e.detail,
  ip: e.ip,
});

/** One page of the workspace's log, newest first (cursor: the last row's id). */
export async function listAudit(workspaceId: string, q: AuditQuery = {}): Promise<{ events: AuditRow[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
  let after: Prisma.AuditEventWhereInput = {};
  if (q.cursor) {
    const c = await db().auditEvent.findFirst({ where: { id: q.cursor, workspaceId }, select: { id: true, createdAt: true } });
    if (!c) throw unknownCursor();
    after = { OR: [{ createdAt: { lt: c.createdAt } }, { createdAt: c.createdAt, id: { lt: c.id } }] };
  }
  const rows = await db().auditEvent.findMany({
    where: { AND: [filters(workspaceId, q), after] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit).map(toRow);
  return { events: page, nextCursor: rows.length > limit ? page[page.length - 1].id : null };
}

const CSV_COLUMNS = ["at", "actor", "actorType", "action", "targetType", "targetId", "detail", "ip"] as const;

function csvCell(v: unknown): string {
  let s = v == null ? "" : typeof v === "string" ? v : JSON.stringify(v);
  // A cell a spreadsheet would run as a formula gets a leading apostrophe.
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The whole filtered log as CSV, newest first, read in pages so a long log never sits in memory twice. */
export async function auditCsv(workspaceId: string, q: Omit<AuditQuery, "cursor" | "limit"> = {}): Promise<string> {
  const lines = [CSV_COLUMNS.join(",")];
  let cursor: string | undefined;
  do {
    const page = await listAudit(workspaceId, { ...q, cursor, limit: 200 });
    for (const r of page.events) lines.push(CSV_COLUMNS.map((c) => csvCell(r[c])).join(","));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return lines.join("\r\n") + "\r\n";
}

/** Deletes entries older than the retention (AUDIT_RETENTION_DAYS); the daily cleanup calls it. */
export async function pruneAudit(now = clock.now(), days = env().AUDIT_RETENTION_DAYS): Promise<number> {
  const { count } = await db().auditEvent.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - days * 86_400_000) } } });
  return count;
}

type Loose = Record<string, unknown> | null | undefined;
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/**
 * The audit entries for a Better Auth call that succeeded (lib/auth/server.ts's after hook):
 * sign-ins (one entry in each of the person's workspaces) and member and invitation changes.
 * Never throws: a failed write is logged, the person's call stands.
 */
export async function auditAuthCall(call: {
  path: string;
  actor: { id: string; email: string } | null;
  body: Loose;
  returned: Loose;
  headers?: Headers;
}): Promise<void> {
  try {
    const ip = requestIp(call.headers);
    const actor = (a: { id: string; email: string }): AuditActor => ({ type: "user", id: a.id, label: a.email });
    if (call.path === "/sign-in/email" || call.path.startsWith("/callback/")) {
      const user = (call.returned?.user ?? null) as Loose;
      const id = str(user?.id);
      if (!id) return;
      const email = str(user?.email) ?? "unknown user";
      const memberships = await db().membership.findMany({ where: { userId: id }, select: { workspaceId: true } });
      for (const m of memberships) {
        await recordAudit({ workspaceId: m.workspaceId, actor: actor({ id, email }), action: "auth.sign_in", ip });
      }
      return;
    }
    if (!call.actor) return;
    const r = call.returned;
    const member = ((r?.member as Loose) ?? r) as Loose;
    const invitation = ((r?.invitation as Loose) ?? r) as Loose;
    const ws = (o: Loose) => str(o?.organizationId) ?? str(o?.workspaceId);
    switch (call.path) {
      case "/organization/invite-member": {
        const w = ws(invitation);
        if (w) await recordAudit({ workspaceId: w, actor: actor(call.actor), action: "member.invited", target: { type: "invitation", id: String(invitation?.id) }, detail: { email: invitation?.email, role: invitation?.role }, ip });
        return;
      }
      case "/organization/cancel-invitation": {
        const w = ws(invitation);
        if (w) await recordAudit({ workspaceId: w, actor: actor(call.actor), action: "member.invitation_cancelled", target: { type: "invitation", id: String(invitation?.id) }, detail: { email: invitation?.email }, ip });
        return;
      }
      case "/organization/accept-invitation": {
        const w = ws(member);
        if (w) await recordAudit({ workspaceId: w, actor: actor(call.actor), action: "member.joined", target: { type: "member", id: String(member?.userId ?? call.actor.id) }, detail: { role: member?.role }, ip });
        return;
      }
      case "/organization/update-member-role": {
        const w = ws(member);
        if (w) await recordAudit({ workspaceId: w, actor: actor(call.actor), action: "member.role_changed", target: { type: "member", id: String(member?.userId) }, detail: { role: member?.role, email: (member?.user as Loose)?.email }, ip });
        return;
      }
      case "/organization/remove-member": {
        const w = ws(member);
        if (w) await recordAudit({ workspaceId: w, actor: actor(call.actor), action: "member.removed", target: { type: "member", id: String(member?.userId) }, detail: { email: (member?.user as Loose)?.email }, ip });
        return;
      }
    }
  } catch (err) {
    logger.error({ err, path: call.path }, "audit log write failed");
  }
}
