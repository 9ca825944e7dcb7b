-- "Connect with Bluesky" (atproto OAuth; docs/decisions.md, "Sign in with Bluesky"): the OAuth
-- session of a SocialAccount connected that way, as @atproto/oauth-client-node keeps it (the DPoP
-- key and the token set), sealed with CREDENTIALS_KEY like the account's credentials (lib/crypto.ts).
-- One per account; it goes with the account. The column is named like SocialAccount.credentials so
-- exports that drop credentials by column name drop it too (lib/gdpr/export.ts). The library
-- rewrites it on every token refresh and deletes it when a refresh is refused (the account then
-- needs reconnecting).
CREATE TABLE "BlueskyOAuthSession" (
    "socialAccountId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "did" TEXT NOT NULL,
    "credentials" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BlueskyOAuthSession_pkey" PRIMARY KEY ("socialAccountId")
);
CREATE INDEX "BlueskyOAuthSession_workspaceId_idx" ON "BlueskyOAuthSession"("workspaceId");
ALTER TABLE "BlueskyOAuthSession" ADD CONSTRAINT "BlueskyOAuthSession_socialAccountId_fkey" FOREIGN KEY ("socialAccountId") REFERENCES "SocialAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "BlueskyOAuthSession" ENABLE ROW LEVEL SECURITY;
