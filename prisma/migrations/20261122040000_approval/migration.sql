-- CreateEnum
CREATE TYPE "ApprovalState" AS ENUM ('not_required', 'pending', 'approved', 'rejected');

-- AlterTable
ALTER TABLE "Post" ADD COLUMN     "approvalState" "ApprovalState" NOT NULL DEFAULT 'not_required',
ADD COLUMN     "approvedAt" TIMESTAMP(3),
ADD COLUMN     "approvedBy" TEXT,
ADD COLUMN     "config" JSONB,
ADD COLUMN     "rejectionReason" TEXT;

-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "requireApproval" BOOLEAN NOT NULL DEFAULT false;
