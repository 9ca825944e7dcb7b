// The page owners' and admins' pages show everyone else: what they cannot see, why, and a way on.
import Link from "next/link";
import type { ReactNode } from "react";

export function NotAllowed({ children }: { children: ReactNode }) {
  return (
    <section aria-labelledby="not-allowed" className="rounded-lg border border-amber-300 bg-amber-50 p-6 dark:border-amber-700 dark:bg-amber-950">
      <h1 id="not-allowed" className="text-2xl font-semibold tracking-tight text-amber-950 dark:text-amber-100">
        Not allowed
      </h1>
      <p className="mt-2 text-amber-950 dark:text-amber-100">{children}</p>
      <p className="mt-4">
        <Link href="/dashboard/posts" className="rounded font-medium text-blue-800 underline underline-offset-2 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:text-blue-300">
          Go to your posts
        </Link>
      </p>
    </section>
  );
}
