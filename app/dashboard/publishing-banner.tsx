"use client";
// The emergency stop's banner, above every dashboard page while the workspace's publishing is
// paused (docs/decisions.md, "Emergency stop"), with Resume for admins. Read again on each page
// change, so a pause made elsewhere shows on the next page.
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { pausedByLine, usePublishing, type Publishing } from "./_live/publishing";

export function PublishingBanner({ initial, timeZone, canResume }: { initial: Publishing; timeZone: string; canResume: boolean }) {
  const { state, set, revalidate } = usePublishing(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const path = usePathname();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    revalidate();
  }, [path, revalidate]);

  async function resume() {
    setBusy(true);
    setError(null);
    const r = await set(false);
    setBusy(false);
    if (!r.ok) setError(r.message ?? "Could not resume publishing.");
  }

  return (
    <div role="status" aria-live="polite">
      {state.paused ? (
        <section
          aria-label="Publishing paused"
          data-testid="publishing-paused-banner"
          className="border-b border-amber-400 bg-amber-100 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50"
        >
          <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3 text-sm">
            <div className="min-w-0">
              <p className="font-semibold">
                {canResume
                  ? "Publishing is paused — nothing will be posted until you resume."
                  : "Publishing is paused — nothing will be posted until an admin resumes it."}
              </p>
              <p className="mt-0.5">
                {pausedByLine(state, timeZone)} Posts that fall due meanwhile wait and go out after the resume.
              </p>
              {error ? (
                <p role="alert" className="mt-1 font-medium text-red-800 dark:text-red-300">
                  {error}
                </p>
              ) : null}
            </div>
            {canResume ? (
              <button
                type="button"
                onClick={() => void resume()}
                disabled={busy}
                className="inline-flex shrink-0 items-center justify-center rounded-md bg-amber-900 px-3.5 py-2 text-sm font-semibold text-white hover:bg-amber-950 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 focus-visible:ring-offset-2 disabled:cursor-not-allowed disabled:opacity-70 dark:bg-amber-200 dark:text-amber-950 dark:hover:bg-amber-100 dark:focus-visible:ring-offset-amber-950"
              >
                {busy ? "Resuming…" : "Resume publishing"}
              </button>
            ) : null}
          </div>
        </section>
      ) : null}
    </div>
  );
}
