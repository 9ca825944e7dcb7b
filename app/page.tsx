// The landing page: what Herald is and whether its scheduler is healthy.
import Link from "next/link";
import { health } from "@/lib/health";

export const dynamic = "force-dynamic";

export default async function Home() {
  const h = await health();
  return (
    <main className="mx-auto max-w-2xl px-6 py-16">
      <h1 className="text-3xl font-semibold tracking-tight">Herald</h1>
      <p className="mt-3 text-lg text-slate-600 dark:text-slate-300">
        Plan, generate, publish and measure your social-media posts on every network, with as little hand work as
        possible.
      </p>
      <nav aria-label="Account" className="mt-6 flex flex-wrap gap-3">
        <Link
          href="/sign-up"
          className="rounded-md bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 focus-visible:ring-offset-2"
        >
          Create an account
        </Link>
        <Link
          href="/sign-in"
          className="rounded-md border border-slate-300 px-4 py-2 font-medium hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          Sign in
        </Link>
      </nav>
      <section aria-labelledby="status" className="mt-10 rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
        <h2 id="status" className="text-sm font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">
          System status
        </h2>
        {h.database === "ok" ? (
          <dl className="mt-3 grid grid-cols-2 gap-y-2 text-sm">
            <dt>Database</dt>
            <dd className="text-emerald-700 dark:text-emerald-400">reachable</dd>
            <dt>Migrations</dt>
            <dd>{h.migrations.current ? "current" : `pending: ${h.migrations.pending.join(", ")}`}</dd>
            <dt>Tasks due now</dt>
            <dd>{h.scheduler.due}</dd>
            <dt>Scheduler lag</dt>
            <dd>{Math.round(h.scheduler.lagMs / 1000)} s</dd>
          </dl>
        ) : (
          <p className="mt-3 text-sm text-red-700 dark:text-red-400">The database is unreachable.</p>
        )}
      </section>
      <p className="mt-8 text-sm text-slate-500 dark:text-slate-400">
        The API is documented in the README: <code>POST /api/agent/schedule</code>, <code>GET /api/agent/tasks</code>,{" "}
        <code>GET /api/agent/tasks/stats</code>.
      </p>
    </main>
  );
}
