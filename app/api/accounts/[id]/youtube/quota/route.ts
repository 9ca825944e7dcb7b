// GET /api/accounts/:id/youtube/quota — what is left today of the YouTube account's Google project's daily quota, as Herald counted it (limit, used, left, uploads left, reset), for the composer (viewer).
import { withWorkspace } from "@/lib/api/handler";
import { youtubeQuotaFor } from "@/lib/compose";
import { db } from "@/lib/db";

export const GET = withWorkspace(async ({ workspaceId, params }) => ({
  success: true,
  ...(await youtubeQuotaFor(db(), workspaceId, params.id)),
}), { minRole: "viewer" });
