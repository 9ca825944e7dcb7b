// The composer's requests out: schedule (at a time, now, at the queue's next slot or the best
// one) through POST /api/agent/schedule, or save a draft; editing a saved post, its changes go to
// PATCH /api/posts/:id, and a reopened draft that gets scheduled is deleted once the new post
// exists (docs/decisions.md, "Editing a scheduled post"). Each answer becomes the alert (focused)
// and, for a refusal, the errors at their fields. `alertRef` goes on the alert. While `blocked` (the
// subreddit's rules or TikTok's disclosure refuse the post, marked at its fields) nothing is
// scheduled; a draft is saved. The chosen campaign goes with each (`campaignId`); a saved post
// edited to "No campaign" is untagged (`campaignId: null`).
import { useEffect, useRef, type Dispatch } from "react";
import { atLocal } from "@/lib/calendar";
import { clock } from "@/lib/clock";
import { refusedFindings } from "../_ai/ai-ui";
import { postJson, type ApiError } from "./api";
import { placeErrors, type ComposerAction, type ComposeConfig, type ComposerState } from "./composer-state";
import { apiErrorMessage, BLOCKED, changesSavedMessage, draftSavedMessage, EMPTY_POST, NO_QUEUE, noSlotMessage, OFFLINE, scheduledMessage } from "./messages";
import { recurrenceOf } from "./schedule-fields";

export type ScheduleKind = "now" | "schedule" | "queue" | "best";

/** The saved post the composer was opened on: a scheduled post being edited, or a reopened draft. */
export interface Editing {
  postId: string;
  mode: "edit" | "draft";
}

export function useSubmit({
  state,
  config,
  timeZone,
  dispatch,
  blocked,
  editing,
  onDone,
}: {
  state: ComposerState;
  config: ComposeConfig;
  timeZone: string;
  dispatch: Dispatch<ComposerAction>;
  blocked: keyof typeof BLOCKED | null;
  editing: Editing | null;
  /** The saved post is finished with (the draft was scheduled): the composer goes back to a new post. */
  onDone: () => void;
}) {
  const alertRef = useRef<HTMLDivElement>(null);
  const { selected, content, schedule, agentBrief, campaignId } = state;
  // Focused once rendered: an alert that was not there before exists only after React's commit.
  const focusNext = useRef(false);
  const focusAlert = () => {
    focusNext.current = true;
  };
  useEffect(() => {
    if (!focusNext.current || !state.alert) return;
    focusNext.current = false;
    alertRef.current?.focus();
  }, [state.alert]);

  function showApiError(status: number, data: unknown, fallback: string) {
    const e = (data as ApiError | null)?.error;
    const { errors, unplaced } = placeErrors(e?.fields ?? []);
    dispatch({ type: "failed", errors, alert: apiErrorMessage({ message: e?.message ?? fallback, status, unplaced, marked: Object.keys(errors).length > 0 }) });
    focusAlert();
  }

  // No scheduledAt is "publish now" at the server's time: this browser's clock may be off by more
  // than the few minutes the server allows in the past (lib/scheduler/past.ts).
  const postFields = () => ({
    accountIds: selected,
    content: agentBrief ? null : content,
    config: agentBrief ? { ...config, overrides: undefined, brief: agentBrief } : config,
  });

  function scheduledPayload(scheduledAt: string | undefined, withRecurrence: boolean) {
    const recurrence = withRecurrence ? recurrenceOf(schedule) : undefined;
    return {
      ...postFields(),
      ...(scheduledAt && { scheduledAt }),
      ...(recurrence && { recurrence }),
      ...(campaignId && { campaignId }),
      // A reopened draft's key is its own: scheduling it twice (a retry, a second tab) makes one post.
      idempotencyKey: editing?.mode === "draft" ? `draft-${editing.postId}` : `compose-${crypto.randomUUID()}`,
    };
  }

  /** Editing a scheduled post: its changes, time included, in one PATCH. */
  async function saveChanges(postId: string) {
    if (!schedule.date || !schedule.time) {
      dispatch({ type: "errors", errors: { scheduledAt: "Pick a date and a time." } });
      return;
    }
    const { res, data } = await postJson(`/api/posts/${encodeURIComponent(postId)}`, { ...postFields(), scheduledAt: `${schedule.date}T${schedule.time}`, campaignId: campaignId || null }, "PATCH");
    if (!res.ok) return showApiError(res.status, data, "The changes were not saved.");
    const saved = (data as { post: { scheduledAt: string | null } }).post;
    dispatch({ type: "alert", alert: { tone: "success", node: changesSavedMessage({ postId, when: saved.scheduledAt, timeZone }) } });
    focusAlert();
  }

  /** The next free slot (or the best one) of the chosen accounts; null when there is none, said in the alert. */
  async function slot(kind: "queue" | "best"): Promise<string | null> {
    const res = await fetch(`/api/workspace/next-slot?accountIds=${encodeURIComponent(selected.join(","))}${kind === "best" ? "&strategy=best" : ""}`);
    const data = (await res.json().catch(() => null)) as ({ scheduledAt?: string | null; slotCount?: number } & ApiError) | null;
    if (res.status === 404 && !data?.error) {
      dispatch({ type: "alert", alert: { tone: "error", node: NO_QUEUE } });
      return null;
    }
    if (!res.ok) {
      showApiError(res.status, data, "The next free slot could not be found.");
      return null;
    }
    if (!data?.scheduledAt) {
      dispatch({ type: "alert", alert: { tone: "error", node: noSlotMessage(data?.slotCount) } });
      return null;
    }
    return data.scheduledAt;
  }

  async function submitSchedule(kind: ScheduleKind) {
    dispatch({ type: "reset" });
    if (selected.length === 0) {
      dispatch({ type: "errors", errors: { accountIds: "Choose at least one account." } });
      return;
    }
    if (blocked) {
      dispatch({ type: "alert", alert: { tone: "error", node: BLOCKED[blocked] } });
      focusAlert();
      return;
    }
    // Nothing to post (checked after what the networks' own fields refuse): said here, in the
    // composer's words, at the text and in the alert the focus moves to (the server's answer names
    // API fields).
    if (agentBrief === null && content.trim() === "" && !config.media?.length) {
      dispatch({ type: "failed", errors: { content: EMPTY_POST }, alert: EMPTY_POST });
      focusAlert();
      return;
    }
    dispatch({ type: "pending", pending: kind });
    try {
      if (editing?.mode === "edit") return await saveChanges(editing.postId);
      let at: string;
      if (kind === "now") at = clock.now().toISOString();
      else if (kind === "schedule") {
        if (!schedule.date || !schedule.time) {
          dispatch({ type: "errors", errors: { scheduledAt: "Pick a date and a time." } });
          return;
        }
        at = `${schedule.date}T${schedule.time}`;
      } else {
        const found = await slot(kind);
        if (found === null) return;
        at = found;
      }
      const { res, data } = await postJson("/api/agent/schedule", scheduledPayload(kind === "now" ? undefined : at, kind === "now" || kind === "schedule"));
      if (!res.ok) {
        const f = refusedFindings({ status: res.status, details: ((data as { error?: { details?: Record<string, unknown> } } | null)?.error?.details ?? null) });
        dispatch({ type: "refused", refused: f ? { content, findings: f } : null });
        return showApiError(res.status, data, "The post was not scheduled.");
      }
      const ok = data as { postId: string; approvalState?: string; publishingPaused?: boolean; task?: { scheduledAt?: string } };
      const held = ok.approvalState === "pending";
      const planned = held && kind !== "now" ? (kind === "schedule" ? atLocal(schedule.date, schedule.time, timeZone).toISOString() : at) : null;
      const when = ok.task?.scheduledAt ?? (kind === "schedule" ? null : at);
      // The draft became this post: it goes, or the Posts page would offer it to be scheduled again.
      const draftLeft = editing?.mode === "draft" ? !(await fetch(`/api/posts/${encodeURIComponent(editing.postId)}`, { method: "DELETE" }).then((r) => r.ok, () => false)) : false;
      dispatch({ type: "alert", alert: { tone: "success", node: scheduledMessage({ postId: ok.postId, now: kind === "now", held, paused: ok.publishingPaused === true, when, planned, timeZone, draftLeft }) } });
      dispatch({ type: "sent" });
      onDone();
      focusAlert();
    } catch {
      dispatch({ type: "alert", alert: { tone: "error", node: OFFLINE } });
    } finally {
      dispatch({ type: "pending", pending: null });
    }
  }

  async function saveDraft() {
    dispatch({ type: "reset" });
    dispatch({ type: "pending", pending: "draft" });
    try {
      const { res, data } =
        editing?.mode === "draft"
          ? await postJson(`/api/posts/${encodeURIComponent(editing.postId)}`, { content, accountIds: selected, config, campaignId: campaignId || null }, "PATCH")
          : await postJson("/api/posts/drafts", { content, accountIds: selected, config, ...(campaignId && { campaignId }) });
      if (!res.ok) return showApiError(res.status, data, "The draft was not saved.");
      const post = (data as { post: { id: string } }).post;
      dispatch({ type: "alert", alert: { tone: "success", node: draftSavedMessage(post.id) } });
      focusAlert();
    } catch {
      dispatch({ type: "alert", alert: { tone: "error", node: OFFLINE } });
    } finally {
      dispatch({ type: "pending", pending: null });
    }
  }

  return { alertRef, submitSchedule, saveDraft };
}
