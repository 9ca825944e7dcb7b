"use client";
import Link from "next/link";
import { useRef, useState } from "react";
import { Field, FormAlert, SubmitButton } from "@/app/_components/form";
import { authClient, authErrorMessage } from "@/lib/auth/client";

export function ForgotPasswordForm() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const email = String(new FormData(e.currentTarget).get("email") ?? "").trim();
    setError(null);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      setFieldError("Enter the email address of your account.");
      return emailRef.current?.focus();
    }
    setFieldError(undefined);
    setPending(true);
    const { error: err } = await authClient.requestPasswordReset({ email, redirectTo: "/reset-password" });
    setPending(false);
    if (err) {
      setError(authErrorMessage(err, "Could not send the link. Try again in a moment."));
    } else {
      // The same answer whether or not the address has an account, so nobody can probe for one.
      setSentTo(email);
    }
    requestAnimationFrame(() => alertRef.current?.focus());
  }

  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900 dark:text-slate-100">Reset your password</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">We will email you a link to choose a new password. It works for one hour.</p>
      <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4" aria-busy={pending}>
        {sentTo ? (
          <FormAlert tone="success" alertRef={alertRef}>
            If <strong>{sentTo}</strong> has a Herald account, a reset link is on its way. Check your inbox (and the spam folder).
          </FormAlert>
        ) : null}
        {error ? <FormAlert alertRef={alertRef}>{error}</FormAlert> : null}
        <Field label="Email" name="email" type="email" autoComplete="email" inputMode="email" required error={fieldError} inputRef={emailRef} />
        <SubmitButton pending={pending} pendingLabel="Sending…">
          Send reset link
        </SubmitButton>
      </form>
      <p className="mt-6 text-center text-sm">
        <Link href="/sign-in" className="font-medium text-blue-700 underline underline-offset-2 hover:text-blue-800 dark:text-blue-300">
          Back to sign in
        </Link>
      </p>
    </>
  );
}
