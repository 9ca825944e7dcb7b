-- Workspace deletion with a 30-day grace (docs/decisions.md, "GDPR erasure"): when an owner asked
-- and who; the daily cleanup erases the workspace and everything in it once the grace is over.
ALTER TABLE "Workspace" ADD COLUMN "deletionRequestedAt" TIMESTAMP(3),
ADD COLUMN "deletionRequestedBy" TEXT;

CREATE INDEX "Workspace_deletionRequestedAt_idx" ON "Workspace"("deletionRequestedAt");
