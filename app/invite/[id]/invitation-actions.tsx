"use client";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { FormAlert } from "@/app/_components/form";
import { authClient, authErrorMessage } from "@/lib/auth/client";

export function InvitationActions({ invitationId }: { invitationId: string }) {
  const router = useRouter();
  const [pending, setPending] = useState<"accept" | "decline" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [declined, setDeclined] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);

  async function act(kind: "accept" | "decline") {
    setPending(kind);
    setError(null);
    const { error: err } =
      kind === "accept"
        ? await authClient.organization.acceptInvitation({ invitationId })
        : await authClient.organization.rejectInvitation({ invitationId });
    setPending(null);
    if (err) {
      setError(authErrorMessage(err, kind === "accept" ? "Could not accept the invitation." : "Could not decline the invitation."));
      requestAnimationFrame(() => alertRef.current?.focus());
      return;
    }
    if (kind === "decline") {
      setDeclined(true);
      requestAnimationFrame(() => alertRef.current?.focus());
      return;
    }
    // Accepting made the workspace the session's active one.
    router.replace("/dashboard");
    router.refresh();
  }

  if (declined) {
    return (
      <div className="mt-6">
        <FormAlert tone="success" alertRef={alertRef}>
          You declined the invitation.
        </FormAlert>
      </div>
    );
  }
  return (
    <div className="mt-6 space-y-4">
      {error ? <FormAlert alertRef={alertRef}>{error}</FormAlert> : null}
      <div className="flex flex-wrap gap-3">
        <button
          type="button"
          onClick={() => act("accept")}
          disabled={pending !== null}
          className="inline-flex items-center justify-center rounded-md bg-blue-700 px-4 py-2.5 font-semibold text-white hover:bg-blue-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 focus-visible:ring-offset-2 disabled:opacity-70"
        >
          {pending === "accept" ? "Joining…" : "Accept and join"}
        </button>
        <button
          type="button"
          onClick={() => act("decline")}
          disabled={pending !== null}
          className="inline-flex items-center justify-center rounded-md border border-slate-300 px-4 py-2.5 font-medium hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 disabled:opacity-70 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          {pending === "decline" ? "Declining…" : "Decline"}
        </button>
      </div>
    </div>
  );
}
