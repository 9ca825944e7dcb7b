// A workspace's media library. Every upload or import goes one way: inspect and normalise the
// bytes → write storage → write the row. A row never exists without its file, and a file whose
// row could not be written is removed again (or logged loudly as an orphan if even that fails).
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { clock } from "../clock";
import { db, type Db } from "../db";
import { env } from "../env";
import { HeraldError, unknownCursor } from "../errors";
import type { MediaAsset } from "../generated/prisma/client";
import { logger } from "../logger";
import type { MediaRef } from "../social/types";
import { formatBytes } from "./bytes";
import { download } from "./download";
import { redactUrl } from "../net/guarded-fetch";
import { inspectUpload, type VideoDetails } from "./inspect";
import type { ReportProgress } from "./progress";
import { AltText, ListMediaQuery, MediaId } from "./schemas";
import { LocalDiskStorage, posterKeyFor, storage, storageKeyFor } from "./storage";

/** How long an import may take to download, end to end. */
export const IMPORT_TIMEOUT_MS = 20_000;

export interface NewMedia {
  data: Buffer;
  filename?: string;
  /** What the client said the type is; recorded nowhere, the bytes decide. */
  mime?: string;
  altText?: string;
}

/**
 * 128 random bits in cuid's shape ("m" + 25 base-36 characters). Chosen here rather than by
 * Prisma's cuid(): the object is stored before the row exists, and GET /api/media/:id/file is
 * public, so the id must be unguessable, which a cuid (time + counter) is not.
 */
export function newMediaId(): string {
  return "m" + BigInt("0x" + randomBytes(16).toString("hex")).toString(36).padStart(25, "0");
}

/** `size` is the file's size, or (`atLeast`) only how much of the body was seen before stopping. */
export function tooLarge(size: number, max: number, atLeast = false): HeraldError {
  const message = atLeast
    ? `The upload is larger than the limit of ${formatBytes(max)}.`
    : `The file is ${formatBytes(size)}; the upload limit is ${formatBytes(max)}.`;
  return new HeraldError("payload_too_large", message, { details: { maxBytes: max, ...(atLeast ? {} : { sizeBytes: size }) } });
}

const AltTextField = z.object({ altText: AltText });

/** What an upload of a video took (answered once, by the upload; not stored). */
export type MediaProcessing = Pick<VideoDetails, "action" | "from" | "ms">;

/** A new asset, with how its video was processed when it is one. */
export type CreatedMedia = MediaAsset & { processing?: MediaProcessing };

export interface MediaWorkOptions {
  /** Told what the server is doing with a video (lib/media/progress.ts). */
  onProgress?: ReportProgress;
}

export async function createMediaAsset(workspaceId: string, input: NewMedia, opts: MediaWorkOptions = {}): Promise<CreatedMedia> {
  const max = env().UPLOAD_MAX_BYTES;
  if (input.data.length > max) throw tooLarge(input.data.length, max);
  const { altText } = AltTextField.parse({ altText: input.altText });
  // A converted video may come out larger than it went in (ProRes does not, a tiny HEVC may).
  const media = await inspectUpload(input.data, { filename: input.filename, mime: input.mime }, { maxVideoBytes: 2 * max, onProgress: opts.onProgress });
  if (media.video) opts.onProgress?.({ stage: "saving" });

  const id = newMediaId();
  const key = storageKeyFor(workspaceId, id, media.ext);
  const posterKey = media.video ? posterKeyFor(workspaceId, id) : null;
  const store = storage();
  const stored: string[] = [];
  try {
    const { url } = await store.put(key, media.data, media.mime);
    stored.push(key);
    let posterUrl: string | null = null;
    if (posterKey && media.video) {
      posterUrl = (await store.put(posterKey, media.video.poster, "image/jpeg")).url;
      stored.push(posterKey);
    }
    const row = await db().mediaAsset.create({
      data: {
        id,
        workspaceId,
        kind: media.kind,
        mime: media.mime,
        storageKey: key,
        url,
        sizeBytes: media.data.length,
        width: media.width,
        height: media.height,
        durationMs: media.durationMs,
        altText,
        ...(media.video && {
          videoCodec: media.video.videoCodec,
          audioCodec: media.video.audioCodec,
          frameRate: media.video.frameRate,
          posterStorageKey: posterKey,
          posterUrl,
          convertedFrom: media.video.from,
        }),
      },
    });
    return media.video ? { ...row, processing: { action: media.video.action, from: media.video.from, ms: media.video.ms } } : row;
  } catch (err) {
    for (const k of stored) {
      await store.delete(k).catch((cleanupErr: unknown) =>
        logger.error({ err: cleanupErr, storageKey: k, workspaceId }, "media row not written and its stored object could not be removed: orphaned object"),
      );
    }
    throw err;
  }
}

/** Downloads a file (size cap, timeout, public addresses only) and stores it like an upload. */
export async function importMediaFromUrl(
  workspaceId: string,
  url: string,
  altText?: string,
  opts: { timeoutMs?: number } & MediaWorkOptions = {},
): Promise<CreatedMedia> {
  const e = env();
  const file = await download(url, {
    maxBytes: e.UPLOAD_MAX_BYTES,
    timeoutMs: opts.timeoutMs ?? IMPORT_TIMEOUT_MS,
  });
  try {
    return await createMediaAsset(workspaceId, { data: file.data, filename: file.filename, mime: file.mime ?? undefined, altText }, opts);
  } catch (err) {
    // Point the message at the URL the caller sent, not at a "file" field they never had.
    if (err instanceof HeraldError && err.code === "validation_failed" && err.fields?.[0]?.path === "file") {
      const message = `The file at ${redactUrl(url)} was not accepted: ${err.message}`;
      throw new HeraldError("validation_failed", message, { fields: [{ path: "url", message }], cause: err });
    }
    throw err;
  }
}

export async function listMedia(workspaceId: string, query: unknown = {}) {
  const q = ListMediaQuery.parse(query);
  if (q.cursor) {
    // Prisma reads the cursor row without the workspace filter: another workspace's id would place
    // the page by that row (revealing when it was uploaded). It is a bad request, as for posts.
    const c = await db().mediaAsset.findFirst({ where: { id: q.cursor, workspaceId }, select: { id: true } });
    if (!c) throw unknownCursor();
  }
  const rows = await db().mediaAsset.findMany({
    where: { workspaceId, ...(q.kind && { kind: q.kind }) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    ...(q.cursor && { cursor: { id: q.cursor }, skip: 1 }),
  });
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  return { media: page.map(toMediaJson), nextCursor: more ? page[page.length - 1].id : null };
}

export async function getMediaOrThrow(workspaceId: string, id: string): Promise<MediaAsset> {
  const asset = await db().mediaAsset.findFirst({ where: { id, workspaceId } });
  if (!asset) throw new HeraldError("not_found", "Media not found.");
  return asset;
}

// Tasks that may still publish: their media must stay where their URLs point.
const LIVE_TASK_STATUSES = ["pending", "running", "needs_review"] as const;

/**
 * The workspace's uploads by id for a post or draft that takes them (404 for anyone else's),
 * marked as used now: the cleanup deletes uploads nothing has taken for a while
 * (docs/decisions.md, "Retention").
 */
export async function takeMedia(prisma: Db, workspaceId: string, ids: readonly string[], now = clock.now()): Promise<MediaAsset[]> {
  if (!ids.length) return [];
  const assets = await prisma.mediaAsset.updateManyAndReturn({ where: { workspaceId, id: { in: [...ids] } }, data: { lastUsedAt: now } });
  const missing = ids.filter((id) => !assets.some((a) => a.id === id));
  if (missing.length) throw new HeraldError("not_found", `Media not found: ${missing.join(", ")}.`);
  return assets;
}

/**
 * Deletes up to `limit` uploads that no post or draft has taken since `before` (or, never taken,
 * were uploaded before it) and that no task that may still publish, no draft and no scheduled post
 * names by id or URL; their stored files go after the rows. Returns how many went.
 */
export async function deleteUnusedMedia(before: Date, limit = 500): Promise<number> {
  const gone = await db().$queryRaw<{ workspaceId: string; storageKey: string; posterStorageKey: string | null }[]>`
    DELETE FROM "MediaAsset" m WHERE m.id IN (
      SELECT a.id FROM "MediaAsset" a
      WHERE COALESCE(a."lastUsedAt", a."createdAt") < ${before}::timestamp
        AND NOT EXISTS (
          SELECT 1 FROM "AgentTask" t
          WHERE t."workspaceId" = a."workspaceId" AND t.status::text = ANY(${[...LIVE_TASK_STATUSES]}::text[])
            AND strpos(t.config::text, a.url) > 0)
        AND NOT EXISTS (
          SELECT 1 FROM "Post" p
          WHERE p."workspaceId" = a."workspaceId" AND p.status IN ('draft', 'scheduled', 'publishing')
            AND (strpos(COALESCE(p.config::text, ''), a.id) > 0 OR strpos(COALESCE(p.config::text, ''), a.url) > 0))
      ORDER BY COALESCE(a."lastUsedAt", a."createdAt")
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING m."workspaceId", m."storageKey", m."posterStorageKey"`;
  for (const asset of gone) await removeStored(asset);
  return gone.length;
}

/** A deleted row's stored file and poster; a failure leaves an orphaned object, logged. */
async function removeStored(asset: { workspaceId: string; storageKey: string; posterStorageKey: string | null }): Promise<void> {
  for (const key of [asset.storageKey, asset.posterStorageKey]) {
    if (!key) continue;
    await storage()
      .delete(key)
      .catch((err: unknown) =>
        logger.error({ err, storageKey: key, workspaceId: asset.workspaceId }, "media row deleted but its stored object could not be removed: orphaned object"),
      );
  }
}

export async function deleteMedia(workspaceId: string, id: string): Promise<{ id: string }> {
  const asset = await getMediaOrThrow(workspaceId, id);
  const inUse = await db().agentTask.count({
    where: {
      workspaceId,
      status: { in: [...LIVE_TASK_STATUSES] },
      config: { path: ["media"], array_contains: [{ url: asset.url }] },
    },
  });
  if (inUse > 0) {
    throw new HeraldError(
      "conflict",
      `This media is used by ${inUse} scheduled post${inUse === 1 ? "" : "s"}; cancel ${inUse === 1 ? "it" : "them"} or remove the media from ${inUse === 1 ? "it" : "them"} first.`,
      { details: { tasks: inUse } },
    );
  }
  // The row goes first: a missing row with a leftover object is harmless (and logged), a row
  // pointing at a deleted object would break a post later.
  const { count } = await db().mediaAsset.deleteMany({ where: { id, workspaceId } });
  if (count === 0) throw new HeraldError("not_found", "Media not found.");
  await removeStored(asset);
  return { id };
}

/**
 * The file behind GET /api/media/:id/file, or its video's poster frame behind
 * GET /api/media/:id/poster (local-disk storage only; Supabase serves its own URLs).
 */
export async function openPublicMediaFile(id: string, which: "file" | "poster" = "file") {
  const store = storage();
  if (!(store instanceof LocalDiskStorage) || !MediaId.safeParse(id).success) {
    throw new HeraldError("not_found", "Media not found.");
  }
  const asset = await db().mediaAsset.findUnique({ where: { id }, select: { id: true, storageKey: true, posterStorageKey: true, mime: true } });
  const key = which === "poster" ? asset?.posterStorageKey : asset?.storageKey;
  const file = key && (await store.open(key));
  if (!asset || !key || !file) {
    if (key) logger.warn({ id, storageKey: key }, "media row without its file on disk");
    throw new HeraldError("not_found", which === "poster" ? "This media has no poster frame." : "Media not found.");
  }
  return { id: which === "poster" ? `${asset.id}-poster` : asset.id, mime: which === "poster" ? "image/jpeg" : asset.mime, size: file.size, stream: file.stream };
}

/**
 * What a scheduled post carries for this asset (lib/social/types.ts MediaRef); a video also its
 * length, size, codecs and frame rate, which each network's video rules are checked against, and
 * its poster frame, which networks that take a cover picture by URL are given (docs/adapters.md,
 * "Video rules").
 */
export function mediaRefFor(
  asset: Pick<MediaAsset, "url" | "kind" | "altText" | "sizeBytes"> &
    Partial<Pick<MediaAsset, "durationMs" | "width" | "height" | "videoCodec" | "audioCodec" | "frameRate" | "posterUrl">>,
): MediaRef {
  const video =
    asset.kind === "video"
      ? {
          ...(asset.durationMs != null && { durationMs: asset.durationMs }),
          ...(asset.width != null && asset.height != null && { width: asset.width, height: asset.height }),
          ...(asset.videoCodec && { videoCodec: asset.videoCodec }),
          ...(asset.audioCodec && { audioCodec: asset.audioCodec }),
          ...(asset.frameRate != null && asset.frameRate > 0 && { frameRate: asset.frameRate }),
          ...(asset.posterUrl && { posterUrl: asset.posterUrl }),
        }
      : {};
  return {
    url: asset.url,
    type: asset.kind,
    ...(asset.altText ? { altText: asset.altText } : {}),
    sizeBytes: asset.sizeBytes,
    ...video,
  };
}

/** The API shape of an asset (storage keys stay internal). */
/** A media asset as the API answers with it (dates as ISO strings once serialized). */
export type MediaJson = ReturnType<typeof toMediaJson>;

export function toMediaJson(asset: CreatedMedia) {
  return {
    id: asset.id,
    kind: asset.kind,
    mime: asset.mime,
    url: asset.url,
    sizeBytes: asset.sizeBytes,
    width: asset.width,
    height: asset.height,
    durationMs: asset.durationMs,
    altText: asset.altText,
    /** Videos: a JPEG frame (at 1 s, or the middle of a shorter video) for previews. */
    posterUrl: asset.posterUrl,
    videoCodec: asset.videoCodec,
    audioCodec: asset.audioCodec,
    frameRate: asset.frameRate,
    /** What the upload was before Herald converted it to H.264 MP4; null when stored as uploaded. */
    convertedFrom: asset.convertedFrom,
    createdAt: asset.createdAt,
    // Only in the answer to the upload itself: what was done and how long it took.
    ...(asset.processing && { processing: asset.processing }),
  };
}
