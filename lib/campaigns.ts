// Campaigns as people manage them (issue 14 item 5; docs/decisions.md, "Campaigns"): create, rename
// and brief a campaign, tag posts with it (scheduling and editing take `campaignId`), and read its
// metrics: posts by status, the next scheduled, the last published, engagement totals from the
// targets' latest numbers, and recent activity. Every query is scoped by workspaceId.
import type { Db } from "./db";
import { HeraldError } from "./errors";
import { isUniqueViolation } from "./posting/insert";
import { clock } from "./clock";
import type { CreateCampaignInput, UpdateCampaignInput } from "./validation/campaigns";

const taken = (name: string) =>
  new HeraldError("conflict", `There is already a campaign called “${name}”.`, { fields: [{ path: "name", message: "Another campaign has this name." }] });

export async function listCampaigns(prisma: Db, workspaceId: string) {
  const rows = await prisma.campaign.findMany({
    where: { workspaceId },
    orderBy: { updatedAt: "desc" },
    select: { id: true, name: true, brief: true, createdAt: true, updatedAt: true, _count: { select: { posts: true } } },
  });
  return rows.map(({ _count, ...c }) => ({ ...c, posts: _count.posts }));
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

export async function campaignStats(prisma: Db, workspaceId: string, id: string, now = clock.now()) {
  const campaign = await prisma.campaign.findFirst({ where: { id, workspaceId }, select: { id: true, name: true, brief: true, createdAt: true } });
  if (!campaign) throw new HeraldError("not_found", "Campaign not found.");
  const [row] = await prisma.$queryRaw<
    {
      byStatus: Record<string, number> | null;
      nextScheduledAt: Date | null;
      lastPublishedAt: Date | null;
      engagement: { targets: number; likes: number; reposts: number; replies: number; impressions: number | null; engagement: number };
    }[]
  >`
    SELECT
      (SELECT json_object_agg(status, n) FROM (
         SELECT status::text, count(*)::int AS n FROM "Post" WHERE "workspaceId" = ${workspaceId} AND "campaignId" = ${id} GROUP BY status) s) AS "byStatus",
      (SELECT min("scheduledAt") FROM "Post"
        WHERE "workspaceId" = ${workspaceId} AND "campaignId" = ${id} AND status = 'scheduled' AND "scheduledAt" >= ${now}::timestamp) AS "nextScheduledAt",
      (SELECT max(pt."publishedAt") FROM "PostTarget" pt JOIN "Post" p ON p.id = pt."postId"
        WHERE p."workspaceId" = ${workspaceId} AND p."campaignId" = ${id} AND pt.status = 'published') AS "lastPublishedAt",
      (SELECT json_build_object('targets', count(*), 'likes', coalesce(sum(pt.likes), 0), 'reposts', coalesce(sum(pt.reposts), 0),
                                'replies', coalesce(sum(pt.replies), 0), 'impressions', sum(pt.impressions),
                                'engagement', coalesce(sum(pt.likes + pt.reposts + pt.replies), 0))
        FROM "PostTarget" pt JOIN "Post" p ON p.id = pt."postId"
        WHERE p."workspaceId" = ${workspaceId} AND p."campaignId" = ${id} AND pt.status = 'published') AS engagement`;
  // Activity: the campaign's posts as they last changed, newest first.
  const activity = await prisma.post.findMany({
    where: { workspaceId, campaignId: id },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: 20,
    select: { id: true, text: true, status: true, scheduledAt: true, updatedAt: true, targets: { select: { platform: true, status: true, publishedAt: true } } },
  });
  const byStatus = row.byStatus ?? {};
  return {
    campaign,
    posts: Object.values(byStatus).reduce((a, b) => a + b, 0),
    byStatus,
    nextScheduledAt: row.nextScheduledAt,
    lastPublishedAt: row.lastPublishedAt,
    engagement: row.engagement,
    activity,
  };
}
