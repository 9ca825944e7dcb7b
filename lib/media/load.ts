// Media for adapters: fetch the bytes of a post's media and fit images to a platform's limits.
import sharp, { type Metadata } from "sharp";
import { PlatformError, type MediaRef } from "../social/types";

/** Hard cap on what Herald downloads for one item (videos included). */
export const MAX_MEDIA_BYTES = 512 * 1024 * 1024;

export interface LoadedMedia {
  data: Buffer;
  mime: string;
}

/** Downloads a media item; problems become permanent platform errors with a readable reason. */
export async function loadMedia(ref: MediaRef, signal: AbortSignal, maxBytes = MAX_MEDIA_BYTES): Promise<LoadedMedia> {
  let res: Response;
  try {
    res = await fetch(ref.url, { signal });
  } catch (err) {
    throw new PlatformError("transient", "media_unreachable", `Could not download the media at ${ref.url}.`, { cause: err });
  }
  if (!res.ok) {
    const cls = res.status >= 500 ? "transient" : "permanent";
    throw new PlatformError(cls, "media_unavailable", `The media at ${ref.url} answered HTTP ${res.status}.`, { httpStatus: res.status });
  }
  const declared = Number(res.headers.get("content-length") ?? 0);
  if (declared > maxBytes) {
    throw new PlatformError("permanent", "media_too_large", `The media at ${ref.url} is ${declared} bytes; the limit is ${maxBytes}.`);
  }
  const data = Buffer.from(await res.arrayBuffer());
  if (data.length > maxBytes) {
    throw new PlatformError("permanent", "media_too_large", `The media at ${ref.url} is ${data.length} bytes; the limit is ${maxBytes}.`);
  }
  const mime = (res.headers.get("content-type") ?? "application/octet-stream").split(";")[0].trim();
  return { data, mime };
}

export interface ImageLimits {
  maxBytes: number;
  /** Longest side in pixels. */
  maxDimension?: number;
  /** Accepted output types; the first is used when a conversion is needed. */
  formats?: ("jpeg" | "png" | "webp" | "gif")[];
}

/**
 * Re-encodes an image only when it breaks the limits: too large, too many pixels, or a format the
 * platform does not take. Quality steps down until it fits; a readable error when it cannot.
 */
export async function prepareImage(input: LoadedMedia, limits: ImageLimits): Promise<LoadedMedia> {
  const formats = limits.formats ?? ["jpeg", "png", "webp", "gif"];
  let meta: Metadata;
  try {
    meta = await sharp(input.data).metadata();
  } catch {
    throw new PlatformError("permanent", "media_invalid", "The image could not be read (corrupt or not an image).");
  }
  const fmt = meta.format as string | undefined;
  const longest = Math.max(meta.width ?? 0, meta.height ?? 0);
  const okFormat = fmt !== undefined && (formats as string[]).includes(fmt === "jpg" ? "jpeg" : fmt);
  const okSize = input.data.length <= limits.maxBytes;
  const okDim = !limits.maxDimension || longest <= limits.maxDimension;
  if (okFormat && okSize && okDim) return input;

  const target = formats.includes("jpeg") ? "jpeg" : formats[0];
  for (const quality of [90, 80, 70, 60, 50]) {
    let img = sharp(input.data).rotate(); // honour EXIF orientation before it is stripped
    if (limits.maxDimension && longest > limits.maxDimension) {
      img = img.resize({ width: limits.maxDimension, height: limits.maxDimension, fit: "inside" });
    }
    const out =
      target === "png" ? await img.png({ compressionLevel: 9 }).toBuffer()
      : target === "webp" ? await img.webp({ quality }).toBuffer()
      : await img.jpeg({ quality, mozjpeg: true }).toBuffer();
    if (out.length <= limits.maxBytes) return { data: out, mime: `image/${target}` };
  }
  throw new PlatformError(
    "permanent",
    "media_too_large",
    `The image is still over ${limits.maxBytes} bytes after resizing; upload a smaller one.`,
  );
}
