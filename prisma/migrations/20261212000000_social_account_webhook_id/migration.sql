-- The network's own id of an account where its webhooks name it (Instagram's IG user id,
-- WhatsApp's phone number id), kept beside the encrypted credentials so a webhook delivery finds
-- its accounts by index instead of decrypting every account of the network (docs/inbox.md).
-- Rows connected before this are filled in by the first delivery that reads them.
ALTER TABLE "SocialAccount" ADD COLUMN "webhookAccountId" TEXT;
CREATE INDEX "SocialAccount_platform_webhookAccountId_idx" ON "SocialAccount"("platform", "webhookAccountId");
