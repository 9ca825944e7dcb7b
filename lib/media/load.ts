// Media for adapters: fetch the bytes of a post's media and fit images to a platform's limits.
import sharp, { type Metadata } from "sharp";
import { guardedFetch, redactUrl, refusalOf } from "../net/guarded-fetch";
import { PlatformError, type MediaRef } from "../social/types";

/** Hard cap on what Herald downloads for one item (videos included). */
export const MAX_MEDIA_BYTES = 512 * 1024 * 1024;

export interface LoadedMedia {
  data: Buffer;
  mime: string;
}

/**
 * Downloads a media item; problems become permanent platform errors with a readable reason.
 * The URL may have come from the schedule API (config.media[].url): it goes through the guarded
 * fetch, so it cannot reach private addresses, and messages never quote its credentials.
 */
export async function loadMedia(ref: MediaRef, signal: AbortSignal, maxBytes = MAX_MEDIA_BYTES): Promise<LoadedMedia> {
  const shown = redactUrl(ref.url);
  let res: Response;
  try {
    // A data: URL (inline bytes, as adapter tests use) never touches the network: plain fetch decodes it.
    res = ref.url.startsWith("data:") ? await fetch(ref.url, { signal }) : await guardedFetch(ref.url, { signal });
  } catch (err) {
    const refused = refusalOf(err);
    if (refused) {
      const code = refused.code === "too_many_redirects" ? "media_unavailable" : refused.code;
      throw new PlatformError("permanent", code, `The media at ${shown} cannot be downloaded: ${refused.message}`, { cause: err });
    }
    throw new PlatformError("transient", "media_unreachable", `Could not download the media at ${shown}.`, { cause: err });
  }
  if (!res.ok) {
    const cls = res.status >= 500 ? "transient" : "permanent";
    throw new PlatformError(cls, "media_unavailable", `The media at ${shown} answered HTTP ${res.status}.`, { httpStatus: res.status });
  }
  const declared = Number(res.headers.get("content-length") ?? 0);
  if (declared > maxBytes) {
    throw new PlatformError("permanent", "media_too_large", `The media at ${shown} is ${declared} bytes; the limit is ${maxBytes}.`);
  }
  const data = Buffer.from(await res.arrayBuffer());
  if (data.length > maxBytes) {
    throw new PlatformError("permanent", "media_too_large", `The media at ${shown} is ${data.length} bytes; the limit is ${maxBytes}.`);
  }
  const mime = (res.headers.get("content-type") ?? "application/octet-stream").split(";")[0].trim();
  return { data, mime };
}

export interface ImageLimits {
  maxBytes: number;
  /** Longest side in pixels. */
  maxDimension?: number;
  /** Most pixels (width × height). */
  maxPixels?: number;
  /** Accepted output types; the first is used when a conversion is needed. */
  formats?: ("jpeg" | "png" | "webp" | "gif")[];
  /**
   * Allowed width ÷ height. An image outside is padded (never cropped) to the nearest bound:
   * cropping could cut off text or faces the user chose to show.
   */
  aspectRatio?: { min: number; max: number };
  /** Colour of the padding bars; white by default. */
  padColor?: string;
}

type Format = NonNullable<ImageLimits["formats"]>[number];

interface Geometry {
  /** Content size after scaling. */
  width: number;
  height: number;
  /** Bars added around the content to reach an allowed aspect ratio. */
  pad: { top: number; bottom: number; left: number; right: number };
}

function padFor(width: number, height: number, aspect?: ImageLimits["aspectRatio"]): Geometry["pad"] {
  const none = { top: 0, bottom: 0, left: 0, right: 0 };
  if (!aspect) return none;
  const ratio = width / height;
  if (ratio < aspect.min) {
    const extra = Math.ceil(height * aspect.min) - width;
    return { ...none, left: Math.floor(extra / 2), right: Math.ceil(extra / 2) };
  }
  if (ratio > aspect.max) {
    const extra = Math.ceil(width / aspect.max) - height;
    return { ...none, top: Math.floor(extra / 2), bottom: Math.ceil(extra / 2) };
  }
  return none;
}

/** Content size and padding so that the padded canvas meets the dimension and pixel limits. */
function geometry(width: number, height: number, limits: ImageLimits, step: number): Geometry {
  const pad0 = padFor(width, height, limits.aspectRatio);
  const canvasW = width + pad0.left + pad0.right;
  const canvasH = height + pad0.top + pad0.bottom;
  let scale = step;
  if (limits.maxDimension) scale = Math.min(scale, limits.maxDimension / Math.max(canvasW, canvasH));
  // A hair under the pixel limit: padding is rounded up after scaling.
  if (limits.maxPixels) scale = Math.min(scale, Math.sqrt((limits.maxPixels * 0.995) / (canvasW * canvasH)));
  const w = scale < 1 ? Math.max(1, Math.floor(width * scale)) : width;
  const h = scale < 1 ? Math.max(1, Math.floor(height * scale)) : height;
  return { width: w, height: h, pad: padFor(w, h, limits.aspectRatio) };
}

/**
 * Returns the input itself when it already meets the limits (format, bytes, longest side,
 * pixels, aspect ratio). Otherwise re-encodes it: EXIF orientation applied, metadata stripped,
 * scaled and padded as needed, quality and then size stepping down until it fits; a readable
 * permanent error when it cannot.
 */
export async function prepareImage(input: LoadedMedia, limits: ImageLimits): Promise<LoadedMedia> {
  const formats = limits.formats ?? ["jpeg", "png", "webp", "gif"];
  let meta: Metadata;
  try {
    meta = await sharp(input.data).metadata();
  } catch {
    throw new PlatformError("permanent", "media_invalid", "The image could not be read (corrupt or not an image).");
  }
  const raw = meta.format as string | undefined;
  const fmt = (raw === "jpg" ? "jpeg" : raw) as Format | undefined;
  // Sizes as displayed: orientations 5–8 swap width and height.
  const turned = (meta.orientation ?? 1) >= 5;
  const width = (turned ? meta.height : meta.width) ?? 0;
  const height = (turned ? meta.width : meta.height) ?? 0;
  if (!width || !height) {
    throw new PlatformError("permanent", "media_invalid", "The image could not be read (corrupt or not an image).");
  }
  const ratio = width / height;
  const okFormat = fmt !== undefined && formats.includes(fmt);
  const okSize = input.data.length <= limits.maxBytes;
  const okDim = !limits.maxDimension || Math.max(width, height) <= limits.maxDimension;
  const okPixels = !limits.maxPixels || width * height <= limits.maxPixels;
  const okAspect = !limits.aspectRatio || (ratio >= limits.aspectRatio.min && ratio <= limits.aspectRatio.max);
  if (okFormat && okSize && okDim && okPixels && okAspect) return input;

  // Keep an allowed still format when bytes were not the problem (a PNG screenshot that only
  // needs padding stays sharp); otherwise JPEG, the format that shrinks. Animated GIFs become
  // their first frame.
  const targets: Format[] = [];
  if (okFormat && fmt !== "gif" && (okSize || !formats.includes("jpeg"))) targets.push(fmt);
  if (formats.includes("jpeg") && !targets.includes("jpeg")) targets.push("jpeg");
  if (targets.length === 0) targets.push(formats.find((f) => f !== "gif") ?? formats[0]);

  for (const step of [1, 0.75, 0.5, 0.35]) {
    const g = geometry(width, height, limits, step);
    for (const target of targets) {
      for (const quality of target === "png" || target === "gif" ? [0] : [85, 75, 65, 55]) {
        let img = sharp(input.data).rotate(); // honour EXIF orientation before it is stripped
        if (g.width !== width || g.height !== height) img = img.resize({ width: g.width, height: g.height, fit: "fill" });
        if (target === "jpeg" && meta.hasAlpha) img = img.flatten({ background: limits.padColor ?? "#ffffff" });
        if (g.pad.top + g.pad.bottom + g.pad.left + g.pad.right > 0) {
          img = img.extend({ ...g.pad, background: limits.padColor ?? "#ffffff" });
        }
        const out =
          target === "png" ? await img.png({ compressionLevel: 9 }).toBuffer()
          : target === "gif" ? await img.gif().toBuffer()
          : target === "webp" ? await img.webp({ quality }).toBuffer()
          : await img.jpeg({ quality, mozjpeg: true }).toBuffer();
        if (out.length <= limits.maxBytes) return { data: out, mime: `image/${target}` };
      }
    }
  }
  throw new PlatformError(
    "permanent",
    "media_too_large",
    `The image is still over ${limits.maxBytes} bytes after resizing; upload a smaller one.`,
  );
}
