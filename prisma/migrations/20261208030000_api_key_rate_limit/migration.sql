-- Per-API-key rate limit (docs/decisions.md, "API rate limits"): one row per key holding the
-- generic cell rate algorithm's theoretical arrival time. Every API request updates it, so the
-- table is UNLOGGED: its writes make no WAL and the commit waits for no flush. A crash empties
-- it, which only forgives the requests of the current window.
CREATE UNLOGGED TABLE "ApiKeyRateLimit" (
    "apiKeyId" TEXT NOT NULL,
    "tat" TIMESTAMP(3) NOT NULL,
    "allowed" BOOLEAN NOT NULL,

    CONSTRAINT "ApiKeyRateLimit_pkey" PRIMARY KEY ("apiKeyId")
);

ALTER TABLE "ApiKeyRateLimit" ADD CONSTRAINT "ApiKeyRateLimit_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "ApiKeyRateLimit" ENABLE ROW LEVEL SECURITY;
