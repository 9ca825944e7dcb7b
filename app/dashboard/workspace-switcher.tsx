"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert } from "@/app/_components/form";
import type { WorkspaceSummary } from "@/lib/workspaces";

export function WorkspaceSwitcher({ workspaces }: { workspaces: WorkspaceSummary[] }) {
  const router = useRouter();
  const [pendingId, setPendingId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function switchTo(id: string) {
    setPendingId(id);
    setError(null);
    const res = await fetch("/api/workspaces/active", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ workspaceId: id }),
    });
    if (!res.ok) {
      const body = await res.json().catch(() => null);
      setError(body?.error?.message ?? "Could not switch the workspace.");
    }
    setPendingId(null);
    router.refresh();
  }

  return (
    <>
      {error ? (
        <div className="mt-3">
          <FormAlert>{error}</FormAlert>
        </div>
      ) : null}
      <ul className="mt-3 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
        {workspaces.map((w) => (
          <li key={w.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
            <div>
              <p className="font-medium">{w.name}</p>
              <p className="text-sm text-slate-600 dark:text-slate-400">
                {w.role} · {w.timeZone.replaceAll("_", " ")}
              </p>
            </div>
            {w.active ? (
              <span className="rounded-full bg-emerald-100 px-2.5 py-0.5 text-sm font-medium text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100">
                Active
              </span>
            ) : (
              <button
                type="button"
                onClick={() => switchTo(w.id)}
                disabled={pendingId !== null}
                className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 disabled:opacity-70 dark:border-slate-700 dark:hover:bg-slate-800"
              >
                {pendingId === w.id ? "Switching…" : "Switch"}
                <span className="sr-only"> to {w.name}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
