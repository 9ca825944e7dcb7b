// GET /api/gifs?q=&offset= — search GIPHY through Herald's server (lib/gifs/giphy.ts): the key
// stays here; 404 when this Herald has no GIPHY key (docs/decisions.md, "GIF search").
import { readQuery, withWorkspace } from "@/lib/api/handler";
import { GifSearchQuery, searchGifs } from "@/lib/gifs/giphy";

export const GET = withWorkspace(async ({ req }) => {
  const query = readQuery(req, GifSearchQuery);
  return { success: true, ...(await searchGifs(query)) };
});
