// Campaigns as people manage them (issue 14 item 5; docs/decisions.md, "Campaigns"): create, rename
// and brief a campaign, tag posts with it (scheduling and editing take `campaignId`), and read its
// metrics: posts by status, the next scheduled, the last published, engagement totals from the
// targets' latest numbers, recent activity and the history of what happened to its posts (the
// seed's campaign_metrics view and campaign_activity table). Every query is scoped by workspaceId.
import type { Db } from "./db";
import type { Platform } from "./generated/prisma/enums";
import { isSimulatedPostId, targetPageUrl } from "./social/simulation";
import { HeraldError } from "./errors";
import { isUniqueViolation } from "./posting/insert";
import { clock } from "./clock";
import type { CreateCampaignInput, UpdateCampaignInput } from "./validation/campaigns";

const taken = (name: string) =>
  new HeraldError("conflict", `There is already a campaign called “${name}”.`, { fields: [{ path: "name", message: "Another campaign has this name." }] });

export interface CampaignListItem {
  id: string;
  name: string;
  brief: string;
  createdAt: Date;
  updatedAt: Date;
  /** Every post tagged with it, of any status. */
  posts: number;
  scheduled: number;
  /** Published everywhere or on some of its networks. */
  published: number;
  /** The soonest scheduled post still to come. */
  nextScheduledAt: Date | null;
}

/** The workspace's campaigns, most recently changed first, with their post counts and next scheduled time. */
export async function listCampaigns(prisma: Db, workspaceId: string, now = clock.now()): Promise<CampaignListItem[]> {
  return prisma.$queryRaw<CampaignListItem[]>`
    SELECT c.id, c.name, c.brief, c."createdAt", c."updatedAt",
           count(p.id)::int AS posts,
           (count(p.id) FILTER (WHERE p.status = 'scheduled'))::int AS scheduled,
           (count(p.id) FILTER (WHERE p.status IN ('published', 'partially_published')))::int AS published,
           min(p."scheduledAt") FILTER (WHERE p.status = 'scheduled' AND p."scheduledAt" >= ${now}::timestamp) AS "nextScheduledAt"
    FROM "Campaign" c
    LEFT JOIN "Post" p ON p."campaignId" = c.id AND p."workspaceId" = ${workspaceId}
    WHERE c."workspaceId" = ${workspaceId}
    GROUP BY c.id
    ORDER BY c."updatedAt" DESC, c.id`;
}

export async function createCampaign(prisma: Db, workspaceId: string, input: CreateCampaignInput) {
  try {
    return await prisma.campaign.create({ data: { workspaceId, name: input.name, brief: input.brief }, select: { id: true, name: true, brief: true, createdAt: true } });
  } catch (err) {
    if (isUniqueViolation(err)) throw taken(input.name);
    throw err;
  }
}

export async function updateCampaign(prisma: Db, workspaceId: string, id: string, input: UpdateCampaignInput) {
  try {
    const { count } = await prisma.campaign.updateMany({ where: { id, workspaceId }, data: input });
    if (count === 0) throw new HeraldError("not_found", "Campaign not found.");
  } catch (err) {
    if (isUniqueViolation(err)) throw taken(input.name ?? "");
    throw err;
  }
  return prisma.campaign.findUniqueOrThrow({ where: { id }, select: { id: true, name: true, brief: true, updatedAt: true } });
}

/** 404 unless the campaign is the workspace's: a post cannot be tagged with someone else's. */
export async function assertCampaign(prisma: Db, workspaceId: string, id: string): Promise<void> {
  const n = await prisma.campaign.count({ where: { id, workspaceId } });
  if (n === 0) throw new HeraldError("not_found", `Campaign not found: ${id}.`);
}

/** What happened to one of a campaign's posts, for its history (newest first). */
export interface CampaignEvent {
  /**
   * created: the post was made; added: tagged with this campaign by an edit; edited: its text,
   * time, accounts or settings changed (`changed` names them); cancelled; published, failed,
   * needs_review: on one network (`platform`, `handle`).
   */
  kind: "created" | "added" | "edited" | "cancelled" | "published" | "failed" | "needs_review";
  at: Date;
  postId: string;
  /** The post's text now (the first 280 characters). */
  text: string;
  platform: Platform | null;
  handle: string | null;
  /** The post's page on the network: http(s) only, never a simulated one's. */
  url: string | null;
  /** Published in simulation mode: nothing reached the network. */
  simulated: boolean;
  /** Why it failed or needs review, in words. */
  error: string | null;
  /** An edit's changed fields, as the post's versions name them (content, scheduledAt, accountIds, link …). */
  changed: string[];
  /** Who made the edit: a member's name, "API key", or null when unknown. */
  by: string | null;
}

/** How many events the history shows. */
export const HISTORY_LIMIT = 30;

interface HistoryRow {
  kind: "created" | "edited" | "published" | "failed" | "needs_review";
  at: Date;
  postId: string;
  text: string;
  platform: Platform | null;
  handle: string | null;
  url: string | null;
  platformPostId: string | null;
  error: string | null;
  changes: Record<string, { from: unknown; to: unknown }> | null;
  userName: string | null;
  actorType: string | null;
}

/**
 * The campaign's history, newest first: each post's creation, its edits (from its versions), and
 * each network's result (published at publishedAt; failed or needing review as last changed). One
 * statement over the campaign's posts; posts that have left the campaign take their history along.
 */
async function campaignHistory(prisma: Db, workspaceId: string, id: string): Promise<CampaignEvent[]> {
  const rows = await prisma.$queryRaw<HistoryRow[]>`
    WITH p AS (SELECT id, left(text, 280) AS text, "createdAt" FROM "Post" WHERE "workspaceId" = ${workspaceId} AND "campaignId" = ${id})
    SELECT * FROM (
      SELECT 'created' AS kind, 0 AS rank, p."createdAt" AS at, p.id AS "postId", p.text, NULL::text AS platform, NULL::text AS handle,
             NULL::text AS url, NULL::text AS "platformPostId", NULL::text AS error, NULL::jsonb AS changes, NULL::text AS "userName", NULL::text AS "actorType"
      FROM p
      UNION ALL
      SELECT 'edited', 1, v."createdAt", p.id, p.text, NULL, NULL, NULL, NULL, NULL, v.changes, u.name, v."actorType"
      FROM "PostVersion" v JOIN p ON p.id = v."postId" LEFT JOIN "User" u ON u.id = v."userId"
      WHERE v."workspaceId" = ${workspaceId}
      UNION ALL
      SELECT pt.status::text, 2, CASE WHEN pt.status = 'published' THEN pt."publishedAt" ELSE pt."updatedAt" END, p.id, p.text,
             pt.platform::text, a.handle, pt.url, pt."platformPostId",
             coalesce(pt.error, (SELECT t."lastError" FROM "AgentTask" t WHERE t."postTargetId" = pt.id AND t."workspaceId" = ${workspaceId}
                                 ORDER BY t."updatedAt" DESC LIMIT 1)),
             NULL, NULL, NULL
      FROM "PostTarget" pt JOIN p ON p.id = pt."postId" JOIN "SocialAccount" a ON a.id = pt."accountId"
      WHERE pt."workspaceId" = ${workspaceId} AND (pt.status IN ('failed', 'needs_review') OR (pt.status = 'published' AND pt."publishedAt" IS NOT NULL))
    ) e
    ORDER BY at DESC, rank DESC, "postId", platform
    LIMIT ${HISTORY_LIMIT}`;
  return rows.map((r) => {
    const changes = r.changes ?? {};
    const kind: CampaignEvent["kind"] =
      r.kind !== "edited" ? r.kind : changes.status?.to === "cancelled" ? "cancelled" : changes.campaignId?.to === id ? "added" : "edited";
    return {
      kind,
      at: r.at,
      postId: r.postId,
      text: r.text,
      platform: r.platform,
      handle: r.handle,
      url: targetPageUrl(r),
      simulated: r.kind === "published" && isSimulatedPostId(r.platformPostId),
      error: r.error,
      changed: r.kind === "edited" ? Object.keys(changes).filter((k) => k !== "status" && k !== "campaignId") : [],
      by: r.kind !== "edited" ? null : r.actorType === "api_key" ? "API key" : r.userName,
    };
  });
}

export async function campaignStats(prisma: Db, workspaceId: string, id: string, now = clock.now()) {
  const campaign = await prisma.campaign.findFirst({ where: { id, workspaceId }, select: { id: true, name: true, brief: true, createdAt: true, updatedAt: true } });
  if (!campaign) throw new HeraldError("not_found", "Campaign not found.");
  const [[row], next, activity, history] = await Promise.all([
    prisma.$queryRaw<
      {
        byStatus: Record<string, number> | null;
        lastPublishedAt: Date | null;
        engagement: { targets: number; likes: number; reposts: number; replies: number; impressions: number | null; engagement: number };
      }[]
    >`
      SELECT
        (SELECT json_object_agg(status, n) FROM (
           SELECT status::text, count(*)::int AS n FROM "Post" WHERE "workspaceId" = ${workspaceId} AND "campaignId" = ${id} GROUP BY status) s) AS "byStatus",
        (SELECT max(pt."publishedAt") FROM "PostTarget" pt JOIN "Post" p ON p.id = pt."postId"
          WHERE p."workspaceId" = ${workspaceId} AND p."campaignId" = ${id} AND pt.status = 'published') AS "lastPublishedAt",
        (SELECT json_build_object('targets', count(*), 'likes', coalesce(sum(pt.likes), 0), 'reposts', coalesce(sum(pt.reposts), 0),
                                  'replies', coalesce(sum(pt.replies), 0), 'impressions', sum(pt.impressions),
                                  'engagement', coalesce(sum(pt.likes + pt.reposts + pt.replies), 0))
          FROM "PostTarget" pt JOIN "Post" p ON p.id = pt."postId"
          WHERE p."workspaceId" = ${workspaceId} AND p."campaignId" = ${id} AND pt.status = 'published') AS engagement`,
    // The next post to go out: scheduled, still to come.
    prisma.post.findFirst({
      where: { workspaceId, campaignId: id, status: "scheduled", scheduledAt: { gte: now } },
      orderBy: [{ scheduledAt: "asc" }, { id: "asc" }],
      select: { id: true, text: true, scheduledAt: true },
    }),
    // Activity: the campaign's posts as they last changed, newest first.
    prisma.post.findMany({
      where: { workspaceId, campaignId: id },
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      take: 20,
      select: { id: true, text: true, status: true, scheduledAt: true, updatedAt: true, targets: { select: { platform: true, status: true, publishedAt: true } } },
    }),
    campaignHistory(prisma, workspaceId, id),
  ]);
  const byStatus = row.byStatus ?? {};
  return {
    campaign,
    posts: Object.values(byStatus).reduce((a, b) => a + b, 0),
    byStatus,
    nextScheduledAt: next?.scheduledAt ?? null,
    nextScheduled: next,
    lastPublishedAt: row.lastPublishedAt,
    engagement: row.engagement,
    activity,
    history,
  };
}

export type CampaignStats = Awaited<ReturnType<typeof campaignStats>>;
