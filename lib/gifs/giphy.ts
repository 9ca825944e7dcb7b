// GIF search through Herald's server (docs/decisions.md, "GIF search"): the browser asks Herald,
// Herald asks GIPHY with the deployment's key, and only a compact list (no key, no GIPHY
// analytics payload) goes back. A chosen GIF is fetched again by its id here, never by a URL the
// browser sent, and stored like an upload.
import { z } from "zod";
import { env } from "../env";
import { HeraldError } from "../errors";
import { logger } from "../logger";
import { createMediaAsset, IMPORT_TIMEOUT_MS, type CreatedMedia } from "../media/assets";
import { download } from "../media/download";

/** Results per page (GIPHY allows up to 50 on a beta key). */
export const GIF_PAGE_SIZE = 24;
const SEARCH_TIMEOUT_MS = 8_000;

export const GifSearchQuery = z
  .object({
    q: z.string().trim().min(1, "Type something to search for.").max(50, "A search may have at most 50 characters."),
    // GIPHY's search answers offsets up to 4,999.
    offset: z.coerce.number().int().min(0).max(4999).default(0),
  })
  .strict();

/** A GIPHY id: letters and digits (GIPHY's ids are base-62-like, e.g. "3o7TKSjRrfIPjeiVyM"). */
export const GifId = z.string().regex(/^[A-Za-z0-9]{1,64}$/, "Not a GIF id.");

export const InsertGifInput = z
  .object({
    id: GifId,
    altText: z.string().trim().max(1400, "altText may have at most 1,400 characters.").optional(),
  })
  .strict();

// GIPHY's documented shapes (developers.giphy.com/docs/api/schema): sizes are strings of digits.
const Rendition = z.object({
  url: z.string().optional(),
  width: z.coerce.number().optional(),
  height: z.coerce.number().optional(),
  size: z.coerce.number().optional(),
});
const GiphyGif = z.object({
  id: z.string(),
  title: z.string().optional().default(""),
  url: z.string().optional(),
  username: z.string().optional().default(""),
  images: z.object({
    fixed_width: Rendition.optional(),
    fixed_width_small: Rendition.optional(),
    downsized: Rendition.optional(),
    original: Rendition.optional(),
  }),
});
type GiphyGif = z.infer<typeof GiphyGif>;
const Meta = z.object({ status: z.number().optional(), msg: z.string().optional(), response_id: z.string().optional() }).optional();
const SearchAnswer = z.object({
  data: z.array(z.unknown()),
  pagination: z.object({ total_count: z.number().optional(), count: z.number().optional(), offset: z.number().optional() }).optional(),
  meta: Meta,
});
const GetAnswer = z.object({ data: z.unknown(), meta: Meta });

export interface GifResult {
  id: string;
  title: string;
  /** A small animated rendition for the results grid (served by GIPHY). */
  previewUrl: string;
  width: number;
  height: number;
  attribution: { provider: "GIPHY"; username: string | null; pageUrl: string | null };
}

export function gifSearchConfigured(): boolean {
  return Boolean(env().GIPHY_API_KEY);
}

function notConfigured(): HeraldError {
  return new HeraldError("not_found", "GIF search is not configured on this Herald (GIPHY_API_KEY is not set).", {
    details: { reason: "gif_search_not_configured" },
  });
}

function providerError(status: number): HeraldError {
  if (status === 429) return new HeraldError("rate_limited", "GIPHY is limiting requests right now; try the GIF search again in a minute.");
  if (status === 401 || status === 403) {
    // The deployment's key, not the caller's fault: logged for the operator.
    logger.error({ status }, "GIPHY refused Herald's API key (check GIPHY_API_KEY)");
    return new HeraldError("unavailable", "GIF search is unavailable: GIPHY did not accept this Herald's API key.");
  }
  if (status === 404) return new HeraldError("not_found", "GIPHY has no GIF with that id.");
  return new HeraldError("upstream_failed", `GIPHY answered HTTP ${status}; try the GIF search again.`);
}

/**
 * One GET to GIPHY's API; the key travels in the query string as GIPHY requires, never in messages.
 * GIPHY_API_URL is the operator's setting (like the platforms' *_API_URL), so plain fetch; the
 * file URLs GIPHY answers with are fetched through the guarded fetch (insertGif).
 */
async function giphyGet(path: string, params: Record<string, string>): Promise<unknown> {
  const e = env();
  if (!e.GIPHY_API_KEY) throw notConfigured();
  const url = new URL(path, e.GIPHY_API_URL.replace(/\/?$/, "/"));
  url.search = new URLSearchParams({ api_key: e.GIPHY_API_KEY, ...params }).toString();
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(SEARCH_TIMEOUT_MS) });
  } catch (err) {
    logger.warn({ err: (err as Error)?.name }, "GIPHY request failed");
    throw new HeraldError("upstream_failed", "Could not reach GIPHY; try the GIF search again.");
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => {});
    throw providerError(res.status);
  }
  try {
    return await res.json();
  } catch {
    throw new HeraldError("upstream_failed", "GIPHY answered with something that is not JSON.");
  }
}

function toResult(g: GiphyGif): GifResult | null {
  const preview = g.images.fixed_width ?? g.images.fixed_width_small ?? g.images.downsized;
  if (!preview?.url) return null;
  return {
    id: g.id,
    title: g.title.trim(),
    previewUrl: preview.url,
    width: preview.width ?? 200,
    height: preview.height ?? 200,
    attribution: { provider: "GIPHY", username: g.username || null, pageUrl: g.url ?? null },
  };
}

/** A synthetic answer (meta.status 200, empty response_id, no data) is GIPHY's own outage signal. */
function checkMeta(meta: z.infer<typeof Meta>, data: unknown): void {
  if (meta && meta.status !== undefined && meta.status !== 200) throw providerError(meta.status);
  if (meta && meta.response_id === "" && (data === undefined || (Array.isArray(data) && data.length === 0))) {
    throw new HeraldError("unavailable", "GIPHY is having trouble right now; try the GIF search again later.");
  }
}

export async function searchGifs(query: z.infer<typeof GifSearchQuery>) {
  const e = env();
  const raw = await giphyGet("v1/gifs/search", {
    q: query.q,
    limit: String(GIF_PAGE_SIZE),
    offset: String(query.offset),
    rating: e.GIPHY_RATING,
    lang: "en",
  });
  const parsed = SearchAnswer.safeParse(raw);
  if (!parsed.success) throw new HeraldError("upstream_failed", "GIPHY answered in a shape Herald does not know.");
  checkMeta(parsed.data.meta, parsed.data.data);
  const gifs = parsed.data.data.flatMap((d) => {
    const g = GiphyGif.safeParse(d);
    const r = g.success ? toResult(g.data) : null;
    return r ? [r] : [];
  });
  const p = parsed.data.pagination;
  const offset = p?.offset ?? query.offset;
  const next = offset + (p?.count ?? parsed.data.data.length);
  const more = p?.total_count !== undefined ? next < Math.min(p.total_count, 5000) : gifs.length === GIF_PAGE_SIZE;
  return { gifs, nextOffset: more ? next : null, attribution: "Powered by GIPHY" };
}

/** Looks the GIF up by id (so its file URL is GIPHY's, not the caller's) and stores it as media. */
export async function insertGif(workspaceId: string, input: z.infer<typeof InsertGifInput>): Promise<CreatedMedia> {
  const e = env();
  const raw = await giphyGet(`v1/gifs/${encodeURIComponent(input.id)}`, { rating: e.GIPHY_RATING });
  const parsed = GetAnswer.safeParse(raw);
  if (!parsed.success) throw new HeraldError("upstream_failed", "GIPHY answered in a shape Herald does not know.");
  checkMeta(parsed.data.meta, parsed.data.data);
  const gif = GiphyGif.safeParse(parsed.data.data);
  if (!gif.success) throw new HeraldError("not_found", "GIPHY has no GIF with that id.");
  const max = e.UPLOAD_MAX_BYTES;
  // The original if it fits the upload limit, else GIPHY's downsized rendition (under 2 MB).
  const { original, downsized } = gif.data.images;
  const pick = original?.url && (original.size === undefined || original.size <= max) ? original : downsized?.url ? downsized : original;
  if (!pick?.url) throw new HeraldError("upstream_failed", "GIPHY gave no file for that GIF.");
  const file = await download(pick.url, { maxBytes: max, timeoutMs: IMPORT_TIMEOUT_MS }).catch((err: unknown) => {
    if (err instanceof HeraldError && err.code === "payload_too_large") throw err;
    logger.warn({ err: err instanceof Error ? err.message : String(err), gifId: input.id }, "GIPHY file download failed");
    throw new HeraldError("upstream_failed", "Could not download that GIF from GIPHY; try again or pick another.");
  });
  try {
    return await createMediaAsset(workspaceId, {
      data: file.data,
      filename: `giphy-${gif.data.id}.gif`,
      mime: file.mime ?? "image/gif",
      altText: gifAltText(input.altText ?? gif.data.title, gif.data.username),
    });
  } catch (err) {
    // The media checks refused GIPHY's file: not the caller's input, so no "file" field to blame.
    if (err instanceof HeraldError && err.code === "validation_failed") {
      throw new HeraldError("upstream_failed", `GIPHY's file for that GIF was not accepted: ${err.message}`, { cause: err });
    }
    throw err;
  }
}

/** The GIF's description with its source kept: "Happy Dance GIF (via GIPHY, by @user)". */
export function gifAltText(title: string, username?: string): string {
  const by = username ? `, by @${username}` : "";
  const base = title.trim() || "GIF";
  return `${base} (via GIPHY${by})`;
}
