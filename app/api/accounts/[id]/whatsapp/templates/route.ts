// GET /api/accounts/:id/whatsapp/templates — the WhatsApp account's approved message templates (name, language, body, how many values, header kind), for the composer (viewer).
import { withWorkspace } from "@/lib/api/handler";
import { whatsappTemplatesFor } from "@/lib/compose";
import { db } from "@/lib/db";

export const GET = withWorkspace(async ({ workspaceId, params }) => ({
  success: true,
  ...(await whatsappTemplatesFor(db(), workspaceId, params.id)),
}), { minRole: "viewer" });
