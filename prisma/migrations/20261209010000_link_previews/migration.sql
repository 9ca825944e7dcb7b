-- Link previews (docs/decisions.md, "Link previews"): the Open Graph / Twitter card of a URL, per
-- workspace and normalized URL, cached until expiresAt.
CREATE TABLE "LinkPreview" (
    "workspaceId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "title" TEXT,
    "description" TEXT,
    "imageUrl" TEXT,
    "siteName" TEXT,
    "reason" TEXT,
    "fetchedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "LinkPreview_pkey" PRIMARY KEY ("workspaceId","url")
);
CREATE INDEX "LinkPreview_expiresAt_idx" ON "LinkPreview"("expiresAt");
ALTER TABLE "LinkPreview" ADD CONSTRAINT "LinkPreview_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "LinkPreview" ENABLE ROW LEVEL SECURITY;
