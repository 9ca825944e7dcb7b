"use client";
// The page's own card (title, description, picture, site) inside the composer's link card, from
// GET /api/link-preview (docs/decisions.md, "Link previews"). Asked for after the link has stood
// still for a moment, once per URL for all the preview panels; any failure shows the plain card.
import { useEffect, useState, type ReactNode } from "react";

export interface FetchedPreview {
  url: string;
  title: string;
  description: string | null;
  image: string | null;
  siteName: string | null;
}

const DEBOUNCE_MS = 600;
const answers = new Map<string, Promise<FetchedPreview | null>>();

function previewOf(url: string): Promise<FetchedPreview | null> {
  let p = answers.get(url);
  if (!p) {
    p = fetch(`/api/link-preview?url=${encodeURIComponent(url)}`, { credentials: "same-origin" })
      .then(async (r) => (r.ok ? (((await r.json()) as { preview?: FetchedPreview | null }).preview ?? null) : null))
      .catch(() => null);
    answers.set(url, p);
  }
  return p;
}

/** The card for `url` once it has been still for DEBOUNCE_MS; null meanwhile, and when there is none. */
export function useLinkPreview(url: string): FetchedPreview | null {
  const [found, setFound] = useState<{ url: string; preview: FetchedPreview | null } | null>(null);
  useEffect(() => {
    if (!/^https?:\/\/\S+\.\S+/i.test(url)) return;
    let live = true;
    const t = setTimeout(() => {
      void previewOf(url).then((preview) => {
        if (live) setFound({ url, preview });
      });
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [url]);
  return found?.url === url ? found.preview : null;
}

const muted = "text-slate-600 dark:text-slate-400";

/** The inside of a link card: the page's card when it has one, else `fallback`. */
export function LinkCardBody({ url, domain, fallback }: { url: string; domain: string; fallback: ReactNode }) {
  const preview = useLinkPreview(url);
  const [broken, setBroken] = useState<string | null>(null);
  if (!preview) return <>{fallback}</>;
  return (
    <div data-testid="preview-link-fetched">
      {preview.image && broken !== preview.image ? (
        // eslint-disable-next-line @next/next/no-img-element -- another site's picture, shown as the network will
        <img src={preview.image} alt="" loading="lazy" referrerPolicy="no-referrer" className="aspect-[1.91] w-full object-cover" onError={() => setBroken(preview.image)} />
      ) : null}
      <div className="px-3 py-2">
        <p className={`truncate text-xs uppercase ${muted}`}>{preview.siteName ?? domain}</p>
        <p className="line-clamp-2 break-words text-sm font-medium">{preview.title}</p>
        {preview.description ? <p className={`line-clamp-2 break-words text-xs ${muted}`}>{preview.description}</p> : null}
      </div>
    </div>
  );
}
