// The frame of signed-in pages: a header with navigation (./main-nav.tsx), the notification bell
// (./notification-bell.tsx), the user and sign-out, and the page's main content.
import Link from "next/link";
import { MainNav } from "./main-nav";
import { NotificationBell } from "./notification-bell";
import { SignOutButton } from "./sign-out-button";

export function AppFrame({
  user,
  children,
  wide = false,
}: {
  user: { name: string; email: string };
  children: React.ReactNode;
  /** Pages with grids (calendar, task tables) use the full width. */
  wide?: boolean;
}) {
  const width = wide ? "max-w-6xl" : "max-w-3xl";
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className={`mx-auto flex ${width} flex-wrap items-center justify-between gap-2 px-4 py-3`}>
          <Link href="/dashboard" className="rounded text-lg font-semibold tracking-tight focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600">
            Herald
          </Link>
          <div className="flex items-center gap-2 text-sm">
            <NotificationBell />
            <span className="hidden text-slate-600 sm:inline dark:text-slate-400" title={user.email}>
              {user.name}
            </span>
            <SignOutButton />
          </div>
        </div>
        <MainNav width={width} />
      </header>
      <main className={`mx-auto ${width} px-4 py-8`}>{children}</main>
    </div>
  );
}
