-- A schedule request's idempotency key on the post it created, unique per workspace, so two
-- identical requests can never create two posts — also when the post is held for approval and
-- has no tasks yet (whose own keys are unique). Occurrences of a recurring post leave it empty.
ALTER TABLE "Post" ADD COLUMN "idempotencyKey" TEXT;

CREATE UNIQUE INDEX "Post_workspaceId_idempotencyKey_key" ON "Post"("workspaceId", "idempotencyKey");

-- Posts already waiting for approval kept the key only in config.
UPDATE "Post" SET "idempotencyKey" = config->>'occurrenceKey'
WHERE "approvalState" = 'pending' AND config ? 'occurrenceKey';
