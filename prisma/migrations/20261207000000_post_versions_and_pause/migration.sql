-- Emergency stop: while "publishingPausedAt" is set the scheduler claims none of the workspace's
-- tasks (docs/decisions.md, "Emergency stop").
ALTER TABLE "Workspace" ADD COLUMN "publishingPausedAt" TIMESTAMP(3),
                        ADD COLUMN "publishingPausedBy" TEXT;

-- Each edit of a post: who, when, what changed (docs/decisions.md, "Editing a scheduled post").
CREATE TABLE "PostVersion" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "postId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "userId" TEXT,
    "actorType" TEXT NOT NULL,
    "changes" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PostVersion_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "PostVersion_postId_version_key" ON "PostVersion"("postId", "version");
CREATE INDEX "PostVersion_workspaceId_idx" ON "PostVersion"("workspaceId");
ALTER TABLE "PostVersion" ADD CONSTRAINT "PostVersion_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "PostVersion" ADD CONSTRAINT "PostVersion_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE CASCADE ON UPDATE CASCADE;
