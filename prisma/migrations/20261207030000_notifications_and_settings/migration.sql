-- Notifications and per-workspace scheduler settings (docs/decisions.md, "Notifications" and
-- "Workspace settings").
CREATE TYPE "NotificationKind" AS ENUM ('post_failed', 'needs_review', 'account_reconnect', 'weekly_digest');

ALTER TABLE "Membership" ADD COLUMN "emailNotifications" BOOLEAN NOT NULL DEFAULT true,
                         ADD COLUMN "weeklyDigest" BOOLEAN NOT NULL DEFAULT false;

CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "link" TEXT,
    "dedupeKey" TEXT NOT NULL,
    "readAt" TIMESTAMP(3),
    "emailedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Notification_workspaceId_userId_dedupeKey_key" ON "Notification"("workspaceId", "userId", "dedupeKey");
CREATE INDEX "Notification_userId_workspaceId_createdAt_idx" ON "Notification"("userId", "workspaceId", "createdAt");
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "WorkspaceSettings" (
    "workspaceId" TEXT NOT NULL,
    "maxRetries" INTEGER,
    "retryBaseMinutes" INTEGER,
    "engagementActiveMs" INTEGER,
    "engagementIdleMs" INTEGER,
    "eventsPollMs" INTEGER,
    "clientPollActiveMs" INTEGER,
    "clientPollIdleMs" INTEGER,
    "clientIdleThresholdMs" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,
    CONSTRAINT "WorkspaceSettings_pkey" PRIMARY KEY ("workspaceId")
);
ALTER TABLE "WorkspaceSettings" ADD CONSTRAINT "WorkspaceSettings_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
