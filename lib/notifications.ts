// Notifications (docs/decisions.md, "Notifications"): one Notification row per member and cause,
// shown by the dashboard's bell, and for a member who wants email a `notify` task that sends it
// (lib/tasks/notify.ts), so retries and task statistics come from the scheduler. The dedupe key
// names the cause, and rows are inserted with ON CONFLICT DO NOTHING: a retried task or a second
// sweep never notifies the same member twice, and only a new row gets an email task.
import type { Db, Tx } from "./db";
import type { NotificationKind } from "./generated/prisma/enums";
import type { Role } from "./auth/roles";
import { HeraldError, unknownCursor } from "./errors";
import { ensureDigestTask } from "./tasks/digest";
import { dashboardLink, emitWebhookEvent } from "./webhooks";

/** Who hears about a cause: members with one of these roles, plus these users if they are members. */
export interface Audience {
  roles: readonly Role[];
  userIds?: readonly (string | null | undefined)[];
  /** Only members who opted in to the weekly digest (and nobody else). */
  digestOnly?: boolean;
}

/** Admins and owners: they can fix a failure, approve a post, reconnect an account. */
export const ADMINS: Audience = { roles: ["owner", "admin"] };

export interface NotifyInput {
  workspaceId: string;
  kind: NotificationKind;
  /** The cause ("post_failed:<task>:<attempt>", "review:<post>", "reconnect:<account>:<since>"). */
  dedupeKey: string;
  title: string;
  body: string;
  /** A dashboard path ("/dashboard/posts"), never an outside address. */
  link: string | null;
  audience: Audience;
  now: Date;
}

const MAX_TITLE = 200;
const MAX_BODY = 2_000;

/** Cuts a text to `max` characters on one line, with an ellipsis when cut (for titles and bodies). */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/**
 * Inserts the audience's notifications for one cause and queues an email task for each new row
 * whose member wants email. Runs on `tx` so it commits or rolls back with the state change that
 * causes it. Returns the ids of the rows it created (none for a cause already notified).
 */
export async function notify(tx: Tx | Db, input: NotifyInput): Promise<string[]> {
  const { workspaceId, audience, now } = input;
  const userIds = [...new Set((audience.userIds ?? []).filter((u): u is string => typeof u === "string"))];
  const members = await tx.membership.findMany({
    where: {
      workspaceId,
      OR: [{ role: { in: [...audience.roles] } }, ...(userIds.length ? [{ userId: { in: userIds } }] : [])],
      ...(audience.digestOnly && { weeklyDigest: true }),
    },
    select: { userId: true, emailNotifications: true },
  });
  if (!members.length) return [];
  const created = await tx.notification.createManyAndReturn({
    data: members.map((m) => ({
      workspaceId,
      userId: m.userId,
      kind: input.kind,
      dedupeKey: input.dedupeKey,
      title: excerpt(input.title, MAX_TITLE),
      body: input.body.slice(0, MAX_BODY),
      link: input.link,
      createdAt: now,
    })),
    skipDuplicates: true,
    select: { id: true, userId: true },
  });
  if (!created.length) return [];
  // The digest is itself an opt-in to its email; everything else follows the member's switch.
  const wantsEmail = new Set(members.filter((m) => audience.digestOnly || m.emailNotifications).map((m) => m.userId));
  const emails = created.filter((n) => wantsEmail.has(n.userId));
  if (emails.length) {
    await tx.agentTask.createMany({
      data: emails.map((n) => ({
        workspaceId,
        type: "notify" as const,
        scheduledAt: now,
        config: { notificationId: n.id },
        idempotencyKey: `notify-${n.id}`,
        createdAt: now,
        updatedAt: now,
      })),
      skipDuplicates: true,
    });
  }
  // Open dashboards refresh their bell (app/_components/app-frame.tsx).
  await tx.event.create({ data: { workspaceId, type: "notification:created", payload: { kind: input.kind, count: created.length }, createdAt: now } });
  return created.map((n) => n.id);
}

// ---------------------------------------------------------------------------------------------
// The causes (docs/decisions.md, "Notifications"). Each names its cause in the dedupe key.

/** Whether an account publishes for real: one without credentials runs in simulation mode. */
function simulatedLabel(account: { credentials: string | null } | null): string {
  return account && account.credentials === null ? " (simulated)" : "";
}

/**
 * A publish task written back as failed for good (its last retry, or a failure no retry mends) or
 * as needs_review (in doubt): the post's editors (who edited it, when known) and the admins hear
 * of it. Keyed by task and attempt, so a manual retry that fails again is told again.
 */
export async function notifyPublishOutcome(
  prisma: Db,
  task: { id: string; workspaceId: string; postTargetId: string | null; accountId: string | null },
  outcome: { kind: "failed" | "needs_review"; failures: number; message: string; code?: string },
  now: Date,
): Promise<void> {
  if (!task.postTargetId) return;
  const target = await prisma.postTarget.findFirst({
    where: { id: task.postTargetId, workspaceId: task.workspaceId },
    select: {
      platform: true,
      accountId: true,
      post: { select: { id: true, text: true, versions: { select: { userId: true } } } },
      account: { select: { handle: true, credentials: true } },
    },
  });
  if (!target) return;
  const sim = simulatedLabel(target.account);
  const where = `@${target.account.handle}${sim}`;
  const failed = outcome.kind === "failed";
  const dedupeKey = `${failed ? "post_failed" : "in_doubt"}:${task.id}:${outcome.failures}`;
  const link = failed ? "/dashboard/posts" : "/dashboard/admin/tasks";
  await prisma.$transaction(async (tx) => {
    await notify(tx, {
      workspaceId: task.workspaceId,
      kind: failed ? "post_failed" : "needs_review",
      dedupeKey,
      title: failed ? `A post failed on ${where}` : `Check a post on ${where}`,
      body: `"${excerpt(target.post.text, 140)}"\n${outcome.message}`,
      link,
      audience: { ...ADMINS, userIds: target.post.versions.map((v) => v.userId) },
      now,
    });
    // The same cause for webhooks (docs/decisions.md, "Webhooks"), on the same transaction.
    await emitWebhookEvent(tx, {
      workspaceId: task.workspaceId,
      type: "post.failed",
      key: dedupeKey,
      data: {
        postId: target.post.id,
        postTargetId: task.postTargetId,
        taskId: task.id,
        accountId: target.accountId,
        platform: target.platform,
        handle: target.account.handle,
        status: failed ? "failed" : "in_doubt",
        error: { code: outcome.code ?? null, message: outcome.message },
        link: dashboardLink(link),
      },
      now,
    });
  });
}

/**
 * An account the scheduler has just marked needs_reconnect. The dedupe key carries the moment it
 * was marked (its updatedAt then), so every later task refused for that account adds nothing, and
 * a reconnected account that breaks again is told again.
 */
export async function notifyReconnect(prisma: Db, workspaceId: string, accountId: string, now: Date): Promise<void> {
  const a = await prisma.socialAccount.findFirst({
    where: { id: accountId, workspaceId, status: "needs_reconnect" },
    select: { handle: true, platform: true, credentials: true, updatedAt: true },
  });
  if (!a) return;
  const dedupeKey = `reconnect:${accountId}:${a.updatedAt.getTime()}`;
  await prisma.$transaction(async (tx) => {
    await notify(tx, {
      workspaceId,
      kind: "account_reconnect",
      dedupeKey,
      title: `Reconnect @${a.handle}${simulatedLabel(a)}`,
      body: `Herald can no longer post to the ${a.platform} account @${a.handle}: its sign-in was refused. Reconnect it on the Accounts page; its posts wait until then.`,
      link: "/dashboard/accounts",
      audience: ADMINS,
      now,
    });
    await emitWebhookEvent(tx, {
      workspaceId,
      type: "account.needs_reconnect",
      key: dedupeKey,
      data: { accountId, platform: a.platform, handle: a.handle, status: "needs_reconnect", link: dashboardLink("/dashboard/accounts") },
      now,
    });
  });
}

/** A post held for an admin's approval (lib/posting/schedule.ts), inside the transaction that holds it. */
export async function notifyHeld(tx: Tx, input: { workspaceId: string; postId: string; text: string; now: Date }): Promise<string[]> {
  const ids = await notify(tx, {
    workspaceId: input.workspaceId,
    kind: "needs_review",
    dedupeKey: `review:${input.postId}`,
    title: "A post waits for your review",
    body: `"${excerpt(input.text, 140)}"\nApprove or reject it on the Posts page.`,
    link: "/dashboard/posts",
    audience: ADMINS,
    now: input.now,
  });
  await emitWebhookEvent(tx, {
    workspaceId: input.workspaceId,
    type: "post.needs_review",
    key: `review:${input.postId}`,
    data: { postId: input.postId, approvalState: "pending", link: dashboardLink("/dashboard/posts") },
    now: input.now,
  });
  return ids;
}

// ---------------------------------------------------------------------------------------------
// The bell and the settings: always one member's own rows in one workspace.

export interface Member {
  workspaceId: string;
  userId: string;
}

const notificationSelect = { id: true, kind: true, title: true, body: true, link: true, readAt: true, createdAt: true } as const;

/** The member's notifications, newest first, a page after `cursor` (one of theirs), and the unread count. */
export async function listNotifications(prisma: Db, m: Member, q: { cursor?: string; limit: number }) {
  const mine = { workspaceId: m.workspaceId, userId: m.userId };
  let after = {};
  if (q.cursor) {
    const c = await prisma.notification.findFirst({ where: { ...mine, id: q.cursor }, select: { id: true, createdAt: true } });
    if (!c) throw unknownCursor();
    after = { OR: [{ createdAt: { lt: c.createdAt } }, { createdAt: c.createdAt, id: { lt: c.id } }] };
  }
  const [rows, unreadCount, ws] = await Promise.all([
    prisma.notification.findMany({ where: { ...mine, ...after }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: q.limit + 1, select: notificationSelect }),
    prisma.notification.count({ where: { ...mine, readAt: null } }),
    prisma.workspace.findUnique({ where: { id: m.workspaceId }, select: { timeZone: true } }),
  ]);
  const page = rows.slice(0, q.limit);
  // The bell shows times in the workspace's zone.
  return { notifications: page, nextCursor: rows.length > q.limit ? page[page.length - 1].id : null, unreadCount, timeZone: ws?.timeZone ?? "UTC" };
}

/** Marks the member's named (or all) unread notifications read; others' ids are ignored. */
export async function markRead(prisma: Db, m: Member, input: { ids: string[] } | { all: true }, now: Date) {
  const r = await prisma.notification.updateMany({
    where: { workspaceId: m.workspaceId, userId: m.userId, readAt: null, ...("ids" in input && { id: { in: input.ids } }) },
    data: { readAt: now },
  });
  const unreadCount = await prisma.notification.count({ where: { workspaceId: m.workspaceId, userId: m.userId, readAt: null } });
  return { marked: r.count, unreadCount };
}

export async function getPreferences(prisma: Db, m: Member) {
  const row = await prisma.membership.findFirst({ where: m, select: { emailNotifications: true, weeklyDigest: true } });
  if (!row) throw new HeraldError("not_found", "You are not a member of this workspace.");
  return row;
}

/** Sets the member's switches; opting in to the digest queues the workspace's next one (lib/tasks/digest.ts). */
export async function setPreferences(prisma: Db, m: Member, input: { emailNotifications?: boolean; weeklyDigest?: boolean }, now: Date) {
  return prisma.$transaction(async (tx) => {
    const r = await tx.membership.updateMany({ where: m, data: input });
    if (r.count === 0) throw new HeraldError("not_found", "You are not a member of this workspace.");
    if (input.weeklyDigest) await ensureDigestTask(tx, m.workspaceId, now);
    return tx.membership.findFirstOrThrow({ where: m, select: { emailNotifications: true, weeklyDigest: true } });
  });
}
