"use client";
// The emergency stop's state for the banner on every dashboard page and the Settings switch
// (docs/decisions.md, "Emergency stop"). One SWR key, so the switch and the banner move together;
// what the server rendered is taken as the truth whenever it renders again, and the state is read
// again on each page change, on focus, and when the live stream says the switch moved
// (use-live-events.ts).
import { useCallback, useEffect } from "react";
import useSWR from "swr";
import type { PublishingState } from "@/lib/publishing";
import { request, type ApiResponse } from "./api";
import { fetchJson, formatWhen } from "./format";
import type { Serialized } from "./serialized";

export const PUBLISHING_KEY = "/api/workspace/publishing";

export type Publishing = Serialized<PublishingState>;
type Answer = { publishing: Publishing };

export function usePublishing(initial: Publishing) {
  const { data, mutate } = useSWR<Answer>(PUBLISHING_KEY, fetchJson, {
    fallbackData: { publishing: initial },
    // The page was rendered with the state just now.
    revalidateOnMount: false,
  });
  const rendered = JSON.stringify(initial);
  useEffect(() => {
    void mutate({ publishing: JSON.parse(rendered) as Publishing }, { revalidate: false });
  }, [rendered, mutate]);
  // An answer cached for another workspace (before a switch) says nothing about this one.
  const state = data?.publishing.workspaceId === initial.workspaceId ? data.publishing : initial;

  /** Pauses or resumes; on success every reader of the key shows the new state at once. */
  const set = async (paused: boolean): Promise<ApiResponse<Answer>> => {
    const r = await request<Answer>("PUT", PUBLISHING_KEY, { paused });
    if (r.ok) await mutate({ publishing: r.body.publishing }, { revalidate: false });
    return r;
  };
  const revalidate = useCallback(() => void mutate(), [mutate]);
  return { state, set, revalidate };
}

/** "Paused by Ada Lovelace on 7 Dec 2026, 14:30" in the workspace's zone (docs/design.md, style 11). */
export function pausedByLine(p: Publishing, timeZone: string): string {
  const who = p.pausedBy === "api_key" ? "an API key" : (p.pausedByName ?? "a former member");
  return `Paused by ${who} on ${formatWhen(p.pausedAt, timeZone)}.`;
}
