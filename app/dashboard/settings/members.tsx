"use client";
// Members and roles through Better Auth's organization endpoints (/api/auth/organization/*), which
// enforce who may do what (lib/auth/roles.ts): list, change role, remove, invite by email and show
// the invitation link to pass on, cancel a pending invitation.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import type { Role } from "@/lib/auth/roles";
import { api, buttonClass, controlClass, dangerButtonClass, errorClass, labelClass, secondaryButtonClass, Status } from "./ui";

export interface MemberRow {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: string;
}
export interface InvitationRow {
  id: string;
  email: string;
  role: Role | null;
  expiresAt: string;
}

const ROLE_HELP: Record<Role, string> = {
  viewer: "reads posts, accounts and tasks",
  editor: "also composes and schedules",
  admin: "also manages accounts, settings and people",
  owner: "everything, including other owners",
};

export function CopyButton({ text, label }: { text: string | (() => string); label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <>
      <button
        type="button"
        className={secondaryButtonClass}
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(typeof text === "function" ? text() : text);
            setCopied(true);
            setTimeout(() => setCopied(false), 2000);
          } catch {
            setCopied(false);
          }
        }}
      >
        {copied ? "Copied" : "Copy"}
        <span className="sr-only"> {label}</span>
      </button>
      <span role="status" className="sr-only">
        {copied ? `${label} copied to the clipboard` : ""}
      </span>
    </>
  );
}

export function Members({
  workspaceId,
  members,
  invitations,
  me,
  myRole,
  canManage,
  timeZone,
}: {
  timeZone: string;
  workspaceId: string;
  members: MemberRow[];
  invitations: InvitationRow[];
  me: string;
  myRole: Role;
  canManage: boolean;
}) {
  const router = useRouter();
  const id = useId();
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState<{ message: string; tone: "success" | "error" } | null>(null);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("editor");
  const [inviteError, setInviteError] = useState<string | null>(null);
  const [link, setLink] = useState<{ email: string; url: string } | null>(null);
  // Roles just changed here, shown at once while the page's data refreshes.
  const [roles, setRoles] = useState<Record<string, Role>>({});
  const assignable: Role[] = myRole === "owner" ? ["viewer", "editor", "admin", "owner"] : ["viewer", "editor", "admin"];

  async function run(key: string, path: string, body: unknown, done: string) {
    setBusy(key);
    setStatus(null);
    const r = await api("POST", `/api/auth/organization/${path}`, { organizationId: workspaceId, ...(body as object) });
    setBusy(null);
    if (!r.ok) {
      setStatus({ message: r.message || "That did not work.", tone: "error" });
      return false;
    }
    setStatus({ message: done, tone: "success" });
    router.refresh();
    return true;
  }

  async function invite(e: React.FormEvent) {
    e.preventDefault();
    setLink(null);
    const to = email.trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(to)) return setInviteError("Enter an email address such as sam@example.com.");
    setInviteError(null);
    setBusy("invite");
    const r = await api<{ id?: string; email?: string }>("POST", "/api/auth/organization/invite-member", { organizationId: workspaceId, email: to, role });
    setBusy(null);
    if (!r.ok || !r.body.id) return setInviteError(r.message || "Could not invite.");
    setLink({ email: to, url: `${window.location.origin}/invite/${encodeURIComponent(r.body.id)}` });
    setEmail("");
    router.refresh();
  }

  return (
    <div>
      <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
        {members.map((m) => {
          const self = m.userId === me;
          // Only owners may touch owners (Better Auth enforces it too).
          const editable = canManage && !self && (myRole === "owner" || m.role !== "owner");
          return (
            <li key={m.id} className="flex flex-wrap items-center justify-between gap-3 px-3 py-3">
              <div className="min-w-0">
                <p className="truncate font-medium">
                  {m.name} {self ? <span className="text-sm font-normal text-slate-600 dark:text-slate-400">(you)</span> : null}
                </p>
                <p className="truncate text-sm text-slate-600 dark:text-slate-400">{m.email}</p>
              </div>
              <div className="flex flex-wrap items-center gap-2">
                {editable ? (
                  <>
                    <label htmlFor={`${id}-role-${m.id}`} className="sr-only">
                      Role of {m.name}
                    </label>
                    <select
                      id={`${id}-role-${m.id}`}
                      value={roles[m.id] ?? m.role}
                      disabled={busy !== null}
                      onChange={async (e) => {
                        const next = e.target.value as Role;
                        const previous = roles[m.id] ?? m.role;
                        setRoles((r) => ({ ...r, [m.id]: next }));
                        const ok = await run(`role-${m.id}`, "update-member-role", { memberId: m.id, role: next }, `${m.name} is now ${next}.`);
                        if (!ok) setRoles((r) => ({ ...r, [m.id]: previous }));
                      }}
                      className={`${controlClass} w-auto py-1.5 text-sm`}
                    >
                      {assignable.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                    <button
                      type="button"
                      className={dangerButtonClass}
                      disabled={busy !== null}
                      onClick={() => {
                        if (window.confirm(`Remove ${m.name} (${m.email}) from this workspace? They lose access at once.`)) {
                          void run(`remove-${m.id}`, "remove-member", { memberIdOrEmail: m.id }, `${m.name} was removed.`);
                        }
                      }}
                    >
                      {busy === `remove-${m.id}` ? "Removing…" : "Remove"}
                      <span className="sr-only"> {m.name}</span>
                    </button>
                  </>
                ) : (
                  <span className="rounded-full bg-slate-100 px-2.5 py-0.5 text-sm font-medium text-slate-800 dark:bg-slate-800 dark:text-slate-100">{m.role}</span>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      <div className="mt-2">
        <Status message={status?.message ?? null} tone={status?.tone} />
      </div>

      {invitations.length > 0 ? (
        <div className="mt-4">
          <h3 className="text-sm font-semibold">Pending invitations</h3>
          <ul className="mt-2 divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
            {invitations.map((inv) => (
              <li key={inv.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm">
                <span className="min-w-0 truncate">
                  {inv.email} · {inv.role ?? "viewer"} · expires {new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone }).format(new Date(inv.expiresAt))}
                </span>
                {canManage ? (
                  <span className="flex gap-2">
                    <CopyButton text={() => `${window.location.origin}/invite/${encodeURIComponent(inv.id)}`} label={`invitation link for ${inv.email}`} />
                    <button type="button" className={secondaryButtonClass} disabled={busy !== null} onClick={() => run(`cancel-${inv.id}`, "cancel-invitation", { invitationId: inv.id }, `The invitation for ${inv.email} was cancelled.`)}>
                      Cancel<span className="sr-only"> invitation for {inv.email}</span>
                    </button>
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {canManage ? (
        <form onSubmit={invite} noValidate className="mt-6" aria-busy={busy === "invite"}>
          <h3 className="text-sm font-semibold">Invite someone</h3>
          <div className="mt-2 flex flex-wrap items-end gap-3">
            <div className="min-w-0 grow basis-56">
              <label htmlFor={`${id}-email`} className={labelClass}>
                Email
              </label>
              <input id={`${id}-email`} type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={inviteError ? true : undefined} aria-describedby={inviteError ? `${id}-email-error` : undefined} className={`mt-1 ${controlClass}`} />
            </div>
            <div>
              <label htmlFor={`${id}-invite-role`} className={labelClass}>
                Role
              </label>
              <select id={`${id}-invite-role`} value={role} onChange={(e) => setRole(e.target.value as Role)} aria-describedby={`${id}-role-hint`} className={`mt-1 ${controlClass} w-auto`}>
                {assignable.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className={buttonClass} disabled={busy !== null}>
              {busy === "invite" ? "Inviting…" : "Invite"}
            </button>
          </div>
          <p id={`${id}-role-hint`} className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            {role}: {ROLE_HELP[role]}.
          </p>
          {inviteError ? (
            <p id={`${id}-email-error`} role="alert" className={errorClass}>
              {inviteError}
            </p>
          ) : null}
          <div aria-live="polite">
            {link ? (
              <div className="mt-3 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-50">
                <p>
                  Invitation sent to <strong>{link.email}</strong>. You can also pass on this link; only that address can accept it:
                </p>
                <div className="mt-2 flex flex-wrap items-center gap-2">
                  <code className="min-w-0 break-all rounded bg-white px-2 py-1 dark:bg-slate-900">{link.url}</code>
                  <CopyButton text={link.url} label="invitation link" />
                </div>
              </div>
            ) : null}
          </div>
        </form>
      ) : null}
    </div>
  );
}
