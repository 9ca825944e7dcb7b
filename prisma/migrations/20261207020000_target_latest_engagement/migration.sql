-- Each target carries its latest engagement snapshot's numbers (lib/engagement.ts writes both in
-- one transaction), so analytics and the Posts page read one row per target instead of probing
-- the snapshot table once per target (docs/decisions.md, "Analytics").
ALTER TABLE "PostTarget" ADD COLUMN "likes" INTEGER,
                         ADD COLUMN "reposts" INTEGER,
                         ADD COLUMN "replies" INTEGER,
                         ADD COLUMN "impressions" INTEGER,
                         ADD COLUMN "engagementAt" TIMESTAMP(3),
                         ADD COLUMN "engagementSimulated" BOOLEAN;

UPDATE "PostTarget" pt
SET likes = s.likes, reposts = s.reposts, replies = s.replies, impressions = s.impressions,
    "engagementAt" = s."collectedAt", "engagementSimulated" = s.simulated
FROM (
  SELECT DISTINCT ON ("postTargetId") "postTargetId", likes, reposts, replies, impressions, simulated, "collectedAt"
  FROM "EngagementSnapshot"
  ORDER BY "postTargetId", "collectedAt" DESC
) s
WHERE s."postTargetId" = pt.id;
