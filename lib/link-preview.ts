// Link previews (docs/decisions.md, "Link previews"): the Open Graph / Twitter card of a public
// page — title, description, image, site name — fetched only through the guarded fetch with a
// time and a size limit, parsed with htmlparser2, and cached per workspace and normalized URL.
// A page without a card, a non-HTML answer, a timeout: "no preview" (cached for less time), never
// an error. An address the guard refuses (private, local, not http(s)) is the caller's mistake.
import { Parser } from "htmlparser2";
import { z } from "zod";
import { clock } from "./clock";
import type { Db } from "./db";
import { HeraldError } from "./errors";
import { logger } from "./logger";
import { guardedFetch, redactUrl, refusalOf } from "./net/guarded-fetch";

/** How long a found card is kept, and a "no preview" answer. */
export const PREVIEW_TTL_MS = 24 * 3600_000;
export const NO_PREVIEW_TTL_MS = 3600_000;
export const PREVIEW_TIMEOUT_MS = 5000;
/** HTML read per page: the card is in <head>, so a longer page is cut here, not refused. */
export const PREVIEW_MAX_HTML_BYTES = 512 * 1024;
export const MAX_URL_LENGTH = 2048;
const LIMITS = { title: 300, description: 1000, siteName: 200, imageUrl: MAX_URL_LENGTH } as const;

export interface LinkPreview {
  /** The normalized URL the card is for. */
  url: string;
  title: string;
  description: string | null;
  /** Absolute http(s) URL of the card's image. */
  image: string | null;
  siteName: string | null;
}

export type NoPreviewReason = "no_metadata" | "not_html" | "http_error" | "timeout" | "unreachable";

export type PreviewAnswer = { preview: LinkPreview; reason?: undefined } | { preview: null; reason: NoPreviewReason };

export const LinkPreviewQuery = z.object({
  url: z
    .string()
    .trim()
    .min(1)
    .max(MAX_URL_LENGTH)
    .refine((s) => /^https?:\/\//i.test(s) && URL.canParse(s), { message: "Give an absolute http or https URL." }),
});

/** The cache key: the URL as the WHATWG parser writes it (host lower-cased, default port dropped), without its #fragment. */
export function normalizeUrl(raw: string): string {
  const u = new URL(raw.trim());
  u.hash = "";
  return u.toString();
}

const clean = (s: string | undefined, max: number): string | null => {
  const t = (s ?? "").replace(/\s+/g, " ").trim();
  if (!t) return null;
  return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t;
};

function absoluteHttp(raw: string | undefined, base: string): string | null {
  if (!raw?.trim()) return null;
  try {
    const u = new URL(raw.trim(), base);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    const s = u.toString();
    return s.length <= LIMITS.imageUrl ? s : null;
  } catch {
    return null;
  }
}

/**
 * The card in an HTML document: og:* first, then twitter:*, then <title> and
 * <meta name="description">. Entities are decoded by the parser; a relative image URL is resolved
 * against <base href> or the page's URL. null when the page names no title at all.
 */
export function parsePreview(html: string, pageUrl: string): LinkPreview | null {
  const meta = new Map<string, string>();
  let title = "";
  let inTitle = false;
  let titleDone = false;
  let base = pageUrl;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === "meta") {
          const key = (attrs.property ?? attrs.name ?? "").trim().toLowerCase();
          const content = attrs.content;
          // The first value wins (og:image may repeat; the first is the main one).
          if (key && content !== undefined && !meta.has(key)) meta.set(key, content);
        } else if (name === "title" && !titleDone) {
          inTitle = true;
        } else if (name === "base" && attrs.href) {
          base = absoluteHttp(attrs.href, pageUrl) ?? base;
        }
      },
      ontext(text) {
        if (inTitle) title += text;
      },
      onclosetag(name) {
        if (name === "title" && inTitle) {
          inTitle = false;
          titleDone = true;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  const pick = (...keys: string[]) => keys.map((k) => meta.get(k)).find((v) => v?.trim());
  const t = clean(pick("og:title", "twitter:title") ?? title, LIMITS.title);
  if (!t) return null;
  return {
    url: pageUrl,
    title: t,
    description: clean(pick("og:description", "twitter:description", "description"), LIMITS.description),
    image: absoluteHttp(pick("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"), base),
    siteName: clean(pick("og:site_name", "application-name"), LIMITS.siteName),
  };
}

function charsetOf(contentType: string | null, head: Uint8Array): string {
  const fromHeader = /charset=["']?([\w-]+)/i.exec(contentType ?? "")?.[1];
  if (fromHeader) return fromHeader;
  const sniff = new TextDecoder("latin1").decode(head.subarray(0, 2048));
  return /<meta[^>]+charset=["']?([\w-]+)/i.exec(sniff)?.[1] ?? "utf-8";
}

function decode(bytes: Uint8Array, contentType: string | null): string {
  try {
    return new TextDecoder(charsetOf(contentType, bytes)).decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

/** Reads at most `max` bytes of the body and stops there (the rest is not needed). */
async function readHead(res: Response, max: number): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < max) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  return Buffer.concat(chunks).subarray(0, max);
}

export interface FetchPreviewOptions {
  timeoutMs?: number;
  maxBytes?: number;
  signal?: AbortSignal;
}

/**
 * Fetches one page and reads its card. Refusals by the guard (private address, bad scheme,
 * credentials in the URL) throw a 400 naming the url field; everything else the page or the
 * network does is a "no preview" answer.
 */
export async function fetchPreview(url: string, opts: FetchPreviewOptions = {}): Promise<PreviewAnswer> {
  const timeoutMs = opts.timeoutMs ?? PREVIEW_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  try {
    const res = await guardedFetch(url, {
      signal,
      headers: { accept: "text/html, application/xhtml+xml;q=0.9, */*;q=0.1", "user-agent": "Herald-LinkPreview/1" },
    });
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      return { preview: null, reason: "http_error" };
    }
    const type = res.headers.get("content-type");
    if (!/^\s*(text\/html|application\/xhtml\+xml)/i.test(type ?? "")) {
      await res.body?.cancel().catch(() => undefined);
      return { preview: null, reason: "not_html" };
    }
    const html = decode(await readHead(res, opts.maxBytes ?? PREVIEW_MAX_HTML_BYTES), type);
    const preview = parsePreview(html, url);
    return preview ? { preview } : { preview: null, reason: "no_metadata" };
  } catch (err) {
    const refused = refusalOf(err);
    if (refused) {
      const message = `No preview for ${redactUrl(url)}: ${refused.message}`;
      throw new HeraldError("validation_failed", message, { fields: [{ path: "url", message }] });
    }
    if (signal.aborted) return { preview: null, reason: "timeout" };
    return { preview: null, reason: "unreachable" };
  }
}

type Row = { status: string; title: string | null; description: string | null; imageUrl: string | null; siteName: string | null; reason: string | null };

function answerOf(url: string, row: Row): PreviewAnswer {
  if (row.status === "ok" && row.title) {
    return { preview: { url, title: row.title, description: row.description, image: row.imageUrl, siteName: row.siteName } };
  }
  return { preview: null, reason: (row.reason as NoPreviewReason | null) ?? "no_metadata" };
}

export interface GetPreviewOptions extends FetchPreviewOptions {
  now?: Date;
}

/**
 * The card for `rawUrl` in this workspace: from the cache while it is fresh, else fetched and
 * stored (a found card for PREVIEW_TTL_MS, "no preview" for NO_PREVIEW_TTL_MS). A cache that cannot
 * be read or written costs a fetch, never the answer.
 */
export async function getLinkPreview(prisma: Db, workspaceId: string, rawUrl: string, opts: GetPreviewOptions = {}): Promise<PreviewAnswer> {
  const url = normalizeUrl(rawUrl);
  const now = opts.now ?? clock.now();
  try {
    const row = await prisma.linkPreview.findUnique({ where: { workspaceId_url: { workspaceId, url } } });
    if (row && row.expiresAt > now) return answerOf(url, row);
  } catch (err) {
    logger.warn({ err }, "link preview cache read failed");
  }
  const answer = await fetchPreview(url, opts);
  const p = answer.preview;
  const data = {
    status: p ? "ok" : "none",
    title: p?.title ?? null,
    description: p?.description ?? null,
    imageUrl: p?.image ?? null,
    siteName: p?.siteName ?? null,
    reason: answer.reason ?? null,
    fetchedAt: now,
    expiresAt: new Date(now.getTime() + (p ? PREVIEW_TTL_MS : NO_PREVIEW_TTL_MS)),
  };
  try {
    await prisma.linkPreview.upsert({ where: { workspaceId_url: { workspaceId, url } }, create: { workspaceId, url, ...data }, update: data });
  } catch (err) {
    logger.warn({ err }, "link preview cache write failed");
  }
  return answer;
}

/** For publishing: the card or null, never an error (a preview never fails a post). */
export async function previewForPublish(prisma: Db, workspaceId: string, url: string, signal?: AbortSignal): Promise<LinkPreview | null> {
  try {
    return (await getLinkPreview(prisma, workspaceId, url, { signal })).preview;
  } catch {
    return null;
  }
}
