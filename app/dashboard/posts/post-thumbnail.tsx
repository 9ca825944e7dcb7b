// A small picture of a post's first media item, beside it on the Posts page and in the Calendar:
// the stored image (no resized copy exists, so it is sized by its attributes and CSS and loaded
// lazily), a video's poster frame with a play mark, or an icon where there is no picture to load
// (a video without a poster, media from another site). docs/decisions.md, "Previews".
import type { PostThumbnail as Thumb } from "@/lib/posts";

const SIZES = { sm: "h-10 w-10", md: "h-16 w-16" } as const;

export function PostThumbnail({ thumbnail: t, size = "md" }: { thumbnail: Thumb | null; size?: keyof typeof SIZES }) {
  if (!t) return null;
  const px = size === "sm" ? 40 : 64;
  const what = t.kind === "video" ? "Video" : t.kind === "gif" ? "GIF" : "Image";
  const alt = t.altText ? `${what}: ${t.altText}` : `${what} without alt text`;
  const more = t.count > 1 ? `+${t.count - 1}` : null;
  return (
    <span className={`relative inline-flex shrink-0 overflow-hidden rounded-md bg-slate-200 dark:bg-slate-800 ${SIZES[size]}`} data-testid="post-thumbnail" data-kind={t.kind}>
      {t.url ? (
        // eslint-disable-next-line @next/next/no-img-element -- the stored file itself; there is no image optimiser in this app
        <img src={t.url} alt={alt} width={px} height={px} loading="lazy" decoding="async" className="h-full w-full object-cover" />
      ) : (
        <span role="img" aria-label={t.source ? `${alt} (from ${t.source}, not loaded here)` : alt} className="flex h-full w-full items-center justify-center text-lg text-slate-600 dark:text-slate-300">
          <span aria-hidden="true">{t.kind === "video" ? "🎬" : "🖼"}</span>
        </span>
      )}
      {t.kind === "video" && t.url ? (
        <span aria-hidden="true" className="absolute inset-0 flex items-center justify-center text-white drop-shadow">
          ▶
        </span>
      ) : null}
      {more ? (
        <span className="absolute bottom-0 right-0 rounded-tl bg-black/70 px-1 text-[10px] font-semibold text-white">
          <span aria-hidden="true">{more}</span>
          <span className="sr-only">and {t.count - 1} more</span>
        </span>
      ) : null}
    </span>
  );
}
