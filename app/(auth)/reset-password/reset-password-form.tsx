"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Field, FormAlert, SubmitButton } from "@/app/_components/form";
import { authClient, authErrorMessage } from "@/lib/auth/client";

const MIN_PASSWORD = 8;

export function ResetPasswordForm({ token }: { token: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const alertRef = useRef<HTMLDivElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const newPassword = String(new FormData(e.currentTarget).get("password") ?? "");
    setError(null);
    if (newPassword.length < MIN_PASSWORD) {
      setFieldError(`Use at least ${MIN_PASSWORD} characters.`);
      return passwordRef.current?.focus();
    }
    setFieldError(undefined);
    setPending(true);
    const { error: err } = await authClient.resetPassword({ newPassword, token });
    if (err) {
      setPending(false);
      setError(err.code === "INVALID_TOKEN" ? "This link has expired or was used already. Ask for a new one." : authErrorMessage(err, "Could not change the password."));
      requestAnimationFrame(() => alertRef.current?.focus());
      return;
    }
    // Every session of the account ended with the reset; sign in afresh.
    router.replace("/sign-in?reset=1");
  }

  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900 dark:text-slate-100">Choose a new password</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">You will be signed out everywhere and can sign in with the new password.</p>
      <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4" aria-busy={pending}>
        {error ? (
          <FormAlert alertRef={alertRef}>
            {error}{" "}
            <Link href="/forgot-password" className="font-medium underline underline-offset-2">
              Send a new link
            </Link>
          </FormAlert>
        ) : null}
        <Field
          label="New password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD}
          revealable
          hint={`At least ${MIN_PASSWORD} characters.`}
          error={fieldError}
          inputRef={passwordRef}
        />
        <SubmitButton pending={pending} pendingLabel="Saving…">
          Save new password
        </SubmitButton>
      </form>
    </>
  );
}
