-- Engagement queries at scale (measured in `npm run bench`, scenario 5; docs/benchmarks.md).
-- All three are partial, so schema.prisma cannot express them (RAW_ONLY_INDEXES in
-- test/integration/schema-drift.test.ts).

-- The engagement sweep (lib/engagement-sweep.ts), once per process call: published targets of the
-- last 7 days, instead of a sequential scan of every target ever published.
CREATE INDEX "PostTarget_published_idx" ON "PostTarget"("publishedAt") WHERE "status" = 'published';

-- The sweep's "no collection already open" check, per recent target: only open collect_engagement
-- tasks are in it, so the check no longer reads every completed refresh of the target.
CREATE INDEX "AgentTask_open_collect_idx" ON "AgentTask"("postTargetId")
  WHERE "type" = 'collect_engagement' AND "status" IN ('pending', 'running', 'failed', 'needs_review');

-- Best times (lib/ai/best-time.ts): a workspace's published targets in the lookback window, read
-- from the index alone (no visit to each target's heap page).
CREATE INDEX "PostTarget_workspace_published_idx" ON "PostTarget"("workspaceId", "publishedAt")
  INCLUDE ("id", "accountId", "platform") WHERE "status" = 'published';
