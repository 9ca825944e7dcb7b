-- How the cron's process calls ended, for /api/health (docs/design.md, "Health"): one row per kind
-- of call ("cron"), written with one INSERT … ON CONFLICT DO UPDATE at the end of each call, so a
-- call adds one statement. Health reports degraded when no call has succeeded for two cron
-- intervals. No workspace's data. "lastError" is an error code or class name, never a message.
CREATE TABLE "SchedulerHeartbeat" (
    "id" TEXT NOT NULL,
    "firstAttemptAt" TIMESTAMP(3) NOT NULL,
    "lastAttemptAt" TIMESTAMP(3) NOT NULL,
    "lastSuccessAt" TIMESTAMP(3),
    "lastFailureAt" TIMESTAMP(3),
    "lastError" TEXT,
    CONSTRAINT "SchedulerHeartbeat_pkey" PRIMARY KEY ("id")
);
