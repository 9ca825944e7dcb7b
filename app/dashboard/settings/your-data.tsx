"use client";
// Settings → Your data (docs/decisions.md, "GDPR export" and "GDPR erasure"): download the
// workspace's archive (admins) or your own; delete the workspace (owners: the name typed again,
// 30 days to change your mind); erase your own account (your email typed again).
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { sendJson } from "../_live/format";
import { buttonClass, controlClass, dangerButtonClass, errorClass, hintClass, labelClass, secondaryButtonClass, Status } from "./ui";

export interface DeletionView {
  requestedAt: string | null;
  eraseAfter: string | null;
}

const day = (iso: string, timeZone: string) => new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone }).format(new Date(iso));

function errorOf(err: unknown): string {
  return err instanceof Error ? err.message : "Something went wrong; try again.";
}

export function YourData(props: { role: string; workspaceName: string; email: string; timeZone: string; deletion: DeletionView }) {
  const isAdmin = props.role === "admin" || props.role === "owner";
  return (
    <div className="space-y-6">
      <div>
        <h3 className="font-medium">Download</h3>
        <p className={hintClass}>A zip archive: every record as JSON lines{isAdmin ? ", the workspace's pictures and videos" : ""}. Passwords, platform tokens and secrets are never in it.</p>
        <div className="mt-2 flex flex-wrap gap-3">
          {isAdmin ? (
            <a className={secondaryButtonClass} href="/api/workspace/export" download>
              Download the workspace
            </a>
          ) : null}
          <a className={secondaryButtonClass} href="/api/me/export" download>
            Download my data
          </a>
        </div>
      </div>
      {props.role === "owner" ? <DeleteWorkspace {...props} /> : null}
      <EraseMe email={props.email} />
    </div>
  );
}

function DeleteWorkspace({ workspaceName, timeZone, deletion: initial }: { workspaceName: string; timeZone: string; deletion: DeletionView }) {
  const [deletion, setDeletion] = useState(initial);
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const warningId = useId();

  async function run(method: "POST" | "DELETE") {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const r = await sendJson<{ deletion: DeletionView }>(method, "/api/workspace/deletion", method === "POST" ? { confirmName: typed } : undefined);
      setDeletion(r.deletion);
      setTyped("");
      setStatus(method === "POST" ? "The workspace will be erased; publishing has stopped." : "Deletion cancelled. Publishing stays paused until you resume it under Publishing.");
    } catch (err) {
      setError(errorOf(err));
    } finally {
      setBusy(false);
    }
  }

  if (deletion.requestedAt && deletion.eraseAfter) {
    return (
      <div role="status" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-50">
        <p className="font-semibold">This workspace will be erased on {day(deletion.eraseAfter, timeZone)}.</p>
        <p className="mt-1">Nothing is published meanwhile. Any owner can cancel until then.</p>
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <button type="button" className={buttonClass} disabled={busy} onClick={() => void run("DELETE")}>
            {busy ? "Cancelling…" : "Cancel the deletion"}
          </button>
          <Status message={error} tone="error" />
        </div>
        <Status message={status} />
      </div>
    );
  }
  return (
    <div>
      <h3 className="font-medium">Delete this workspace</h3>
      <p id={warningId} className="mt-1 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-50">
        Publishing stops at once. In 30 days Herald erases {workspaceName} and everything in it: posts and their history, connected accounts and their
        tokens, pictures and videos, analytics, AI usage and the audit log. Download the workspace first if you want to keep anything. Any owner can
        cancel within the 30 days.
      </p>
      <TypedConfirm
        label="Type the workspace's name to confirm"
        expected={workspaceName}
        describedBy={warningId}
        value={typed}
        onChange={setTyped}
        error={error}
        busy={busy}
        action="Delete the workspace"
        busyAction="Deleting…"
        onConfirm={() => void run("POST")}
      />
      <Status message={status} />
    </div>
  );
}

function EraseMe({ email }: { email: string }) {
  const router = useRouter();
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const warningId = useId();

  async function erase() {
    setBusy(true);
    setError(null);
    try {
      await sendJson("DELETE", "/api/me", { confirmEmail: typed });
      router.replace("/sign-in?erased=1");
    } catch (err) {
      setError(errorOf(err));
      setBusy(false);
    }
  }

  return (
    <div>
      <h3 className="font-medium">Erase my account</h3>
      <p id={warningId} className={hintClass}>
        Your account, sign-ins, memberships and notifications are erased now, in every workspace; this cannot be undone. What you did stays in each
        workspace&apos;s records as &ldquo;erased user&rdquo;. If you are a workspace&apos;s only owner, give someone else the owner role first.
      </p>
      <TypedConfirm
        label="Type your email address to confirm"
        type="email"
        expected={email}
        caseless
        describedBy={warningId}
        value={typed}
        onChange={setTyped}
        error={error}
        busy={busy}
        action="Erase my account"
        busyAction="Erasing…"
        onConfirm={() => void erase()}
      />
    </div>
  );
}

/** A field the person types a name or address into; the danger button waits until it matches. */
function TypedConfirm(props: {
  label: string;
  type?: "text" | "email";
  expected: string;
  caseless?: boolean;
  describedBy: string;
  value: string;
  onChange: (v: string) => void;
  error: string | null;
  busy: boolean;
  action: string;
  busyAction: string;
  onConfirm: () => void;
}) {
  const inputId = useId();
  const norm = (v: string) => (props.caseless ? v.trim().toLowerCase() : v.trim());
  return (
    <>
      <label htmlFor={inputId} className={`${labelClass} mt-3`}>
        {props.label}
      </label>
      <input
        id={inputId}
        type={props.type ?? "text"}
        className={controlClass}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-describedby={props.describedBy}
        aria-invalid={props.error ? true : undefined}
        autoComplete="off"
      />
      {props.error ? (
        <p role="alert" className={errorClass}>
          {props.error}
        </p>
      ) : null}
      <button type="button" className={`${dangerButtonClass} mt-3`} disabled={props.busy || norm(props.value) !== norm(props.expected)} onClick={props.onConfirm}>
        {props.busy ? props.busyAction : props.action}
      </button>
    </>
  );
}
