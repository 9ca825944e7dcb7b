"use client";
// Media for a post: drop files (or choose them), watch each upload's progress (XMLHttpRequest's
// upload events, to POST /api/media in the multipart field "file"), then what the server does with
// a video (its progress lines, lib/media/progress.ts), and give every image alt text.
import type { MediaJson } from "@/lib/media/assets";
import type { MediaProgress } from "@/lib/media/progress";
import { useId, useRef, useState, type DragEvent } from "react";
import { clock } from "@/lib/clock";
import { GifPicker } from "./gif-picker";

export interface MediaItem {
  key: string;
  name: string;
  /** An object URL for the thumbnail while (and after) uploading. */
  preview: string;
  isVideo: boolean;
  /** 0–1 while sending, then while converting. */
  progress: number;
  /** "uploading" lasts until the server has stored the file, conversion included. */
  state: "uploading" | "done" | "error";
  /** What is happening while uploading: the bytes going up, or the server's stage after that. */
  phase?: "sending" | "processing" | MediaProgress["stage"];
  error?: string;
  asset?: Pick<MediaJson, "id" | "url" | "kind" | "sizeBytes"> & { processing?: { action: string; from: string | null } };
  altText: string;
}

type Line = { progress: MediaProgress } | { status: number; media?: MediaItem["asset"]; error?: { message?: string; fields?: { message: string }[] } };

/** The complete lines of a progress answer (the last may still be arriving). */
function completeLines(text: string): Line[] {
  const out: Line[] = [];
  for (const l of text.split("\n").slice(0, -1)) {
    try {
      out.push(JSON.parse(l) as Line);
    } catch {
      // Not ours (a proxy's page): the final status decides.
    }
  }
  return out;
}

function phaseText(m: MediaItem): string {
  const pct = `${Math.round(m.progress * 100)} %`;
  switch (m.phase) {
    case "checking":
      return "Checking the video…";
    case "converting":
      return `Converting to a video every network takes… ${pct}`;
    case "poster":
      return "Making the preview frame…";
    case "saving":
      return "Saving…";
    case "processing":
      return "Processing…";
    default:
      return `Uploading… ${pct}`;
  }
}

const focusRing = "focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:focus-visible:ring-blue-400";

function uploadError(status: number, text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: string; fields?: { message: string }[] } };
    return body.error?.fields?.[0]?.message ?? body.error?.message ?? `Upload failed (HTTP ${status}).`;
  } catch {
    return status === 413 ? "The file is too large." : `Upload failed (HTTP ${status}).`;
  }
}

export function MediaPicker({
  items,
  setItems,
  error,
  disabled,
}: {
  items: MediaItem[];
  setItems: (update: (items: MediaItem[]) => MediaItem[]) => void;
  error?: string;
  disabled?: boolean;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const xhrs = useRef(new Map<string, XMLHttpRequest>());
  const [over, setOver] = useState(false);
  const [announce, setAnnounce] = useState("");

  const patch = (key: string, p: Partial<MediaItem>) => setItems((list) => list.map((m) => (m.key === key ? { ...m, ...p } : m)));

  function upload(file: File) {
    const key = `${clock.ms()}-${Math.random().toString(36).slice(2)}`;
    const item: MediaItem = {
      key,
      name: file.name,
      preview: URL.createObjectURL(file),
      isVideo: file.type.startsWith("video/"),
      progress: 0,
      state: "uploading",
      altText: "",
    };
    setItems((list) => [...list, item]);
    const xhr = new XMLHttpRequest();
    xhrs.current.set(key, xhr);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) patch(key, { phase: "sending", progress: e.loaded / e.total });
    };
    xhr.upload.onload = () => patch(key, { phase: "processing", progress: 0 });
    // The answer arrives as lines (Accept below): show the newest stage as it comes.
    xhr.onprogress = () => {
      if (xhr.status !== 200) return;
      const p = completeLines(xhr.responseText).findLast((l): l is { progress: MediaProgress } => "progress" in l)?.progress;
      if (p) patch(key, { phase: p.stage, progress: p.stage === "converting" ? p.percent / 100 : 0 });
    };
    xhr.onload = () => {
      xhrs.current.delete(key);
      const last = xhr.status === 200 ? completeLines(xhr.responseText).at(-1) : undefined;
      if (last && "status" in last && last.status === 201 && last.media) {
        patch(key, { state: "done", progress: 1, asset: last.media });
        setAnnounce(`${file.name} uploaded.`);
      } else {
        const msg =
          last && "status" in last
            ? uploadError(last.status, JSON.stringify(last))
            : uploadError(xhr.status === 200 ? 502 : xhr.status, xhr.status === 200 ? "" : xhr.responseText);
        patch(key, { state: "error", error: msg });
        setAnnounce(`${file.name} was not uploaded: ${msg}`);
      }
    };
    xhr.onerror = () => {
      xhrs.current.delete(key);
      patch(key, { state: "error", error: "Could not reach Herald. Check your connection." });
      setAnnounce(`${file.name} was not uploaded.`);
    };
    xhr.open("POST", "/api/media");
    xhr.setRequestHeader("accept", "application/x-ndjson");
    const form = new FormData();
    form.append("file", file);
    xhr.send(form);
    setAnnounce(`Uploading ${file.name}…`);
  }

  function addFiles(files: FileList | null) {
    if (!files) return;
    for (const f of Array.from(files)) {
      if (!f.type.startsWith("image/") && !f.type.startsWith("video/")) {
        setAnnounce(`${f.name} is not an image or a video, so it was skipped.`);
        continue;
      }
      upload(f);
    }
  }

  function remove(item: MediaItem) {
    xhrs.current.get(item.key)?.abort();
    xhrs.current.delete(item.key);
    URL.revokeObjectURL(item.preview);
    setItems((list) => list.filter((m) => m.key !== item.key));
    setAnnounce(`${item.name} removed.`);
  }

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    if (!disabled) addFiles(e.dataTransfer.files);
  };

  return (
    <fieldset className="min-w-0 space-y-3">
      <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Media</legend>
      <div
        onDragOver={(e) => {
          if (!e.dataTransfer.types.includes("Files")) return;
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        aria-describedby={error ? `${id}-err` : undefined}
        className={`flex flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed px-4 py-6 text-center text-sm ${
          over ? "border-blue-600 bg-blue-50 dark:border-blue-400 dark:bg-blue-950" : error ? "border-red-600 dark:border-red-400" : "border-slate-300 dark:border-slate-700"
        }`}
      >
        <p className="text-slate-700 dark:text-slate-300">Drop images or videos here, or</p>
        <input
          ref={input}
          id={`${id}-file`}
          type="file"
          multiple
          accept="image/*,video/*"
          className="sr-only"
          tabIndex={-1}
          aria-label="Choose images or videos"
          disabled={disabled}
          onChange={(e) => {
            addFiles(e.target.files);
            e.target.value = "";
          }}
        />
        <button
          type="button"
          disabled={disabled}
          onClick={() => input.current?.click()}
          className={`rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800 ${focusRing}`}
        >
          Choose files
        </button>
        <GifPicker setItems={setItems} onAnnounce={setAnnounce} disabled={disabled} />
      </div>
      {error ? (
        <p id={`${id}-err`} className="text-sm font-medium text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <p className="sr-only" aria-live="polite">
        {announce}
      </p>
      {items.length > 0 ? (
        <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          {items.map((m, i) => (
            <li key={m.key} className="flex gap-3 rounded-md border border-slate-200 p-2 dark:border-slate-800">
              {m.isVideo ? (
                <video src={m.preview} className="h-20 w-20 shrink-0 rounded object-cover" muted aria-hidden="true" />
              ) : (
                // eslint-disable-next-line @next/next/no-img-element -- a local object URL, not an optimisable asset
                <img src={m.preview} alt="" className="h-20 w-20 shrink-0 rounded object-cover" />
              )}
              <div className="min-w-0 flex-1 space-y-1">
                <p className="truncate text-sm font-medium" title={m.name}>
                  {i + 1}. {m.name}
                </p>
                {m.state === "uploading" ? (
                  <>
                    <label htmlFor={`${id}-p-${m.key}`} className="sr-only">
                      Upload progress of {m.name}
                    </label>
                    {/* Without a value the bar is indeterminate: stages that have no percent. */}
                    <progress
                      id={`${id}-p-${m.key}`}
                      max={1}
                      value={!m.phase || m.phase === "sending" || m.phase === "converting" ? m.progress : undefined}
                      className="h-2 w-full accent-blue-700"
                    />
                    <p className="text-xs text-slate-600 dark:text-slate-400">{phaseText(m)}</p>
                  </>
                ) : m.state === "error" ? (
                  <p className="text-xs font-medium text-red-700 dark:text-red-400">{m.error}</p>
                ) : !m.isVideo ? (
                  <div>
                    <label htmlFor={`${id}-alt-${m.key}`} className="block text-xs font-medium text-slate-800 dark:text-slate-200">
                      Alt text (describe the image)
                    </label>
                    <input
                      id={`${id}-alt-${m.key}`}
                      value={m.altText}
                      maxLength={2000}
                      onChange={(e) => patch(m.key, { altText: e.target.value })}
                      className={`mt-0.5 w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950 ${focusRing}`}
                    />
                  </div>
                ) : (
                  <p className="text-xs text-emerald-800 dark:text-emerald-300">
                    Uploaded ✓{m.asset?.processing?.action === "transcoded" && m.asset.processing.from ? ` Converted from ${m.asset.processing.from} to H.264 MP4.` : ""}
                  </p>
                )}
                <button type="button" onClick={() => remove(m)} className={`text-xs font-medium text-red-700 underline underline-offset-2 dark:text-red-400 ${focusRing}`}>
                  Remove<span className="sr-only"> {m.name}</span>
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}
