-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "brandVoice" JSONB,
ADD COLUMN     "postingSlots" JSONB;
