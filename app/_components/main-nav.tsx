"use client";
// The main navigation of signed-in pages. From 640 px up: one row of links (wrapping when the
// page is narrow). On a phone: a "Menu" button that opens every link in two columns, closed again
// when a page is chosen, so no page is out of reach (the row used to scroll out of sight after
// "Import"). The current page is marked with aria-current.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { InboxCount } from "./inbox-count";

const NAV = [
  { href: "/dashboard/compose", label: "Compose" },
  { href: "/dashboard/autopilot", label: "Autopilot" },
  { href: "/dashboard/calendar", label: "Calendar" },
  { href: "/dashboard/posts", label: "Posts" },
  { href: "/dashboard/inbox", label: "Inbox" },
  { href: "/dashboard/analytics", label: "Analytics" },
  { href: "/dashboard/campaigns", label: "Campaigns" },
  { href: "/dashboard/import", label: "Import" },
  { href: "/dashboard/feeds", label: "Feeds" },
  { href: "/dashboard/accounts", label: "Accounts" },
  { href: "/dashboard/recipients", label: "Recipients" },
  { href: "/dashboard/settings", label: "Settings" },
  { href: "/dashboard/admin/tasks", label: "Tasks" },
  { href: "/dashboard/admin/audit", label: "Audit log" },
];

const linkClass =
  "block rounded px-3 py-1.5 font-medium text-slate-700 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 aria-[current=page]:bg-slate-100 aria-[current=page]:text-slate-950 dark:text-slate-300 dark:hover:bg-slate-800 dark:aria-[current=page]:bg-slate-800 dark:aria-[current=page]:text-white";

export function MainNav({ width }: { width: string }) {
  const path = usePathname();
  const [open, setOpen] = useState(false);
  const current = (href: string) => (path === href || path.startsWith(`${href}/`) ? ("page" as const) : undefined);
  const here = NAV.find((n) => current(n.href));
  const links = (onPick?: () => void) =>
    NAV.map((n) => (
      <li key={n.href}>
        <Link href={n.href} aria-current={current(n.href)} onClick={onPick} className={linkClass}>
          {n.label}
          {n.href === "/dashboard/inbox" ? <InboxCount /> : null}
        </Link>
      </li>
    ));
  return (
    <nav aria-label="Main" className={`mx-auto ${width} px-4 pb-2`}>
      <ul className="hidden flex-wrap gap-1 text-sm sm:flex">{links()}</ul>
      <div className="sm:hidden">
        <button
          type="button"
          aria-expanded={open}
          aria-controls="main-nav-phone"
          onClick={() => setOpen((o) => !o)}
          className="flex w-full items-center justify-between rounded border border-slate-300 px-3 py-2 text-sm font-medium text-slate-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:border-slate-700 dark:text-slate-200"
        >
          <span>Menu{here ? <span className="font-normal text-slate-600 dark:text-slate-400"> · {here.label}</span> : null}</span>
          <span aria-hidden="true">{open ? "▴" : "▾"}</span>
        </button>
        {open ? (
          <ul id="main-nav-phone" className="mt-2 grid grid-cols-2 gap-1 text-sm">
            {links(() => setOpen(false))}
          </ul>
        ) : null}
      </div>
    </nav>
  );
}
