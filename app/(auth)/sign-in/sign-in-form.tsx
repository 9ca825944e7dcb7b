"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Field, FormAlert, SubmitButton } from "@/app/_components/form";
import { authClient, authErrorMessage } from "@/lib/auth/client";

export function SignInForm({ next, email: initialEmail, reset, erased = false }: { next: string | null; email: string; reset: boolean; erased?: boolean }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<{ email?: string; password?: string }>({});
  const alertRef = useRef<HTMLDivElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const problems: typeof fields = {};
    if (!email) problems.email = "Enter your email address.";
    if (!password) problems.password = "Enter your password.";
    setFields(problems);
    setError(null);
    if (problems.email) return emailRef.current?.focus();
    if (problems.password) return passwordRef.current?.focus();

    setPending(true);
    const { error: err } = await authClient.signIn.email({ email, password });
    if (err) {
      setPending(false);
      setError(err.status === 401 ? "That email and password do not match an account." : authErrorMessage(err, "Could not sign you in."));
      requestAnimationFrame(() => alertRef.current?.focus());
      return;
    }
    // The dashboard sends people without a workspace on to create one.
    router.replace(next ?? "/dashboard");
    router.refresh();
  }

  const nextQuery = next ? `?next=${encodeURIComponent(next)}` : "";
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900 dark:text-slate-100">Sign in</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        New to Herald?{" "}
        <Link href={`/sign-up${nextQuery}`} className="font-medium text-blue-700 underline underline-offset-2 hover:text-blue-800 dark:text-blue-300">
          Create an account
        </Link>
      </p>
      <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4" aria-busy={pending}>
        {reset ? <FormAlert tone="success">Your password was changed. Sign in with the new one.</FormAlert> : null}
        {erased ? <FormAlert tone="success">Your account has been erased. Herald keeps nothing that names you.</FormAlert> : null}
        {error ? <FormAlert alertRef={alertRef}>{error}</FormAlert> : null}
        <Field label="Email" name="email" type="email" autoComplete="email" inputMode="email" required defaultValue={initialEmail} error={fields.email} inputRef={emailRef} />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required revealable error={fields.password} inputRef={passwordRef} />
        <div className="flex justify-end">
          <Link href="/forgot-password" className="text-sm font-medium text-blue-700 underline underline-offset-2 hover:text-blue-800 dark:text-blue-300">
            Forgot your password?
          </Link>
        </div>
        <SubmitButton pending={pending} pendingLabel="Signing in…">
          Sign in
        </SubmitButton>
      </form>
    </>
  );
}
