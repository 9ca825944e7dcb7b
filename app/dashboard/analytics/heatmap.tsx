// The best-time heatmap: GET /api/agent/best-times' weekday × hour grid (lib/ai/best-time.ts,
// learned from the workspace's own history once it has enough, typical times before), darker is
// better. The cells are a picture (aria-hidden); the best slots are said in words.

export interface BestTimesJson {
  timeZone: string;
  source: "defaults" | "history";
  sampleSize: number;
  top: { weekday: number; hour: number; score: number; posts: number }[];
  grid: number[][];
}

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const LONG_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const hh = (h: number) => `${String(h).padStart(2, "0")}:00`;

export function BestTimeHeatmap({ data, error }: { data: BestTimesJson | undefined; error: string | null }) {
  const max = data ? Math.max(...data.grid.flat(), 0) : 0;
  return (
    <section aria-labelledby="best-time-h" data-testid="best-time-heatmap">
      <h2 id="best-time-h" className="text-lg font-semibold">Best times to post</h2>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-800 dark:text-red-300">{error}</p>
      ) : !data ? (
        <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">Loading…</p>
      ) : (
        <>
          <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
            {data.source === "history"
              ? `From ${data.sampleSize} of your published posts with engagement, in ${data.timeZone.replaceAll("_", " ")} time.`
              : `Typical times for now: with 10 or more published posts that have engagement, this learns from your own.`}{" "}
            Best: {data.top.slice(0, 3).map((t) => `${LONG_DAYS[t.weekday - 1]} ${hh(t.hour)}`).join(", ")}.
          </p>
          <div className="mt-3 grid w-full max-w-xl gap-px text-[10px]" style={{ gridTemplateColumns: "2.25rem repeat(24, minmax(0, 1fr))" }} aria-hidden="true">
            <span />
            {Array.from({ length: 24 }, (_, h) => (
              <span key={h} className="text-center text-slate-600 dark:text-slate-400">{h % 6 === 0 ? h : ""}</span>
            ))}
            {data.grid.map((row, d) => (
              <div key={d} className="contents">
                <span className="pr-1 text-right text-slate-700 dark:text-slate-300">{DAYS[d]}</span>
                {row.map((v, h) => (
                  <span
                    key={h}
                    title={`${LONG_DAYS[d]} ${hh(h)}`}
                    className="aspect-square rounded-[2px] bg-blue-700 dark:bg-blue-400"
                    style={{ opacity: max > 0 ? 0.08 + 0.92 * (v / max) : 0.08 }}
                  />
                ))}
              </div>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
