"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Field, FormAlert, SubmitButton } from "@/app/_components/form";
import { authClient, authErrorMessage } from "@/lib/auth/client";

const MIN_PASSWORD = 8;

type Problems = { name?: string; email?: string; password?: string };

export function SignUpForm({ next, email: initialEmail }: { next: string | null; email: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Problems>({});
  const alertRef = useRef<HTMLDivElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const problems: Problems = {};
    if (!name) problems.name = "Enter your name.";
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems.email = "Enter an email address like name@example.com.";
    if (password.length < MIN_PASSWORD) problems.password = `Use at least ${MIN_PASSWORD} characters.`;
    setFields(problems);
    setError(null);
    if (problems.name) return nameRef.current?.focus();
    if (problems.email) return emailRef.current?.focus();
    if (problems.password) return passwordRef.current?.focus();

    setPending(true);
    const { error: err } = await authClient.signUp.email({ name, email, password });
    if (err) {
      setPending(false);
      if (err.code === "USER_ALREADY_EXISTS" || err.code === "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL") {
        setFields({ email: "An account with this email exists already. Sign in instead." });
        return emailRef.current?.focus();
      }
      if (err.code === "PASSWORD_TOO_SHORT" || err.code === "PASSWORD_TOO_LONG") {
        setFields({ password: authErrorMessage(err, "Choose another password.") });
        return passwordRef.current?.focus();
      }
      setError(authErrorMessage(err, "Could not create your account."));
      requestAnimationFrame(() => alertRef.current?.focus());
      return;
    }
    // Signed in now. Without a workspace the dashboard sends them on to create one.
    router.replace(next ?? "/dashboard");
    router.refresh();
  }

  const nextQuery = next ? `?next=${encodeURIComponent(next)}` : "";
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900 dark:text-slate-100">Create your account</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Already have one?{" "}
        <Link href={`/sign-in${nextQuery}`} className="font-medium text-blue-700 underline underline-offset-2 hover:text-blue-800 dark:text-blue-300">
          Sign in
        </Link>
      </p>
      <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4" aria-busy={pending}>
        {error ? <FormAlert alertRef={alertRef}>{error}</FormAlert> : null}
        <Field label="Your name" name="name" autoComplete="name" required error={fields.name} inputRef={nameRef} />
        <Field label="Email" name="email" type="email" autoComplete="email" inputMode="email" required defaultValue={initialEmail} error={fields.email} inputRef={emailRef} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD}
          revealable
          hint={`At least ${MIN_PASSWORD} characters. A few unrelated words make a strong one.`}
          error={fields.password}
          inputRef={passwordRef}
        />
        <SubmitButton pending={pending} pendingLabel="Creating your account…">
          Create account
        </SubmitButton>
      </form>
    </>
  );
}
