"use client";
// A post's History: the versions its edits left (GET /api/posts/:id/versions, docs/decisions.md,
// "Editing a scheduled post"), loaded when opened: "v2 · 6 Dec 2026, 21:40 · by Ana — changed
// text, time", with before → after for the text, the time and the status.
import type { ReactNode } from "react";
import useSWR from "swr";
import { fetchJson, formatWhen, statusLabel } from "../_live/format";
import { useViewerZone } from "../_live/use-viewer-zone";
import { excerpt, secondary } from "./styles";
import { editedFieldName as fieldName } from "../_live/edit-fields";

type Change = { from: unknown; to: unknown };
interface Version {
  version: number;
  at: string;
  by: string;
  changes: Record<string, Change>;
}


/** The History button; its list is `HistoryPanel`, below the card's row of buttons. */
export function HistoryButton({ text, open, controls, onToggle }: { text: string; open: boolean; controls: string; onToggle: () => void }) {
  return (
    <button type="button" className={secondary} aria-expanded={open} aria-controls={controls} onClick={onToggle}>
      History<span className="sr-only"> of {excerpt(text)}</span>
    </button>
  );
}

export function HistoryPanel({ id, open, postId, timeZone }: { id: string; open: boolean; postId: string; timeZone: string }) {
  return (
    <div id={id} hidden={!open}>
      {open ? <VersionList postId={postId} timeZone={timeZone} /> : null}
    </div>
  );
}

function VersionList({ postId, timeZone }: { postId: string; timeZone: string }) {
  const { data, error } = useSWR<{ versions: Version[] }>(`/api/posts/${postId}/versions`, fetchJson);
  const box = "mt-2 text-sm text-slate-700 dark:text-slate-300";
  if (error) {
    return (
      <p role="alert" className="mt-2 text-sm text-red-800 dark:text-red-300">
        Could not load the history: {(error as Error).message}
      </p>
    );
  }
  if (!data) {
    return (
      <p className={box} aria-busy="true">
        Loading history…
      </p>
    );
  }
  if (data.versions.length === 0) return <p className={box}>No edits yet.</p>;
  return (
    <ol className="mt-2 space-y-2 border-l-2 border-slate-200 pl-3 dark:border-slate-700" aria-label="Versions">
      {data.versions.map((v) => (
        <VersionItem key={v.version} v={v} timeZone={timeZone} />
      ))}
    </ol>
  );
}

function VersionItem({ v, timeZone }: { v: Version; timeZone: string }) {
  const fields = Object.keys(v.changes);
  const { content, scheduledAt, status } = v.changes;
  return (
    <li className="min-w-0 text-sm text-slate-800 dark:text-slate-200" data-version={v.version}>
      <p>
        <span className="font-medium">v{v.version}</span> · <When iso={v.at} timeZone={timeZone} /> · by {v.by} — changed {fields.map(fieldName).join(", ")}
      </p>
      {content ? <FromTo label="Text" from={quoted(content.from)} to={quoted(content.to)} /> : null}
      {scheduledAt ? (
        <FromTo label="Time" from={<When iso={asText(scheduledAt.from)} timeZone={timeZone} />} to={<When iso={asText(scheduledAt.to)} timeZone={timeZone} />} />
      ) : null}
      {status ? <FromTo label="Status" from={statusLabel(asText(status.from) ?? "")} to={statusLabel(asText(status.to) ?? "")} /> : null}
    </li>
  );
}

const asText = (x: unknown): string | null => (typeof x === "string" ? x : null);
const quoted = (x: unknown) => (typeof x === "string" && x !== "" ? `“${x}”` : <em>(no text)</em>);

function FromTo({ label, from, to }: { label: string; from: ReactNode; to: ReactNode }) {
  return (
    <p className="mt-0.5 break-words text-slate-700 [overflow-wrap:anywhere] dark:text-slate-300">
      {label}: {from}
      <span aria-hidden="true"> → </span>
      <span className="sr-only"> to </span>
      {to}
    </p>
  );
}

/** A time in the workspace's zone, and the viewer's own beside it when that differs (as on the post's card). */
function When({ iso, timeZone }: { iso: string | null; timeZone: string }) {
  const viewerZone = useViewerZone();
  if (!iso) return <>not scheduled</>;
  return (
    <>
      <time dateTime={iso}>{formatWhen(iso, timeZone)}</time>
      {viewerZone && viewerZone !== timeZone ? <> (your time {formatWhen(iso)})</> : null}
    </>
  );
}
