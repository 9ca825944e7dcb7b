// The dashboard home's onboarding checklist for a new workspace: four steps, each with its state
// from the database (lib/overview.ts) and a link to the page where it is done.
import Link from "next/link";
import { hasRole, type Role } from "@/lib/auth/roles";
import type { Checklist as ChecklistState } from "@/lib/overview";

const STEPS: { key: keyof ChecklistState; title: string; href: string; why: string; role: Role }[] = [
  {
    key: "account",
    title: "Connect a social account",
    href: "/dashboard/accounts",
    why: "X, Bluesky, Mastodon, Facebook, Instagram, Threads, LinkedIn, Reddit, TikTok, YouTube or WhatsApp. An account without credentials runs in simulation mode, so you can try everything before anything is sent.",
    role: "admin",
  },
  {
    key: "post",
    title: "Write and schedule your first post",
    href: "/dashboard/compose",
    why: "Write it yourself or with AI in your brand voice, choose the accounts and a time.",
    role: "editor",
  },
  {
    key: "slots",
    title: "Set your posting slots",
    href: "/dashboard/settings#slots",
    why: "The weekly times “Add to queue” fills, so you need not pick a time for every post.",
    role: "admin",
  },
  {
    key: "teammate",
    title: "Invite a teammate",
    href: "/dashboard/settings#members",
    why: "Editors write and schedule; admins also manage accounts, settings and people.",
    role: "admin",
  },
];

export function Checklist({ state, role }: { state: ChecklistState; role: Role }) {
  const done = STEPS.filter((s) => state[s.key]).length;
  return (
    <section aria-labelledby="get-started" className="mt-8 rounded-lg border border-slate-200 bg-white p-4 sm:p-6 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="get-started" className="text-lg font-semibold">
        Get started
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400" data-testid="checklist-progress">
        {done} of {STEPS.length} done. Each step opens the page where you do it.
      </p>
      <ol className="mt-4 space-y-4">
        {STEPS.map((s, i) => {
          const ok = state[s.key];
          return (
            <li key={s.key} data-step={s.key} data-done={String(ok)} className="flex gap-3">
              <span
                aria-hidden="true"
                className={`mt-0.5 flex h-6 w-6 shrink-0 items-center justify-center rounded-full text-sm font-semibold ${
                  ok ? "bg-green-700 text-white dark:bg-green-500 dark:text-slate-950" : "border border-slate-400 text-slate-700 dark:border-slate-500 dark:text-slate-300"
                }`}
              >
                {ok ? "✓" : i + 1}
              </span>
              <div className="min-w-0">
                <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
                  <Link
                    href={s.href}
                    className={`rounded font-medium underline underline-offset-2 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 ${
                      ok ? "text-slate-700 dark:text-slate-300" : "text-blue-700 hover:text-blue-800 dark:text-blue-300"
                    }`}
                  >
                    {s.title}
                  </Link>
                  <span
                    className={`rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${
                      ok
                        ? "bg-green-100 text-green-900 ring-green-700/30 dark:bg-green-950 dark:text-green-200 dark:ring-green-400/40"
                        : "bg-slate-100 text-slate-800 ring-slate-600/30 dark:bg-slate-800 dark:text-slate-200 dark:ring-slate-400/40"
                    }`}
                  >
                    {ok ? "Done" : "To do"}
                  </span>
                </div>
                <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{s.why}</p>
                {!ok && !hasRole(role, s.role) ? (
                  <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
                    {s.role === "admin" ? "An admin or owner of this workspace does this step." : "An editor, admin or owner of this workspace does this step."}
                  </p>
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
