// /sign-in — email and password; already signed-in visitors go straight on.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentSession } from "@/lib/auth/current";
import { safeNext } from "@/lib/auth/redirect";
import { homePathFor } from "@/lib/workspaces";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in · Herald" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const next = safeNext(sp.next);
  const session = await currentSession();
  if (session) redirect(next ?? (await homePathFor(session.user.id)));
  const email = typeof sp.email === "string" ? sp.email : "";
  return <SignInForm next={next} email={email} reset={sp.reset === "1"} erased={sp.erased === "1"} />;
}
