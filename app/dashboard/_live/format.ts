// Words and colours shared by the posts and admin pages (client-safe: no server imports).
import { request } from "./api";
export const PLATFORM_LABEL: Record<string, string> = {
  twitter: "X (Twitter)",
  bluesky: "Bluesky",
  mastodon: "Mastodon",
  facebook: "Facebook",
  instagram: "Instagram",
  threads: "Threads",
  linkedin: "LinkedIn",
  reddit: "Reddit",
  tiktok: "TikTok",
  youtube: "YouTube",
  whatsapp: "WhatsApp",
};

export const platformLabel = (p: string | null | undefined) => (p ? (PLATFORM_LABEL[p] ?? p) : "No platform");

/** Status words people read, not enum names. */
export const STATUS_LABEL: Record<string, string> = {
  draft: "Draft",
  scheduled: "Scheduled",
  pending: "Waiting",
  publishing: "Publishing",
  running: "Running",
  published: "Published",
  completed: "Completed",
  partially_published: "Partly published",
  failed: "Failed",
  cancelled: "Cancelled",
  needs_review: "Needs review",
};

export const statusLabel = (s: string) => STATUS_LABEL[s] ?? s.replaceAll("_", " ");

// Text and background pairs with at least 4.5:1 contrast in light and dark mode.
const TONE: Record<string, string> = {
  published: "bg-green-100 text-green-900 ring-green-700/30 dark:bg-green-950 dark:text-green-200 dark:ring-green-400/40",
  completed: "bg-green-100 text-green-900 ring-green-700/30 dark:bg-green-950 dark:text-green-200 dark:ring-green-400/40",
  partially_published: "bg-amber-100 text-amber-900 ring-amber-700/30 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-400/40",
  needs_review: "bg-amber-100 text-amber-900 ring-amber-700/30 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-400/40",
  failed: "bg-red-100 text-red-900 ring-red-700/30 dark:bg-red-950 dark:text-red-200 dark:ring-red-400/40",
  cancelled: "bg-slate-100 text-slate-800 ring-slate-600/30 dark:bg-slate-800 dark:text-slate-200 dark:ring-slate-400/40",
  publishing: "bg-blue-100 text-blue-900 ring-blue-700/30 dark:bg-blue-950 dark:text-blue-200 dark:ring-blue-400/40",
  running: "bg-blue-100 text-blue-900 ring-blue-700/30 dark:bg-blue-950 dark:text-blue-200 dark:ring-blue-400/40",
};
const DEFAULT_TONE = "bg-slate-100 text-slate-800 ring-slate-600/30 dark:bg-slate-800 dark:text-slate-200 dark:ring-slate-400/40";

export function toneFor(status: string): string {
  return TONE[status] ?? DEFAULT_TONE;
}

/** Sends a JSON request; returns the parsed body or throws with the API's readable message (and fields). */
export async function sendJson<T>(method: string, url: string, body?: unknown): Promise<T> {
  const r = await request<T>(method, url, body);
  if (!r.ok) throw Object.assign(new Error(r.message ?? `The server answered ${r.status}.`), { fields: r.fields });
  return r.body;
}

/** A fetcher for SWR that turns the API's {error:{message}} into a thrown Error with that message. */
export const fetchJson = <T>(url: string): Promise<T> => sendJson<T>("GET", url);

export function formatWhen(iso: string | Date | null | undefined, timeZone?: string): string {
  if (!iso) return "Not scheduled";
  // One format everywhere: day month year, 24-hour clock (en-GB), the same on the server and in any browser.
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", hourCycle: "h23", ...(timeZone && { timeZone }) }).format(new Date(iso));
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
