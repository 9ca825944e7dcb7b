// digest: a workspace's weekly digest (docs/decisions.md, "Notifications"). One task per workspace
// and week, due Monday 08:00 in the workspace's time zone, keyed digest-<ISO week>; it is created
// when a member opts in and, once it has run, again for the next week while anyone still opts in.
import { DateTime } from "luxon";
import type { Db, Tx } from "../db";
import { ROLES } from "../auth/roles";
import { excerpt, notify } from "../notifications";
import { specFor } from "../social/registry";
import type { TaskContext, TaskHandler } from "../scheduler/handler";
import type { ClaimedTask, TaskOutcome } from "../scheduler/types";

const WEEK_MS = 7 * 24 * 3_600_000;

/** The first Monday 08:00 in `timeZone` strictly after `now`. */
export function nextDigestAt(now: Date, timeZone: string): Date {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  let at = local.set({ weekday: 1, hour: 8, minute: 0, second: 0, millisecond: 0 });
  if (at <= local) at = at.plus({ weeks: 1 }).set({ hour: 8 });
  return at.toJSDate();
}

/** digest-<ISO week year>-W<week> of the instant, in the workspace's zone ("digest-2026-W50"). */
export function digestKey(at: Date, timeZone: string): string {
  return `digest-${DateTime.fromJSDate(at, { zone: timeZone }).toFormat("kkkk-'W'WW")}`;
}

/**
 * Queues the workspace's next digest when at least one member wants it. Idempotent: the week's key
 * is unique per workspace, so opting in twice or two members opting in make one task.
 */
export async function ensureDigestTask(tx: Tx | Db, workspaceId: string, now: Date): Promise<boolean> {
  const [ws, wanted] = await Promise.all([
    tx.workspace.findUnique({ where: { id: workspaceId }, select: { timeZone: true } }),
    tx.membership.count({ where: { workspaceId, weeklyDigest: true } }),
  ]);
  if (!ws || wanted === 0) return false;
  const at = nextDigestAt(now, ws.timeZone);
  await tx.agentTask.createMany({
    data: [{ workspaceId, type: "digest", scheduledAt: at, idempotencyKey: digestKey(at, ws.timeZone), createdAt: now, updatedAt: now }],
    skipDuplicates: true,
  });
  return true;
}

export interface DigestFacts {
  published: number;
  failed: number;
  top: { text: string; platform: string; likes: number; reposts: number; replies: number } | null;
}

/** What the workspace did in [since, until): posts published, failures, the top post by engagement. */
export async function digestFacts(prisma: Tx | Db, workspaceId: string, since: Date, until: Date): Promise<DigestFacts> {
  const [published, failed, top] = await Promise.all([
    prisma.post.count({ where: { workspaceId, targets: { some: { status: "published", publishedAt: { gte: since, lt: until } } } } }),
    prisma.postTarget.count({ where: { workspaceId, status: "failed", updatedAt: { gte: since, lt: until } } }),
    // The targets' latest numbers (lib/analytics.ts reads the same columns).
    prisma.$queryRaw<{ text: string; platform: string; likes: number; reposts: number; replies: number }[]>`
      SELECT COALESCE(t."textOverride", p.text) AS text, t.platform::text AS platform,
             COALESCE(t.likes, 0)::int AS likes, COALESCE(t.reposts, 0)::int AS reposts, COALESCE(t.replies, 0)::int AS replies
      FROM "PostTarget" t JOIN "Post" p ON p.id = t."postId"
      WHERE t."workspaceId" = ${workspaceId} AND t.status = 'published'
        AND t."publishedAt" >= ${since} AND t."publishedAt" < ${until}
      ORDER BY COALESCE(t.likes, 0) + COALESCE(t.reposts, 0) + COALESCE(t.replies, 0) DESC, t."publishedAt" DESC
      LIMIT 1`,
  ]);
  return { published, failed, top: top[0] ?? null };
}

/** The digest's title and plain-text body. */
export function digestText(f: DigestFacts): { title: string; body: string } {
  const posts = (n: number) => `${n} post${n === 1 ? "" : "s"}`;
  const lines = [`Published: ${posts(f.published)}.`];
  if (f.top) {
    lines.push(
      `Top post (${specFor(f.top.platform as Parameters<typeof specFor>[0]).label}): "${excerpt(f.top.text, 120)}" — ${f.top.likes} likes, ${f.top.reposts} reposts, ${f.top.replies} replies.`,
    );
  }
  lines.push(f.failed ? `Failed: ${f.failed} (see the Posts page).` : "Failed: none.");
  return { title: `Your week in Herald: ${posts(f.published)} published`, body: lines.join("\n") };
}

async function run(task: ClaimedTask, ctx: TaskContext): Promise<TaskOutcome> {
  const now = ctx.now();
  const since = new Date(now.getTime() - WEEK_MS);
  const facts = await digestFacts(ctx.prisma, task.workspaceId, since, now);
  const { title, body } = digestText(facts);
  const { created, next } = await ctx.prisma.$transaction(async (tx) => {
    const ids = await notify(tx, {
      workspaceId: task.workspaceId,
      kind: "weekly_digest",
      dedupeKey: task.idempotencyKey,
      title,
      body,
      link: "/dashboard/analytics",
      audience: { roles: ROLES, digestOnly: true },
      now,
    });
    return { created: ids.length, next: await ensureDigestTask(tx, task.workspaceId, now) };
  });
  return { kind: "completed", result: { ...facts, notified: created, nextScheduled: next } };
}

export const digestTask: TaskHandler = { run };
