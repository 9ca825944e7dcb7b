-- The platform's own id for what a publish sent, recorded before the step that can leave the
-- publish in doubt (TikTok's publish_id): reconcile asks the platform about it, also in a later
-- process call after the one that sent it died (lib/tasks/platform.ts).
ALTER TABLE "AgentTask" ADD COLUMN "platformRef" TEXT;
