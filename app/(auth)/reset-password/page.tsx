// /reset-password?token=… — choose a new password; the emailed link lands here (via Better Auth,
// which checks the token first and sends ?error=INVALID_TOKEN for an expired or used one).
import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password · Herald" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const token = typeof sp.token === "string" ? sp.token : null;
  if (!token || sp.error) {
    return (
      <>
        <h1 className="text-xl font-semibold text-slate-900 dark:text-slate-100">This link does not work any more</h1>
        <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
          Reset links work once and for one hour. Ask for a new one and use the latest email.
        </p>
        <p className="mt-6">
          <Link
            href="/forgot-password"
            className="inline-flex w-full items-center justify-center rounded-md bg-blue-700 px-4 py-2.5 font-semibold text-white hover:bg-blue-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 focus-visible:ring-offset-2"
          >
            Send a new link
          </Link>
        </p>
      </>
    );
  }
  return <ResetPasswordForm token={token} />;
}
