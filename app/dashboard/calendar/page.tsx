// /dashboard/calendar — week and month views of the workspace's posts in its time zone; editors
// drag a scheduled post to another day (or use "Move to…") to reschedule it.
import type { Metadata } from "next";
import { AppFrame } from "@/app/_components/app-frame";
import { hasRole } from "@/lib/auth/roles";
import { shiftDate, today, viewRange, type CalendarView } from "@/lib/calendar";
import { pageWorkspace } from "../page-context";
import { CalendarBoard } from "./calendar-board";
import { calendarAccounts, calendarPosts } from "./data";

export const metadata: Metadata = { title: "Calendar · Herald" };

type Search = Promise<Record<string, string | string[] | undefined>>;

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export default async function CalendarPage({ searchParams }: { searchParams: Search }) {
  const { session, workspace: ws } = await pageWorkspace("/dashboard/calendar");

  const sp = await searchParams;
  const view: CalendarView = one(sp.view) === "month" ? "month" : "week";
  const rawDate = one(sp.date);
  const date = rawDate && /^\d{4}-\d{2}-\d{2}$/.test(rawDate) && !Number.isNaN(Date.parse(rawDate)) ? rawDate : today(ws.timeZone);
  const accounts = await calendarAccounts(ws.id);
  const accountParam = one(sp.account);
  const account = accounts.some((a) => a.id === accountParam) ? accountParam : undefined;
  const { from, to } = viewRange(view, date, ws.timeZone);
  const posts = await calendarPosts(ws.id, from, to, account);

  return (
    <AppFrame user={session.user} wide>
      <CalendarBoard
        view={view}
        date={date}
        today={today(ws.timeZone)}
        prev={shiftDate(view, date, ws.timeZone, -1)}
        next={shiftDate(view, date, ws.timeZone, 1)}
        timeZone={ws.timeZone}
        accounts={accounts}
        account={account ?? null}
        posts={posts}
        canEdit={hasRole(ws.role, "editor")}
      />
    </AppFrame>
  );
}
