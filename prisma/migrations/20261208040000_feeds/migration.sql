-- RSS/Atom auto-post (docs/decisions.md, "RSS feeds"): a workspace's feed subscriptions, the items
-- seen in each (unique per feed and item key, so an item becomes a post at most once), and the
-- task type that polls one feed.
ALTER TYPE "TaskType" ADD VALUE 'feed_poll';

CREATE TABLE "Feed" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "title" TEXT,
    "accountIds" TEXT[],
    "template" TEXT NOT NULL,
    "aiWritten" BOOLEAN NOT NULL DEFAULT false,
    "holdForApproval" BOOLEAN NOT NULL DEFAULT false,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "backfill" INTEGER NOT NULL DEFAULT 0,
    "lastPolledAt" TIMESTAMP(3),
    "lastResult" TEXT,
    "etag" TEXT,
    "lastModified" TEXT,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Feed_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Feed_workspaceId_url_key" ON "Feed"("workspaceId", "url");
ALTER TABLE "Feed" ADD CONSTRAINT "Feed_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "FeedItem" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "feedId" TEXT NOT NULL,
    "guid" TEXT NOT NULL,
    "link" TEXT,
    "title" TEXT,
    "publishedAt" TIMESTAMP(3),
    "postId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FeedItem_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "FeedItem_feedId_guid_key" ON "FeedItem"("feedId", "guid");
CREATE INDEX "FeedItem_workspaceId_idx" ON "FeedItem"("workspaceId");
CREATE INDEX "FeedItem_postId_idx" ON "FeedItem"("postId");
ALTER TABLE "FeedItem" ADD CONSTRAINT "FeedItem_feedId_fkey" FOREIGN KEY ("feedId") REFERENCES "Feed"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "FeedItem" ADD CONSTRAINT "FeedItem_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "Feed" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "FeedItem" ENABLE ROW LEVEL SECURITY;
