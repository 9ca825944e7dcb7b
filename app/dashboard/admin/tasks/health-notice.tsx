// The scheduler's health at the top of Admin → Tasks (docs/design.md, "Health"): ok in one line;
// degraded or down in a box with every reason, so a dead cron is seen before anyone wonders why
// posts are late. Rendered on the server with the page; times are relative, so no zone is needed.
import type { Health } from "@/lib/health";
import { duration } from "@/lib/health";

const BOX = {
  degraded: "border-amber-400 bg-amber-50 text-amber-950 dark:border-amber-600 dark:bg-amber-950 dark:text-amber-100",
  down: "border-red-400 bg-red-50 text-red-950 dark:border-red-700 dark:bg-red-950 dark:text-red-100",
} as const;

export function HealthNotice({ health: h, now }: { health: Health; now: Date }) {
  if (h.status === "ok") {
    const last = h.database === "ok" ? h.scheduler.lastSuccessAt : null;
    return (
      <section aria-label="Scheduler health" data-health="ok" className="mb-4 flex items-start gap-2 text-sm text-slate-700 dark:text-slate-300">
        <span aria-hidden="true" className="mt-1.5 h-2 w-2 shrink-0 rounded-full bg-green-600" />
        <p className="min-w-0 break-words">
          <strong className="font-semibold text-emerald-800 dark:text-emerald-300">Scheduler OK.</strong>{" "}
          {last ? `The last process call succeeded ${duration(now.getTime() - last.getTime())} ago.` : "No process call recorded yet; nothing is overdue."}
        </p>
      </section>
    );
  }
  const interval = h.database === "ok" ? duration(h.scheduler.cronIntervalS * 1000) : null;
  return (
    <section aria-label="Scheduler health" data-health={h.status} className={`mb-6 rounded-lg border-2 p-4 ${BOX[h.status]}`}>
      <p className="text-lg font-semibold">
        {h.status === "degraded" ? "Scheduler degraded: posts may go out late" : "Scheduler down: nothing is being published"}
      </p>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {h.reasons.map((r) => (
          <li key={r} className="break-words">
            {r}
          </li>
        ))}
      </ul>
      {interval && h.status === "degraded" ? (
        <p className="mt-3 text-sm break-words">
          The cron should call <code>/api/agent/process</code> every {interval} with the cron secret (README, “Deploying to Vercel + Supabase”).
        </p>
      ) : null}
    </section>
  );
}
