// /forgot-password — ask for a password-reset link by email.
import type { Metadata } from "next";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Reset your password · Herald" };

export default function ForgotPasswordPage() {
  return <ForgotPasswordForm />;
}
