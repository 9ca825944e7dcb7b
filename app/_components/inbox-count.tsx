"use client";
// The open count beside "Inbox" in the navigation (docs/decisions.md, "Inbox"): GET /api/inbox's
// `unread`, polled on the dashboard's live interval and read again at once on the live stream's
// inbox:updated event. Outside a workspace (a 4xx) it shows nothing.
import useSWR from "swr";
import { request } from "@/app/dashboard/_live/api";
import { useClientConfig } from "@/app/dashboard/_live/use-live-events";

export const INBOX_COUNT_KEY = "/api/inbox?limit=1";

async function load(url: string): Promise<number | null> {
  const r = await request<{ unread: number }>("GET", url);
  return r.ok && typeof r.body.unread === "number" ? r.body.unread : null;
}

export function InboxCount() {
  const { activeMs } = useClientConfig();
  const { data } = useSWR<number | null>(INBOX_COUNT_KEY, load, { refreshInterval: activeMs });
  if (!data) return null;
  return (
    <span data-testid="inbox-count" className="ml-1.5 inline-block min-w-5 rounded-full bg-blue-700 px-1.5 text-center text-xs font-semibold text-white">
      <span className="sr-only">, </span>
      {data > 99 ? "99+" : data}
      <span className="sr-only"> open</span>
    </span>
  );
}
