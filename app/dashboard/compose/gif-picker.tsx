"use client";
// The composer's GIF button (docs/decisions.md, "GIF search"): a small search panel over
// GET /api/gifs (debounced), a grid of results, and a choice stored as the workspace's media by
// POST /api/gifs/media (the server fetches the GIF again by its id). Shown only when
// GET /api/client-config says GIF search is configured.
import type { MediaJson } from "@/lib/media/assets";
import { useEffect, useId, useRef, useState } from "react";
import { clock } from "@/lib/clock";
import type { MediaItem } from "./media-picker";

interface Gif {
  id: string;
  title: string;
  previewUrl: string;
  width: number;
  height: number;
  attribution: { provider: string; username: string | null };
}

const DEBOUNCE_MS = 350;
const focusRing = "focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:focus-visible:ring-blue-400";

async function errorText(res: Response, fallback: string): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { message?: string; fields?: { message: string }[] } };
    return body.error?.fields?.[0]?.message ?? body.error?.message ?? fallback;
  } catch {
    return fallback;
  }
}

export function GifPicker({
  setItems,
  onAnnounce,
  disabled,
}: {
  setItems: (update: (items: MediaItem[]) => MediaItem[]) => void;
  onAnnounce: (text: string) => void;
  disabled?: boolean;
}) {
  const id = useId();
  const [enabled, setEnabled] = useState(false);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [gifs, setGifs] = useState<Gif[]>([]);
  const [state, setState] = useState<"idle" | "loading" | "done" | "error">("idle");
  const [error, setError] = useState("");
  const searchBox = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    fetch("/api/client-config")
      .then((r) => (r.ok ? r.json() : null))
      .then((b: { config?: { gifs?: { enabled?: boolean } } } | null) => live && setEnabled(Boolean(b?.config?.gifs?.enabled)))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (open) searchBox.current?.focus();
  }, [open]);

  useEffect(() => {
    const q = query.trim();
    if (!open || q === "") return;
    const ctrl = new AbortController();
    const timer = setTimeout(async () => {
      setState("loading");
      try {
        const res = await fetch(`/api/gifs?q=${encodeURIComponent(q.slice(0, 50))}`, { signal: ctrl.signal });
        if (!res.ok) {
          setError(await errorText(res, `GIF search failed (HTTP ${res.status}).`));
          setState("error");
          return;
        }
        const body = (await res.json()) as { gifs: Gif[] };
        setGifs(body.gifs);
        setState("done");
      } catch (err) {
        if ((err as Error).name === "AbortError") return;
        setError("Could not reach Herald. Check your connection.");
        setState("error");
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [query, open]);

  async function choose(gif: Gif) {
    const key = `${clock.ms()}-gif-${gif.id}`;
    const name = gif.title || "GIF";
    const patch = (p: Partial<MediaItem>) => setItems((list) => list.map((m) => (m.key === key ? { ...m, ...p } : m)));
    setItems((list) => [...list, { key, name, preview: gif.previewUrl, isVideo: false, progress: 0, state: "uploading", phase: "processing", altText: "" }]);
    setOpen(false);
    onAnnounce(`Adding the GIF ${name}…`);
    try {
      const res = await fetch("/api/gifs/media", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id: gif.id }) });
      if (res.status !== 201) {
        const msg = await errorText(res, `Could not add the GIF (HTTP ${res.status}).`);
        patch({ state: "error", error: msg });
        onAnnounce(`The GIF was not added: ${msg}`);
        return;
      }
      const { media } = (await res.json()) as { media: Pick<MediaJson, "id" | "url" | "kind" | "sizeBytes" | "altText"> };
      // The alt text carries the source ("… (via GIPHY)"); the person may still edit it.
      patch({ state: "done", progress: 1, asset: media, altText: media.altText ?? `${name} (via GIPHY)` });
      onAnnounce(`${name} added (via GIPHY).`);
    } catch {
      patch({ state: "error", error: "Could not reach Herald. Check your connection." });
      onAnnounce("The GIF was not added.");
    }
  }

  if (!enabled) return null;
  // An empty box shows the hint, not the last search's results.
  const blank = query.trim() === "";
  const shown = blank ? [] : gifs;
  const status = blank ? "Type to search GIPHY." : state === "loading" ? "Searching…" : state === "done" && gifs.length === 0 ? `No GIFs found for “${query.trim()}”.` : "";
  return (
    <div className="w-full">
      <button
        type="button"
        disabled={disabled}
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => setOpen((o) => !o)}
        className={`rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800 ${focusRing}`}
      >
        GIF
      </button>
      {open ? (
        <div id={`${id}-panel`} role="region" aria-label="GIF search" className="mt-2 space-y-2 rounded-lg border border-slate-200 p-3 text-left dark:border-slate-800">
          <label htmlFor={`${id}-q`} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
            Search GIFs
          </label>
          <input
            id={`${id}-q`}
            ref={searchBox}
            type="search"
            value={query}
            maxLength={50}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") setOpen(false);
            }}
            placeholder="e.g. birthday cake"
            className={`w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950 ${focusRing}`}
          />
          <p aria-live="polite" className="text-xs text-slate-600 dark:text-slate-400">
            {status}
          </p>
          {!blank && state === "error" ? <p className="text-sm font-medium text-red-700 dark:text-red-400">{error}</p> : null}
          {shown.length > 0 ? (
            <ul className="grid max-h-72 grid-cols-3 gap-2 overflow-y-auto sm:grid-cols-4" aria-label="GIF results">
              {shown.map((g) => (
                <li key={g.id}>
                  <button type="button" onClick={() => choose(g)} className={`block w-full overflow-hidden rounded ${focusRing}`} title={g.title}>
                    {/* eslint-disable-next-line @next/next/no-img-element -- GIPHY's own preview, shown as GIPHY serves it */}
                    <img src={g.previewUrl} alt={g.title || "GIF"} width={g.width} height={g.height} loading="lazy" className="aspect-square w-full object-cover" />
                    <span className="sr-only">Add this GIF</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <p className="text-right text-xs font-medium text-slate-600 dark:text-slate-400">Powered by GIPHY</p>
        </div>
      ) : null}
    </div>
  );
}
