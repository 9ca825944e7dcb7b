"use client";
// The emergency stop (docs/decisions.md, "Emergency stop"): one switch pauses all publishing of the
// workspace, after a confirmation that says what it does; switching it off resumes at once. The
// banner above every dashboard page reads the same state (../_live/publishing.ts).
import { useId, useState } from "react";
import { pausedByLine, usePublishing, type Publishing } from "../_live/publishing";
import { DangerConfirm, hintClass, Status } from "./ui";

export function PublishingSwitch({ initial, timeZone, canEdit }: { initial: Publishing; timeZone: string; canEdit: boolean }) {
  const { state, set } = usePublishing(initial);
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ message: string; tone: "success" | "error" } | null>(null);

  async function change(paused: boolean): Promise<string | null> {
    setBusy(true);
    setStatus(null);
    const r = await set(paused);
    setBusy(false);
    if (!r.ok) return r.message ?? `Could not ${paused ? "pause" : "resume"} publishing.`;
    setConfirming(false);
    setStatus({
      message: paused ? "Publishing is paused: nothing will be posted until you resume." : "Publishing resumed: posts that fell due go out with the next scheduler run.",
      tone: "success",
    });
    return null;
  }

  async function toggle() {
    if (!state.paused) return setConfirming(true);
    const error = await change(false);
    if (error) setStatus({ message: error, tone: "error" });
  }

  return (
    <div aria-busy={busy}>
      <div className="flex items-start gap-3">
        <button
          id={id}
          type="button"
          role="switch"
          aria-checked={state.paused}
          aria-labelledby={`${id}-label`}
          aria-describedby={`${id}-hint`}
          disabled={!canEdit || busy || confirming}
          onClick={() => void toggle()}
          className={`relative mt-0.5 inline-flex h-6 w-11 shrink-0 items-center rounded-full border-2 border-transparent transition-colors focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 focus-visible:ring-offset-2 disabled:cursor-not-allowed disabled:opacity-60 dark:focus-visible:ring-offset-slate-900 ${
            state.paused ? "bg-red-700 dark:bg-red-500" : "bg-slate-400 dark:bg-slate-600"
          }`}
        >
          <span aria-hidden="true" className={`inline-block h-5 w-5 rounded-full bg-white shadow transition-transform ${state.paused ? "translate-x-5" : "translate-x-0"}`} />
        </button>
        <div className="min-w-0">
          <label id={`${id}-label`} htmlFor={id} className="text-sm font-medium text-slate-800 dark:text-slate-200">
            Pause all publishing
          </label>
          <p id={`${id}-hint`} className={hintClass}>
            {state.paused
              ? `${pausedByLine(state, timeZone)} Nothing is posted to any network until ${canEdit ? "you switch this off" : "an admin switches this off"}; posts that fall due meanwhile wait and go out after the resume.`
              : "An emergency stop: while on, nothing of this workspace is posted to any network — scheduled posts, retries and autopilot included. Nothing is lost: posts that fall due wait and go out when you resume."}
          </p>
        </div>
      </div>
      {confirming ? (
        <DangerConfirm
          title="Pause all publishing?"
          action="Pause publishing"
          busyLabel="Pausing…"
          keepLabel="Keep publishing"
          onConfirm={() => change(true)}
          onCancel={() => setConfirming(false)}
        >
          Nothing will be posted until an admin resumes, and every page shows a banner meanwhile. A post already on its way to a network may still
          arrive.
        </DangerConfirm>
      ) : null}
      <div className="mt-2">
        <Status message={status?.message ?? null} tone={status?.tone} />
      </div>
    </div>
  );
}
