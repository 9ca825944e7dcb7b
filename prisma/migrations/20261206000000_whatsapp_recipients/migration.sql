-- WhatsApp as a broadcast to opted-in recipients (docs/whatsapp.md): the workspace's recipients
-- with their opt-in (source and date) and opt-out, recipient lists, and one row per recipient of
-- each WhatsApp post with its delivery status from the webhook.
CREATE TYPE "MessageStatus" AS ENUM ('sending', 'sent', 'delivered', 'read', 'failed', 'skipped', 'unknown');

CREATE TABLE "Recipient" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "name" TEXT,
    "optInSource" TEXT NOT NULL,
    "optInAt" TIMESTAMP(3) NOT NULL,
    "optedOutAt" TIMESTAMP(3),
    "optOutSource" TEXT,
    "lastInboundAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Recipient_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Recipient_workspaceId_phone_key" ON "Recipient"("workspaceId", "phone");
ALTER TABLE "Recipient" ADD CONSTRAINT "Recipient_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "RecipientList" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RecipientList_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "RecipientList_workspaceId_name_key" ON "RecipientList"("workspaceId", "name");
ALTER TABLE "RecipientList" ADD CONSTRAINT "RecipientList_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "RecipientListMember" (
    "listId" TEXT NOT NULL,
    "recipientId" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RecipientListMember_pkey" PRIMARY KEY ("listId", "recipientId")
);
CREATE INDEX "RecipientListMember_recipientId_idx" ON "RecipientListMember"("recipientId");
ALTER TABLE "RecipientListMember" ADD CONSTRAINT "RecipientListMember_listId_fkey" FOREIGN KEY ("listId") REFERENCES "RecipientList"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "RecipientListMember" ADD CONSTRAINT "RecipientListMember_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "WhatsAppMessage" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "broadcastKey" TEXT NOT NULL,
    "recipientId" TEXT NOT NULL,
    "waMessageId" TEXT,
    "kind" TEXT NOT NULL,
    "status" "MessageStatus" NOT NULL,
    "error" TEXT,
    "statusAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WhatsAppMessage_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "WhatsAppMessage_waMessageId_key" ON "WhatsAppMessage"("waMessageId");
CREATE UNIQUE INDEX "WhatsAppMessage_accountId_broadcastKey_recipientId_key" ON "WhatsAppMessage"("accountId", "broadcastKey", "recipientId");
CREATE INDEX "WhatsAppMessage_accountId_createdAt_idx" ON "WhatsAppMessage"("accountId", "createdAt");
ALTER TABLE "WhatsAppMessage" ADD CONSTRAINT "WhatsAppMessage_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "WhatsAppMessage" ADD CONSTRAINT "WhatsAppMessage_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "SocialAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "WhatsAppMessage" ADD CONSTRAINT "WhatsAppMessage_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient"("id") ON DELETE CASCADE ON UPDATE CASCADE;
