// GET /api/link-preview?url= — the Open Graph / Twitter card of a public page for the composer's preview, cached per workspace for a day (docs/decisions.md, "Link previews"). 400 for a URL that is not public http(s); `preview: null` with a reason when the page has no card or cannot be read.
import { readQuery, withWorkspace } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { getLinkPreview, LinkPreviewQuery } from "@/lib/link-preview";

export const GET = withWorkspace(async ({ req, workspaceId }) => {
  const { url } = readQuery(req, LinkPreviewQuery);
  return { success: true, ...(await getLinkPreview(db(), workspaceId, url)) };
});
