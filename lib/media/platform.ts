// Fitting an image to what each platform accepts. The numbers, with their sources, are in each
// platform's spec (lib/social/<platform>/spec.ts, `images`). "MB" is taken as 1,000,000 bytes
// unless the platform gives an exact figure: a platform that means MiB accepts the smaller file too.
import { specFor } from "../social/registry";
import type { Platform } from "../social/types";
import { PlatformError } from "../social/types";
import { prepareImage, type LoadedMedia } from "./load";

/**
 * The media as the platform will take it. Images are fitted with prepareImage (the same bytes
 * come back when they already comply); videos pass through untouched — there is no ffmpeg here
 * to transcode them, so a video the platform refuses fails with the platform's own reason.
 */
export async function fitForPlatform(platform: Platform, media: LoadedMedia): Promise<LoadedMedia> {
  if (media.mime.startsWith("video/")) return media;
  const spec = specFor(platform);
  const rules = spec.images;
  if (!rules) throw new PlatformError("permanent", "media_unsupported", `${spec.label} takes videos only, not images.`);
  const { gifMaxBytes, ...limits } = rules;
  if (media.mime === "image/gif" && gifMaxBytes && rules.formats?.includes("gif")) {
    return prepareImage(media, { ...limits, maxBytes: gifMaxBytes });
  }
  return prepareImage(media, limits);
}
