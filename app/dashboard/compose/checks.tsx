// The server check's verdict under the text: every chosen account's problems, or that it fits.
import type { AccountValidation } from "@/lib/compose";
import type { ComposerAccount } from "./composer-state";
import { atHandle } from "@/lib/handle";

export function Checks({
  chosen,
  checkFor,
  stale,
  checking,
  failed,
}: {
  chosen: ComposerAccount[];
  checkFor: (id: string) => AccountValidation | undefined;
  stale: boolean;
  checking: boolean;
  failed: string | null;
}) {
  if (chosen.length === 0) return null;
  const problems = chosen.flatMap((a) => (checkFor(a.id)?.problems ?? []).map((p) => ({ a, p })));
  return (
    <div className="rounded-md border border-slate-200 px-3 py-2 text-sm dark:border-slate-800" aria-live="polite" aria-busy={checking}>
      <p className="font-medium">
        {failed
          ? `Could not check the post: ${failed}`
          : checking && stale
            ? "Checking against each platform’s rules…"
            : problems.length === 0
              ? "✓ Fits every chosen account."
              : `${problems.length} problem${problems.length === 1 ? "" : "s"} to fix before it can go out:`}
      </p>
      {problems.length > 0 ? (
        <ul className={`mt-1 list-disc space-y-0.5 pl-5 text-red-800 dark:text-red-300 ${stale ? "opacity-70" : ""}`}>
          {problems.map(({ a, p }, i) => (
            <li key={`${a.id}-${i}`}>
              <span className="font-medium">
                {a.label} {atHandle(a.handle)}
              </span>
              : {p.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
