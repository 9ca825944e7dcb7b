// /invite/:id — the invitation link: shows who invited whom to which workspace, and lets the
// invited person (signed in with the invited email address) join or decline.
import type { Metadata } from "next";
import Link from "next/link";
import { currentSession } from "@/lib/auth/current";
import { withArticle } from "@/lib/auth/roles";
import { invitationView } from "@/lib/workspaces";
import { SignOutButton } from "@/app/_components/sign-out-button";
import { InvitationActions } from "./invitation-actions";

export const metadata: Metadata = { title: "Invitation · Herald" };

const linkClass = "font-medium text-blue-700 underline underline-offset-2 hover:text-blue-800 dark:text-blue-300";
const primaryClass =
  "inline-flex items-center justify-center rounded-md bg-blue-700 px-4 py-2.5 font-semibold text-white hover:bg-blue-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 focus-visible:ring-offset-2";

export default async function InvitationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [inv, session] = await Promise.all([invitationView(id), currentSession()]);
  const here = `/invite/${encodeURIComponent(id)}`;

  let content: React.ReactNode;
  if (inv.state === "invalid") {
    content = (
      <>
        <h1 className="text-xl font-semibold">This invitation is not valid</h1>
        <p className="mt-2 text-slate-700 dark:text-slate-300">
          It may have expired, been used already or been withdrawn. Ask the person who invited you to send a new one.
        </p>
      </>
    );
  } else {
    const intro = (
      <>
        <h1 className="text-xl font-semibold">Join {inv.workspaceName}</h1>
        <p className="mt-2 text-slate-700 dark:text-slate-300">
          {inv.inviterName} invited <strong>{inv.email}</strong> to the workspace <strong>{inv.workspaceName}</strong> as {withArticle(inv.role)}.
        </p>
      </>
    );
    const q = `next=${encodeURIComponent(here)}&email=${encodeURIComponent(inv.email)}`;
    if (!session) {
      content = (
        <>
          {intro}
          <p className="mt-4 text-slate-700 dark:text-slate-300">Create an account or sign in with {inv.email} to accept.</p>
          <div className="mt-6 flex flex-wrap gap-3">
            <Link href={`/sign-up?${q}`} className={primaryClass}>
              Create an account
            </Link>
            <Link href={`/sign-in?${q}`} className="inline-flex items-center rounded-md px-4 py-2.5 font-medium text-blue-700 underline underline-offset-2 dark:text-blue-300">
              Sign in
            </Link>
          </div>
        </>
      );
    } else if (session.user.email.toLowerCase() !== inv.email.toLowerCase()) {
      content = (
        <>
          {intro}
          <p className="mt-4 text-slate-700 dark:text-slate-300">
            You are signed in as <strong>{session.user.email}</strong>. Sign out, then sign in with {inv.email} to accept.
          </p>
          <div className="mt-6">
            <SignOutButton className="border border-slate-300 dark:border-slate-700" />
          </div>
        </>
      );
    } else {
      content = (
        <>
          {intro}
          <InvitationActions invitationId={inv.id} />
        </>
      );
    }
  }

  return (
    <div className="flex min-h-screen flex-col items-center px-4 py-10 sm:py-16">
      <Link href="/" className="rounded text-2xl font-semibold tracking-tight focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600">
        Herald
      </Link>
      <main className="mt-8 w-full max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8 dark:border-slate-800 dark:bg-slate-900">
        {content}
        {session ? (
          <p className="mt-8 text-sm">
            <Link href="/dashboard" className={linkClass}>
              Go to your dashboard
            </Link>
          </p>
        ) : null}
      </main>
    </div>
  );
}
