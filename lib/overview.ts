// The dashboard home (/dashboard): a new workspace's onboarding checklist and an active one's
// overview (next posts, recent results, failures needing attention). Four reads run side by side,
// each scoped by workspaceId in `where` (docs/design.md, style 3).
import { clock } from "./clock";
import { db } from "./db";
import type { Prisma } from "./generated/prisma/client";
import type { Platform } from "./generated/prisma/enums";
import { isSimulatedPostId, targetPageUrl } from "./social/simulation";

/** How many rows each list of the overview shows. */
export const OVERVIEW_LIMIT = 5;

/** The onboarding steps in the order the page lists them; each true once done. */
export interface Checklist {
  /** At least one social account (real or simulated). */
  account: boolean;
  /** At least one post, of any status. */
  post: boolean;
  /** Weekly posting slots saved (a non-empty array). */
  slots: boolean;
  /** Someone else is a member, or an invitation is pending and not expired. */
  teammate: boolean;
}

export interface NextPost {
  id: string;
  text: string;
  scheduledAt: Date;
  status: "scheduled" | "publishing";
  awaitingApproval: boolean;
  targets: { platform: Platform; handle: string }[];
}

export interface RecentResult {
  id: string;
  postId: string;
  text: string;
  platform: Platform;
  handle: string;
  publishedAt: Date | null;
  /** Published in simulation mode: nothing reached the network, so there is no page to open. */
  simulated: boolean;
  /** The post's page on the network (http or https only); null when simulated or unknown. */
  url: string | null;
}

export interface Failure {
  id: string;
  postId: string;
  text: string;
  platform: Platform;
  handle: string;
  status: "failed" | "needs_review";
  /** What went wrong, in words: the target's error, else its task's last error. */
  error: string | null;
  updatedAt: Date;
}

export interface Overview {
  checklist: Checklist;
  /** Every step done: the page stops showing the checklist. */
  complete: boolean;
  /** The workspace has at least one post: the page shows the overview. */
  hasPosts: boolean;
  next: NextPost[];
  recent: RecentResult[];
  failures: Failure[];
  /** All failed and needs-review targets, of which `failures` are the latest few. */
  failureCount: number;
}

const FAILED = ["failed", "needs_review"] as const;

const targetOf = {
  id: true,
  platform: true,
  post: { select: { id: true, text: true } },
  account: { select: { handle: true } },
} satisfies Prisma.PostTargetSelect;

/** A workspace's home at `now` (the clock's by default: invitations past their expiry do not count). */
export async function workspaceOverview(workspaceId: string, now: Date = clock.now()): Promise<Overview> {
  const prisma = db();
  const [counts, next, recent, failures] = await Promise.all([
    // One row: the slots and every count the checklist and the failures heading need.
    prisma.workspace.findUnique({
      where: { id: workspaceId },
      select: {
        postingSlots: true,
        _count: {
          select: {
            accounts: true,
            posts: true,
            memberships: true,
            invitations: { where: { status: "pending", expiresAt: { gt: now } } },
            targets: { where: { status: { in: [...FAILED] } } },
          },
        },
      },
    }),
    // Posts with a target still to go out, the soonest first (one overdue because publishing is
    // paused included). A post whose only target waits for review keeps its status (the roll-up in
    // lib/scheduler/sql/finish.ts), so the targets decide, not the post's status alone.
    prisma.post.findMany({
      where: {
        workspaceId,
        status: { in: ["scheduled", "publishing"] },
        scheduledAt: { not: null },
        targets: { some: { workspaceId, status: { in: ["pending", "publishing"] } } },
      },
      orderBy: [{ scheduledAt: "asc" }, { id: "asc" }],
      take: OVERVIEW_LIMIT,
      select: {
        id: true,
        text: true,
        scheduledAt: true,
        status: true,
        approvalState: true,
        targets: { where: { workspaceId }, orderBy: { platform: "asc" }, select: { platform: true, account: { select: { handle: true } } } },
      },
    }),
    prisma.postTarget.findMany({
      where: { workspaceId, status: "published" },
      orderBy: [{ publishedAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
      take: OVERVIEW_LIMIT,
      select: { ...targetOf, publishedAt: true, url: true, platformPostId: true },
    }),
    prisma.postTarget.findMany({
      where: { workspaceId, status: { in: [...FAILED] } },
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      take: OVERVIEW_LIMIT,
      select: {
        ...targetOf,
        status: true,
        error: true,
        updatedAt: true,
        tasks: { where: { workspaceId, type: "social_post" }, orderBy: { createdAt: "desc" }, take: 1, select: { lastError: true } },
      },
    }),
  ]);

  const c = counts?._count;
  const checklist: Checklist = {
    account: (c?.accounts ?? 0) > 0,
    post: (c?.posts ?? 0) > 0,
    slots: Array.isArray(counts?.postingSlots) && counts.postingSlots.length > 0,
    teammate: (c?.memberships ?? 0) > 1 || (c?.invitations ?? 0) > 0,
  };
  return {
    checklist,
    complete: Object.values(checklist).every(Boolean),
    hasPosts: checklist.post,
    next: next.map((p) => ({
      id: p.id,
      text: p.text,
      scheduledAt: p.scheduledAt!,
      status: p.status as NextPost["status"],
      awaitingApproval: p.approvalState === "pending",
      targets: p.targets.map((t) => ({ platform: t.platform, handle: t.account.handle })),
    })),
    recent: recent.map((t) => {
      const simulated = isSimulatedPostId(t.platformPostId);
      return {
        id: t.id,
        postId: t.post.id,
        text: t.post.text,
        platform: t.platform,
        handle: t.account.handle,
        publishedAt: t.publishedAt,
        simulated,
        url: targetPageUrl(t),
      };
    }),
    failures: failures.map((t) => ({
      id: t.id,
      postId: t.post.id,
      text: t.post.text,
      platform: t.platform,
      handle: t.account.handle,
      status: t.status as Failure["status"],
      error: t.error ?? t.tasks[0]?.lastError ?? null,
      updatedAt: t.updatedAt,
    })),
    failureCount: c?.targets ?? 0,
  };
}
