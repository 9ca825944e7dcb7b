// /sign-up — create an account (name, email, password); it signs the new user in.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentSession } from "@/lib/auth/current";
import { safeNext } from "@/lib/auth/redirect";
import { homePathFor } from "@/lib/workspaces";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create your account · Herald" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const next = safeNext(sp.next);
  const session = await currentSession();
  if (session) redirect(next ?? (await homePathFor(session.user.id)));
  const email = typeof sp.email === "string" ? sp.email : "";
  return <SignUpForm next={next} email={email} />;
}
