-- When a post or draft last took the upload (docs/decisions.md, "Retention"): uploads nothing has
-- taken for RETENTION_DAYS.unusedMedia are deleted by the daily cleanup.
ALTER TABLE "MediaAsset" ADD COLUMN "lastUsedAt" TIMESTAMP(3);
