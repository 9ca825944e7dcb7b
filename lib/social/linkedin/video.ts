// LinkedIn video: the Videos API's limits, read with lib/media/mp4.ts, so a video LinkedIn would
// refuse is refused before any byte is uploaded
// (learn.microsoft.com/linkedin/marketing/community-management/shares/videos-api).

/**
 * LinkedIn's video specifications: MP4, 75 KB to 500 MB, 3 seconds to 30 minutes. LinkedIn counts
 * in binary units (its "4 MB" upload parts are 4,194,304 bytes), so the byte limits are too.
 */
export const LINKEDIN_VIDEO_MIN_BYTES = 75 * 1024;
export const LINKEDIN_VIDEO_MAX_BYTES = 500 * 1024 * 1024;
export const LINKEDIN_VIDEO_MIN_DURATION_S = 3;
export const LINKEDIN_VIDEO_MAX_DURATION_S = 30 * 60;

/**
 * After finalizeUpload, GET /rest/videos/{urn} is polled every interval until AVAILABLE, at most
 * this many times. Past that the post is created anyway: LinkedIn accepts a post whose video is
 * still PROCESSING and finishes it on its own; the poll is there to catch PROCESSING_FAILED first.
 */
export const LINKEDIN_VIDEO_POLL_INTERVAL_MS = 3_000;
export const LINKEDIN_VIDEO_MAX_POLLS = 40;
/** Time allowed, on top of the polling, to download the video, upload its parts and post. */
export const LINKEDIN_VIDEO_TRANSFER_ALLOWANCE_MS = 120_000;

/** Extensions of containers that are certainly not MP4 (checked on http(s) URLs in validate()). */
const NOT_MP4_EXTENSIONS = new Set(["webm", "avi", "mkv", "wmv", "flv", "mpg", "mpeg", "ogv", "ts"]);

export function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The extension of an http(s) URL's path when it names a container that is not MP4. */
export function nonMp4Extension(url: string): string | undefined {
  let path: string;
  try {
    const u = new URL(url);
    if (u.protocol !== "http:" && u.protocol !== "https:") return undefined;
    path = u.pathname;
  } catch {
    return undefined;
  }
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  return ext && NOT_MP4_EXTENSIONS.has(ext) ? ext : undefined;
}


