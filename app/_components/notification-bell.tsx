"use client";
// The bell in the header (docs/decisions.md, "Notifications"): the member's unread count, and a
// panel with their newest notifications (a post that failed for good, a post waiting for review, an
// account to reconnect, the weekly digest). Clicking one marks it read and follows its link. It
// polls GET /api/notifications on the dashboard's live interval (GET /api/client-config's polling
// value), again when the tab is focused or a page opens, and at once on the live stream's
// notification:created event (app/dashboard/_live/use-live-events.ts). Outside a workspace (the API says
// 4xx) there is no bell.
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import useSWR from "swr";
import { request } from "@/app/dashboard/_live/api";
import { formatWhen } from "@/app/dashboard/_live/format";
import { useClientConfig } from "@/app/dashboard/_live/use-live-events";

export const NOTIFICATIONS_KEY = "/api/notifications?limit=20";

interface Item {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  readAt: string | null;
  createdAt: string;
}
interface Answer {
  notifications: Item[];
  unreadCount: number;
  timeZone: string;
}

async function load(url: string): Promise<Answer | null> {
  const r = await request<Answer>("GET", url);
  // No workspace, or an API key's session: no bell rather than an error in the header.
  if (r.status >= 400 && r.status < 500) return null;
  if (!r.ok) throw new Error(r.message ?? `The server answered ${r.status}.`);
  return r.body;
}

export function NotificationBell() {
  const router = useRouter();
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const { activeMs } = useClientConfig();
  const { data, error: loadError, mutate } = useSWR<Answer | null>(NOTIFICATIONS_KEY, load, { refreshInterval: activeMs });

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onDown);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onDown);
    };
  }, [open]);

  if (!data) return null;
  const unread = data.unreadCount;

  const markRead = async (body: { ids: string[] } | { all: true }) => {
    setError(null);
    const r = await request<{ unreadCount: number }>("POST", "/api/notifications/read", body);
    if (!r.ok) {
      setError(r.message ?? "Could not mark the notifications read.");
      return false;
    }
    await mutate();
    return true;
  };

  const follow = async (n: Item) => {
    if (!n.readAt && !(await markRead({ ids: [n.id] }))) return;
    if (n.link) {
      setOpen(false);
      router.push(n.link);
    }
  };

  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-label={`Notifications, ${unread} unread`}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="relative flex h-9 w-9 items-center justify-center rounded text-slate-700 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:text-slate-300 dark:hover:bg-slate-800"
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {unread > 0 && (
          <span aria-hidden="true" className="absolute -right-0.5 -top-0.5 min-w-[1.25rem] rounded-full bg-red-700 px-1 text-center text-xs font-semibold leading-5 text-white">
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </button>
      {open && (
        <div
          id={panelId}
          role="region"
          aria-label="Notifications"
          className="fixed inset-x-2 top-14 z-30 max-h-[75vh] overflow-y-auto rounded-lg border border-slate-200 bg-white shadow-lg sm:absolute sm:inset-x-auto sm:right-0 sm:top-full sm:mt-2 sm:w-96 dark:border-slate-700 dark:bg-slate-900"
        >
          <div className="flex items-center justify-between gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-700">
            <h2 className="text-sm font-semibold">Notifications</h2>
            {unread > 0 && (
              <button
                type="button"
                onClick={() => void markRead({ all: true })}
                className="rounded px-2 py-1 text-sm font-medium text-blue-700 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:text-blue-300 dark:hover:bg-slate-800"
              >
                Mark all read
              </button>
            )}
          </div>
          {(error ?? loadError) && (
            <p role="alert" className="px-3 py-2 text-sm text-red-700 dark:text-red-300">
              {error ?? "Could not load your notifications; Herald tries again shortly."}
            </p>
          )}
          {data.notifications.length === 0 ? (
            <p className="px-3 py-4 text-sm text-slate-600 dark:text-slate-400">
              Nothing new. Herald tells you here when a post fails, waits for review, or an account needs reconnecting.
            </p>
          ) : (
            <ul className="divide-y divide-slate-100 dark:divide-slate-800">
              {data.notifications.map((n) => (
                <li key={n.id}>
                  <button
                    type="button"
                    onClick={() => void follow(n)}
                    className="block w-full px-3 py-2 text-left hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-blue-600 dark:hover:bg-slate-800"
                  >
                    <span className="flex items-start gap-2">
                      {!n.readAt && <span aria-hidden="true" className="mt-1.5 h-2 w-2 shrink-0 rounded-full bg-blue-600" />}
                      <span className="min-w-0 flex-1">
                        <span className={`block break-words text-sm ${n.readAt ? "text-slate-700 dark:text-slate-300" : "font-semibold"}`}>
                          {n.title}
                          {!n.readAt && <span className="sr-only"> (unread)</span>}
                        </span>
                        <span className="mt-0.5 block whitespace-pre-line break-words text-sm text-slate-600 dark:text-slate-400">{n.body}</span>
                        <span className="mt-0.5 block text-xs text-slate-600 dark:text-slate-400">
                          <time dateTime={n.createdAt}>{formatWhen(n.createdAt, data.timeZone)}</time>
                          {n.link && <span> · Open</span>}
                        </span>
                      </span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
