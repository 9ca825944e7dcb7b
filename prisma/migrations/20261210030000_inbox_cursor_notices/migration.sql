-- What the last inbox sweep of an account could not read, in words (a Meta permission left
-- unticked, say): shown on the inbox page until a sweep reads everything again
-- (docs/decisions.md, "Inbox").
ALTER TABLE "InboxCursor" ADD COLUMN "notices" TEXT[] DEFAULT ARRAY[]::TEXT[];
