"use client";
// The viewer's own time zone, known only in the browser: null while the server renders and during
// hydration, so the server's HTML and the browser's first render agree (no hydration error), then
// the browser's zone. Times are shown in the workspace's zone; this adds "your time" beside them.
import { useSyncExternalStore } from "react";

const noop = () => () => {};
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export function useViewerZone(): string | null {
  return useSyncExternalStore(noop, browserZone, () => null);
}
