-- The YouTube Data API units Herald spent, per Google project and quota day
-- (lib/social/youtube/quota.ts). The quota belongs to the Google app every workspace connects
-- through, so this is no workspace's data. "projectKey" is a SHA-256 of the app's client id (never a
-- secret); "day" is the Pacific date the units count against (YouTube's day ends at midnight in
-- America/Los_Angeles). Each call adds its units with one INSERT … ON CONFLICT DO UPDATE.
CREATE TABLE "YoutubeQuota" (
    "projectKey" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "units" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "YoutubeQuota_pkey" PRIMARY KEY ("projectKey", "day")
);
