"use client";
// Live updates for open dashboard pages: one EventSource on /api/events. The browser reconnects by
// itself and sends Last-Event-ID, so the server resumes exactly after the last event we saw; on
// task:updated / post:updated the SWR keys the page names are revalidated (fetched again), so a
// post the cron publishes turns green without a reload. How often it says it is there, and how often
// it refetches while the stream is down, come from GET /api/client-config — the workspace's own
// values where it set them (docs/decisions.md, "Workspace settings").
import { useEffect, useRef, useState } from "react";
import useSWR, { useSWRConfig } from "swr";
import { fetchJson } from "./format";
import { PUBLISHING_KEY } from "./publishing";

export type LiveEventType = "task:updated" | "post:updated" | "task:scheduled" | "workspace:publishing" | "notification:created" | "inbox:updated";

export interface LiveEvent {
  type: LiveEventType;
  id: string;
  // The outbox payload: task:updated {taskId,status,postTargetId,platform,url|error}, post:updated {postId,status}.
  data: Record<string, unknown>;
}

export type LiveState = "connecting" | "live" | "reconnecting";

const TYPES: LiveEventType[] = ["task:updated", "post:updated", "task:scheduled", "workspace:publishing", "notification:created", "inbox:updated"];

/**
 * Subscribes while mounted. `revalidate(key)` says which SWR keys (strings) an event makes stale;
 * `onEvent` sees every event (for aria-live announcements). Returns the connection state.
 */
/** What the dashboard reads of GET /api/client-config. */
interface ClientConfig {
  config: { polling: { activeMs: number; idleMs: number }; heartbeatMs: number };
}

/** Until the configuration has loaded: the deployment defaults' shape (lib/env.ts). */
const FALLBACK = { heartbeatMs: 60_000, activeMs: 15_000, idleMs: 120_000 };

/** The workspace's live-update intervals (GET /api/client-config), the defaults until they load. */
export function useClientConfig(): { heartbeatMs: number; activeMs: number; idleMs: number } {
  const { data } = useSWR<ClientConfig>("/api/client-config", fetchJson, { revalidateOnFocus: false });
  return {
    heartbeatMs: data?.config.heartbeatMs ?? FALLBACK.heartbeatMs,
    activeMs: data?.config.polling.activeMs ?? FALLBACK.activeMs,
    idleMs: data?.config.polling.idleMs ?? FALLBACK.idleMs,
  };
}

export function useLiveEvents(opts: { revalidate: (key: string) => boolean; onEvent?: (e: LiveEvent) => void; url?: string }): LiveState {
  const { mutate } = useSWRConfig();
  const latest = useRef(opts);
  const [state, setState] = useState<LiveState>("connecting");
  const { heartbeatMs, activeMs, idleMs } = useClientConfig();

  useEffect(() => {
    latest.current = opts;
  });

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let failures = 0;
    let pending: ReturnType<typeof setTimeout> | undefined;

    // Several events usually arrive together (task, then post): one refetch for the burst.
    const refresh = () => {
      if (pending) return;
      pending = setTimeout(() => {
        pending = undefined;
        void mutate((key) => typeof key === "string" && latest.current.revalidate(key));
      }, 150);
    };

    const open = () => {
      if (stopped) return;
      source = new EventSource(latest.current.url ?? "/api/events");
      source.onopen = () => {
        failures = 0;
        setState("live");
      };
      source.onerror = () => {
        if (!source) return;
        if (source.readyState === EventSource.CLOSED) {
          // The browser gave up (e.g. a 401/403 answer or a network error): try again ourselves,
          // backing off, and refetch once when back in case something was missed meanwhile.
          source.close();
          source = null;
          setState("reconnecting");
          failures += 1;
          retryTimer = setTimeout(() => {
            open();
            refresh();
          }, Math.min(30_000, 1000 * 2 ** Math.min(failures, 5)));
        } else {
          // CONNECTING: the stream ended on purpose (function time limit); the browser reconnects
          // with Last-Event-ID by itself.
          setState("reconnecting");
        }
      };
      for (const type of TYPES) {
        source.addEventListener(type, (ev) => {
          const msg = ev as MessageEvent<string>;
          let data: Record<string, unknown> = {};
          try {
            data = JSON.parse(msg.data) as Record<string, unknown>;
          } catch {
            // not JSON: still a reason to refetch
          }
          latest.current.onEvent?.({ type, id: msg.lastEventId, data });
          // Publishing was paused or resumed: the banner and the Settings switch read it again.
          if (type === "workspace:publishing") void mutate(PUBLISHING_KEY);
          // A new notification: the header's bell reads again (docs/decisions.md, "Notifications").
          if (type === "notification:created") void mutate((key) => typeof key === "string" && key.startsWith("/api/notifications?"));
          // The community inbox changed (docs/decisions.md, "Inbox"): the navigation's count reads again.
          if (type === "inbox:updated") void mutate((key) => typeof key === "string" && key.startsWith("/api/inbox"));
          refresh();
        });
      }
    };
    open();

    return () => {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (pending) clearTimeout(pending);
      source?.close();
    };
  }, [mutate]);

  // Presence: tell the server someone is watching, while the tab is visible.
  useEffect(() => {
    const beat = () => {
      if (document.visibilityState === "visible") void fetch("/api/heartbeat", { method: "POST" }).catch(() => {});
    };
    beat();
    const heartbeat = setInterval(beat, heartbeatMs);
    return () => clearInterval(heartbeat);
  }, [heartbeatMs]);

  // While the stream is down (or the browser has none), refetch the page's keys on the workspace's
  // polling interval: often with the tab visible, rarely when hidden.
  const streamDown = state !== "live";
  useEffect(() => {
    if (!streamDown) return;
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      void mutate((key) => typeof key === "string" && latest.current.revalidate(key));
      schedule();
    };
    const schedule = () => {
      timer = setTimeout(tick, document.visibilityState === "visible" ? activeMs : idleMs);
    };
    schedule();
    return () => clearTimeout(timer);
  }, [streamDown, activeMs, idleMs, mutate]);

  return state;
}
