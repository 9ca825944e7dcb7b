-- API rate limit in blocks (docs/decisions.md, "API rate limits"): a busy instance takes several
-- requests' allowance in one step, so the row says how many the step granted (0: refused)
-- instead of whether one request was let through.
ALTER TABLE "ApiKeyRateLimit" DROP COLUMN "allowed";
ALTER TABLE "ApiKeyRateLimit" ADD COLUMN "granted" INTEGER NOT NULL DEFAULT 0;
