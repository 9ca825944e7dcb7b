// Fitting an image to what each platform accepts. All the numbers live in the one table below.
// Sources: /work/shared/PLATFORMS.md and the platforms' docs (checked with the search tool):
//   X          docs.x.com/x-api/media — image 5 MB, GIF 15 MB; JPG, PNG, WebP, GIF
//   Bluesky    app.bsky.embed.images lexicon — blob maxSize 1,000,000 bytes; the official app
//              sends at most 2,000 px on the longest side
//   Mastodon   GET /api/v2/instance → configuration.media_attachments on mastodon.social:
//              image_size_limit 16,777,216, image_matrix_limit 33,177,600 (servers may differ;
//              the adapter can read the live values)
//   Facebook   Page photos: JPEG, PNG, GIF (BMP, TIFF); uploads under 4 MB recommended
//   Instagram  Content Publishing image specs: JPEG only, ≤ 8 MB, aspect 4:5 to 1.91:1
//              (width 320–1440 px is scaled by Instagram itself)
//   Threads    JPEG or PNG, ≤ 8 MB, aspect ratio up to 10:1 either way
//   LinkedIn   Images API: JPG, PNG, GIF; ≤ 5 MB; fewer than 36,152,320 pixels
//   Reddit     JPG, PNG, GIF; ≤ 10 MB (Reddit's own figure varies by surface; 10 MB is safe)
//   TikTok     photo posts: JPEG or WebP (no PNG), ≤ 20 MB, up to 1080×1920 / 1920×1080
//   WhatsApp   Cloud API image messages: image/jpeg or image/png, ≤ 5 MB
//   YouTube    videos only
// "MB" is taken as 1,000,000 bytes unless the platform gives an exact figure: a platform that
// means MiB accepts the smaller file too.
import type { Platform } from "../social/types";
import { PlatformError } from "../social/types";
import { prepareImage, type ImageLimits, type LoadedMedia } from "./load";

export interface PlatformImageRules extends ImageLimits {
  /** Animated GIFs under this size go as they are (X takes larger GIFs than photos). */
  gifMaxBytes?: number;
}

const MB = 1_000_000;

/** Image rules per platform; null where the platform takes no images. */
export const IMAGE_RULES: Record<Platform, PlatformImageRules | null> = {
  twitter: { maxBytes: 5 * MB, gifMaxBytes: 15 * MB, formats: ["jpeg", "png", "webp", "gif"] },
  bluesky: { maxBytes: 1_000_000, maxDimension: 2000, formats: ["jpeg", "png", "webp"] },
  mastodon: { maxBytes: 16_777_216, maxPixels: 33_177_600, formats: ["jpeg", "png", "webp", "gif"] },
  facebook: { maxBytes: 4 * MB, formats: ["jpeg", "png", "gif"] },
  // Instagram rejects other ratios; Herald pads with white bars rather than cropping, so
  // nothing the user chose to show (text on a flyer, a face at the edge) is cut off.
  instagram: { maxBytes: 8 * MB, formats: ["jpeg"], aspectRatio: { min: 4 / 5, max: 1.91 }, padColor: "#ffffff" },
  threads: { maxBytes: 8 * MB, formats: ["jpeg", "png"], aspectRatio: { min: 1 / 10, max: 10 }, padColor: "#ffffff" },
  linkedin: { maxBytes: 5 * MB, maxPixels: 36_152_319, formats: ["jpeg", "png", "gif"] },
  reddit: { maxBytes: 10 * MB, formats: ["jpeg", "png", "gif"] },
  tiktok: { maxBytes: 20 * MB, maxDimension: 1920, formats: ["jpeg", "webp"] },
  whatsapp: { maxBytes: 5 * MB, formats: ["jpeg", "png"] },
  youtube: null,
};

/**
 * The media as the platform will take it. Images are fitted with prepareImage (the same bytes
 * come back when they already comply); videos pass through untouched — there is no ffmpeg here
 * to transcode them, so a video the platform refuses fails with the platform's own reason.
 */
export async function fitForPlatform(platform: Platform, media: LoadedMedia): Promise<LoadedMedia> {
  if (media.mime.startsWith("video/")) return media;
  const rules = IMAGE_RULES[platform];
  if (!rules) {
    throw new PlatformError("permanent", "media_unsupported", `${platform === "youtube" ? "YouTube" : platform} takes videos only, not images.`);
  }
  const { gifMaxBytes, ...limits } = rules;
  if (media.mime === "image/gif" && gifMaxBytes && rules.formats?.includes("gif")) {
    return prepareImage(media, { ...limits, maxBytes: gifMaxBytes });
  }
  return prepareImage(media, limits);
}
