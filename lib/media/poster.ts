// A video's poster frame as bytes, for networks that take a cover only as an uploaded file
// (Facebook's `thumb`, YouTube's thumbnails.set). Herald's own posters (cut at upload,
// docs/design.md, "Media") are read from its storage under the workspace's own key; any other
// address (a bare URL's poster from config.media) is downloaded through the guarded fetch.
import type { Storage } from "./storage";
import { posterKeyFor, storage } from "./storage";
import { loadMedia, type LoadedMedia } from "./load";

/** Local disk serves a poster at /api/media/<assetId>/poster; Supabase at …/<workspaceId>/<assetId>-poster.jpg. */
function ownAssetId(workspaceId: string, url: string): string | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const local = /\/api\/media\/([A-Za-z0-9_-]{1,64})\/poster$/.exec(path);
  if (local) return local[1];
  const bucket = new RegExp(`/${workspaceId.replace(/[^A-Za-z0-9_-]/g, "")}/([A-Za-z0-9_-]{1,64})-poster\\.jpg$`).exec(path);
  return bucket ? bucket[1] : null;
}

export async function loadPoster(workspaceId: string, posterUrl: string, signal: AbortSignal, maxBytes: number, store: () => Storage = storage): Promise<LoadedMedia> {
  const assetId = ownAssetId(workspaceId, posterUrl);
  if (assetId) {
    // Only this workspace's key is ever read: another workspace's poster address finds nothing here.
    const stored = await store().get(posterKeyFor(workspaceId, assetId)).catch(() => null);
    if (stored && stored.data.length <= maxBytes) return { data: stored.data, mime: "image/jpeg" };
  }
  return loadMedia({ url: posterUrl, type: "image" }, signal, maxBytes);
}
