-- Community inbox (docs/decisions.md, "Inbox"): collected replies, comments and mentions, their
-- history, and a per-account sweep cursor.
ALTER TYPE "TaskType" ADD VALUE 'inbox_sweep';
ALTER TYPE "NotificationKind" ADD VALUE 'inbox_escalation';

CREATE TYPE "InboxKind" AS ENUM ('reply', 'comment', 'mention');
CREATE TYPE "InboxStatus" AS ENUM ('open', 'done', 'hidden');

CREATE TABLE "InboxItem" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "kind" "InboxKind" NOT NULL,
    "remoteId" TEXT NOT NULL,
    "remoteParentId" TEXT,
    "remoteRootId" TEXT,
    "postTargetId" TEXT,
    "authorHandle" TEXT NOT NULL,
    "authorName" TEXT,
    "text" TEXT NOT NULL,
    "url" TEXT,
    "simulated" BOOLEAN NOT NULL DEFAULT false,
    "outgoing" BOOLEAN NOT NULL DEFAULT false,
    "remoteCreatedAt" TIMESTAMP(3) NOT NULL,
    "collectedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),
    "status" "InboxStatus" NOT NULL DEFAULT 'open',
    "assignedToUserId" TEXT,
    "sentiment" TEXT,
    "intent" TEXT,
    "classifiedBy" TEXT,
    "answeredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "InboxItem_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "InboxItem_accountId_remoteId_key" ON "InboxItem"("accountId", "remoteId");
CREATE INDEX "InboxItem_workspaceId_remoteCreatedAt_id_idx" ON "InboxItem"("workspaceId", "remoteCreatedAt", "id");
CREATE INDEX "InboxItem_workspaceId_status_idx" ON "InboxItem"("workspaceId", "status");
CREATE INDEX "InboxItem_postTargetId_idx" ON "InboxItem"("postTargetId");
ALTER TABLE "InboxItem" ADD CONSTRAINT "InboxItem_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "InboxItem" ADD CONSTRAINT "InboxItem_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "SocialAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "InboxEvent" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "actorUserId" TEXT,
    "actorType" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "detail" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "InboxEvent_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "InboxEvent_itemId_createdAt_idx" ON "InboxEvent"("itemId", "createdAt");
CREATE INDEX "InboxEvent_workspaceId_createdAt_idx" ON "InboxEvent"("workspaceId", "createdAt");
ALTER TABLE "InboxEvent" ADD CONSTRAINT "InboxEvent_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "InboxItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "InboxCursor" (
    "accountId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "cursor" TEXT,
    "lastSweptAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "InboxCursor_pkey" PRIMARY KEY ("accountId")
);
CREATE INDEX "InboxCursor_workspaceId_idx" ON "InboxCursor"("workspaceId");

ALTER TABLE "InboxItem" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "InboxEvent" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "InboxCursor" ENABLE ROW LEVEL SECURITY;
