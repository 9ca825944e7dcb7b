"use client";
// The accounts list (SWR on /api/accounts, revalidated by the live event stream when tasks change
// an account's state), the connect form, and per-account reconnect, simulation settings and
// disconnect. Secrets typed into forms are sent once and cleared; the API never returns them.
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import useSWR from "swr";
import type { z } from "zod";
import type { listAccounts } from "@/lib/accounts";
import type { Role } from "@/lib/auth/roles";
import type { SimulationSchema } from "@/lib/validation/simulation";
import { useLiveEvents } from "../_live/use-live-events";
import type { Serialized } from "../_live/serialized";
import { api, buttonClass, controlClass, DangerConfirm, dangerButtonClass, errorClass, hintClass, labelClass, secondaryButtonClass, Status } from "../settings/ui";
import type { CredentialField, PlatformOption } from "./credential-fields";
import { AccountPicker, type PickerData } from "./account-picker";
import { clock } from "@/lib/clock";

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2, owner: 3 };

/** An account of /api/accounts, as JSON; its `simulation` column as the schema stores it (older rows may lack knobs). */
export type AccountRow = Omit<Serialized<Awaited<ReturnType<typeof listAccounts>>[number]>, "simulation"> & {
  simulation: Partial<z.infer<typeof SimulationSchema>> | null;
};

const fetcher = async (url: string) => {
  const res = await fetch(url);
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.error?.message ?? `Could not load accounts (${res.status}).`);
  return body.accounts as AccountRow[];
};

function formatIn(iso: string, timeZone: string) {
  return new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone, timeZoneName: "short" }).format(new Date(iso));
}

const badge = {
  green: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  violet: "bg-violet-100 text-violet-900 dark:bg-violet-900 dark:text-violet-100",
  red: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
  amber: "bg-amber-100 text-amber-950 dark:bg-amber-900 dark:text-amber-50",
  slate: "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-100",
};

function Badge({ tone, children }: { tone: keyof typeof badge; children: React.ReactNode }) {
  return <span className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-sm font-medium ${badge[tone]}`}>{children}</span>;
}

function StatusBadges({ a, timeZone, now }: { a: AccountRow; timeZone: string; now: number }) {
  const limited = a.rateLimitedUntil && new Date(a.rateLimitedUntil).getTime() > now;
  return (
    <span className="flex flex-wrap gap-1.5">
      {a.status === "needs_reconnect" ? <Badge tone="red">Needs reconnect</Badge> : a.status === "disabled" ? <Badge tone="slate">Disabled</Badge> : a.simulated ? null : <Badge tone="green">Active</Badge>}
      {a.simulated ? <Badge tone="violet">Simulated</Badge> : null}
      {limited ? <Badge tone="amber">Rate-limited until {formatIn(a.rateLimitedUntil!, timeZone)}</Badge> : null}
    </span>
  );
}

/** A field's hint and error, as `${id}-hint` and `${id}-error` for its aria-describedby. */
function FieldNotes({ id, hint, error }: { id: string; hint?: string; error?: string | null }) {
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className={hintClass}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className={errorClass}>
          {error}
        </p>
      ) : null}
    </>
  );
}

/** Inputs for a platform's credentials; values live only in this form until it is submitted. */
function CredentialInputs({ fields, errors, idPrefix }: { fields: CredentialField[]; errors: Record<string, string>; idPrefix: string }) {
  return (
    <>
      {fields.map((f) => {
        const id = `${idPrefix}-${f.name}`;
        const error = errors[`credentials.${f.name}`];
        const describedBy = [f.hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
        return (
          <div key={f.name}>
            <label htmlFor={id} className={labelClass}>
              {f.label} {f.required ? null : <span className="font-normal text-slate-600 dark:text-slate-400">(optional)</span>}
            </label>
            <input
              id={id}
              name={`credentials.${f.name}`}
              type={f.secret ? "password" : f.type}
              required={f.required}
              placeholder={f.placeholder}
              autoComplete={f.secret ? "new-password" : "off"}
              autoCapitalize="none"
              spellCheck={false}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy}
              className={`mt-1 ${controlClass}`}
            />
            <FieldNotes id={id} hint={f.hint} error={error} />
          </div>
        );
      })}
    </>
  );
}

/** Non-empty credentials.* values of a form; empty optional fields are left out. */
function readCredentials(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new FormData(form)) {
    if (k.startsWith("credentials.") && typeof v === "string" && v.trim() !== "") out[k.slice("credentials.".length)] = v.trim();
  }
  return out;
}

function ConnectForm({ options, onDone }: { options: PlatformOption[]; onDone: (message: string) => void }) {
  const id = useId();
  const [platform, setPlatform] = useState(options[0]?.platform ?? "bluesky");
  const option = options.find((o) => o.platform === platform) ?? options[0];
  const [mode, setMode] = useState<"credentials" | "simulated">(option?.fields ? "credentials" : "simulated");
  const effectiveMode = option?.fields ? mode : "simulated";
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const handle = String(data.get("handle") ?? "").trim();
    const displayName = String(data.get("displayName") ?? "").trim();
    if (!handle) return setErrors({ handle: "Enter the account's handle, e.g. @cornerbakery." });
    setPending(true);
    setMessage(null);
    const body = {
      platform,
      handle,
      ...(displayName && { displayName }),
      ...(effectiveMode === "credentials" && { credentials: readCredentials(form) }),
    };
    const r = await api<{ account?: AccountRow }>("POST", "/api/accounts", body);
    setPending(false);
    setErrors(r.fields);
    if (!r.ok) return setMessage(Object.keys(r.fields).length ? `${r.message} Check the fields marked below.` : r.message);
    form.reset(); // secrets leave the page with the request
    onDone(`${option.label} account ${handle} connected${effectiveMode === "simulated" ? " in simulation mode" : ""}.`);
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending} className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor={`${id}-platform`} className={labelClass}>
            Platform
          </label>
          <select
            id={`${id}-platform`}
            value={platform}
            onChange={(e) => {
              setPlatform(e.target.value as typeof platform);
              setErrors({});
              setMessage(null);
            }}
            className={`mt-1 ${controlClass}`}
          >
            {options.map((o) => (
              <option key={o.platform} value={o.platform}>
                {o.label}
                {o.fields ? "" : " (simulated only)"}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-handle`} className={labelClass}>
            Handle
          </label>
          <input id={`${id}-handle`} name="handle" required maxLength={200} placeholder="@cornerbakery" autoCapitalize="none" spellCheck={false} aria-invalid={errors.handle ? true : undefined} aria-describedby={errors.handle ? `${id}-handle-error` : undefined} className={`mt-1 ${controlClass}`} />
          {errors.handle ? (
            <p id={`${id}-handle-error`} className={errorClass}>
              {errors.handle}
            </p>
          ) : null}
        </div>
        <div className="sm:col-span-2">
          <label htmlFor={`${id}-display`} className={labelClass}>
            Display name <span className="font-normal text-slate-600 dark:text-slate-400">(optional)</span>
          </label>
          <input id={`${id}-display`} name="displayName" maxLength={200} className={`mt-1 ${controlClass}`} />
        </div>
      </div>

      {option?.fields ? (
        <fieldset>
          <legend className={labelClass}>How should Herald post?</legend>
          <div className="mt-2 flex flex-wrap gap-4">
            <label className="flex items-center gap-2 text-sm">
              <input type="radio" name="mode" value="credentials" checked={mode === "credentials"} onChange={() => setMode("credentials")} className="h-4 w-4 accent-blue-700" />
              For real, with {option.label} credentials
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input type="radio" name="mode" value="simulated" checked={mode === "simulated"} onChange={() => setMode("simulated")} className="h-4 w-4 accent-blue-700" />
              Simulated (nothing is posted)
            </label>
          </div>
        </fieldset>
      ) : (
        <p className="rounded-md border border-violet-300 bg-violet-50 px-3 py-2 text-sm text-violet-950 dark:border-violet-800 dark:bg-violet-950 dark:text-violet-50">
          <strong>Simulated only.</strong> Herald cannot publish to {option?.label} yet, so this account runs in simulation mode: posts go through the whole schedule but nothing is sent to {option?.label}.
        </p>
      )}

      {effectiveMode === "credentials" && option?.fields ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <CredentialInputs key={platform} fields={option.fields} errors={errors} idPrefix={`${id}-cred`} />
        </div>
      ) : null}
      {errors.credentials ? <p className={errorClass}>{errors.credentials}</p> : null}

      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Connecting…" : effectiveMode === "simulated" ? "Add simulated account" : "Connect account"}
        </button>
        <Status message={message} tone="error" />
      </div>
    </form>
  );
}

/** A "Connect with …" button the server can offer: the network's app keys are configured. */
export interface OAuthButton {
  platform: string;
  label: string;
}

/** The one field a sign-in needs before the browser leaves (Mastodon's server, Bluesky's handle). */
interface FirstField {
  platform: "mastodon" | "bluesky";
  label: string;
  name: "instanceUrl" | "handle";
  fieldLabel: string;
  placeholder: string;
  hint: string;
  empty: string;
  autoComplete: string;
  inputMode?: "url";
}

const FIRST_FIELDS: FirstField[] = [
  {
    platform: "mastodon",
    label: "Mastodon",
    name: "instanceUrl",
    fieldLabel: "Your Mastodon server",
    placeholder: "mastodon.social",
    hint: "The address of the server your account lives on, e.g. mastodon.social or fosstodon.org.",
    empty: "Enter your Mastodon server's address, e.g. mastodon.social.",
    autoComplete: "url",
    inputMode: "url",
  },
  {
    platform: "bluesky",
    label: "Bluesky",
    name: "handle",
    fieldLabel: "Your Bluesky handle",
    placeholder: "bakery.bsky.social",
    hint: "You approve Herald on your Bluesky server; no app password needed.",
    empty: "Enter your Bluesky handle, e.g. bakery.bsky.social.",
    autoComplete: "username",
  },
];

function FirstFieldForm({ f, pending, error, inputRef, onStart, onEmpty }: {
  f: FirstField;
  pending: string | null;
  error: string | null;
  inputRef: React.RefObject<HTMLInputElement | null>;
  onStart: (value: string) => void;
  onEmpty: (message: string) => void;
}) {
  const id = useId();
  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const value = String(new FormData(e.currentTarget).get(f.name) ?? "").trim();
    if (!value) {
      onEmpty(f.empty);
      inputRef.current?.focus();
      return;
    }
    onStart(value);
  }
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending === f.platform} aria-label={`Connect with ${f.label}`} className="flex flex-wrap items-start gap-3">
      <div className="min-w-64 flex-1">
        <label htmlFor={`${id}-field`} className={labelClass}>
          {f.fieldLabel}
        </label>
        <input
          ref={inputRef}
          id={`${id}-field`}
          name={f.name}
          type="text"
          inputMode={f.inputMode}
          required
          maxLength={300}
          placeholder={f.placeholder}
          autoCapitalize="none"
          autoComplete={f.autoComplete}
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={[`${id}-field-hint`, error ? `${id}-field-error` : null].filter(Boolean).join(" ")}
          className={`mt-1 ${controlClass}`}
        />
        <FieldNotes id={`${id}-field`} hint={f.hint} error={error} />
      </div>
      <button type="submit" className={`${buttonClass} sm:mt-6`} disabled={pending !== null}>
        {pending === f.platform ? `Opening ${f.label}…` : `Connect with ${f.label}`}
      </button>
    </form>
  );
}

/**
 * "Connect with …": the platform's own sign-in (OAuth); the browser leaves for the platform and
 * comes back. Mastodon needs the person's server first, Bluesky the handle (when this deployment
 * has an atproto OAuth client); every other network whose app keys this deployment has gets a
 * button (`buttons`, from lib/social/oauth.ts).
 */
function OAuthConnect({ buttons: all }: { buttons: OAuthButton[] }) {
  const refs = { mastodon: useRef<HTMLInputElement>(null), bluesky: useRef<HTMLInputElement>(null) };
  const [pending, setPending] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  // The error under Mastodon's or Bluesky's field, from the check here or from the server.
  const [fieldError, setFieldError] = useState<{ platform: FirstField["platform"]; message: string } | null>(null);
  const forms = FIRST_FIELDS.filter((f) => f.platform === "mastodon" || all.some((b) => b.platform === f.platform));
  const buttons = all.filter((b) => b.platform !== "bluesky");

  async function begin(platform: string, body: Record<string, string>) {
    setPending(platform);
    setMessage(null);
    setFieldError(null);
    const r = await api<{ url?: string }>("POST", `/api/accounts/oauth/${platform}/start`, body);
    if (!r.ok || !r.body.url) {
      setPending(null);
      const field = FIRST_FIELDS.find((f) => f.platform === platform && r.fields[f.name]);
      if (field) {
        setFieldError({ platform: field.platform, message: r.fields[field.name] });
        refs[field.platform].current?.focus();
      } else setMessage(r.message || "Could not start connecting. Try again.");
      return;
    }
    window.location.assign(r.body.url); // the platform's sign-in page; it sends the browser back here
  }

  return (
    <div className="space-y-4 border-b border-slate-200 pb-6 dark:border-slate-800">
      <p className="text-sm text-slate-700 dark:text-slate-300">
        Sign in on the platform itself: you approve Herald there and come back here. Herald never sees your password. Connecting an account that is already listed reconnects it.
      </p>
      {forms.map((f) => (
        <FirstFieldForm
          key={f.platform}
          f={f}
          pending={pending}
          error={fieldError?.platform === f.platform ? fieldError.message : null}
          inputRef={refs[f.platform]}
          onStart={(value) => void begin(f.platform, { [f.name]: value })}
          onEmpty={(message) => setFieldError({ platform: f.platform, message })}
        />
      ))}
      {buttons.length ? (
        <div className="flex flex-wrap gap-3">
          {buttons.map((b) => (
            <button key={b.platform} type="button" className={buttonClass} disabled={pending !== null} onClick={() => void begin(b.platform, {})}>
              {pending === b.platform ? `Opening ${b.label}…` : `Connect with ${b.label}`}
            </button>
          ))}
        </div>
      ) : null}
      {buttons.some((b) => b.platform === "facebook") ? (
        <p className={hintClass}>Connect with Facebook lists the Pages you manage and the Instagram professional accounts linked to them; you choose which to connect.</p>
      ) : null}
      <Status message={message} tone="error" />
      <p className="text-sm text-slate-700 dark:text-slate-300">Or connect with credentials, or add a simulated account:</p>
    </div>
  );
}

/** The outcome of an OAuth round trip, from the callback's redirect: focused so it is read out first. */
function OAuthNotice({ notice, onDismiss }: { notice: { tone: "success" | "error"; message: string }; onDismiss: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
    // Drop ?connected / ?oauth_error so reloading does not show the message again.
    window.history.replaceState(null, "", window.location.pathname);
  }, []);
  const tone =
    notice.tone === "error"
      ? "border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-50"
      : "border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-50";
  return (
    <div ref={ref} tabIndex={-1} role={notice.tone === "error" ? "alert" : "status"} className={`flex flex-wrap items-center justify-between gap-3 rounded-md border px-3 py-2 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 ${tone}`}>
      <p className="font-medium">{notice.message}</p>
      <button type="button" className="underline underline-offset-2" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

function ReconnectForm({ account, fields, onDone, onCancel }: { account: AccountRow; fields: CredentialField[]; onDone: (m: string) => void; onCancel: () => void }) {
  const id = useId();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    setPending(true);
    const r = await api<{ requeuedTasks?: number }>("PATCH", `/api/accounts/${encodeURIComponent(account.id)}`, { credentials: readCredentials(form) });
    setPending(false);
    setErrors(r.fields);
    if (!r.ok) return setMessage(Object.keys(r.fields).length ? `${r.message} Check the fields marked below.` : r.message);
    form.reset();
    const n = r.body.requeuedTasks ?? 0;
    onDone(`${account.handle} reconnected.${n ? ` ${n} post${n === 1 ? "" : "s"} that failed on sign-in will be retried now.` : ""}`);
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending} aria-label={`Reconnect ${account.handle}`} className="mt-3 space-y-4 rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <p className="text-sm text-slate-700 dark:text-slate-300">Enter fresh {account.platformLabel} credentials. The current ones are never shown; they are replaced when you save.</p>
      <div className="grid gap-4 sm:grid-cols-2">
        <CredentialInputs fields={fields} errors={errors} idPrefix={`${id}-cred`} />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Saving…" : account.simulated ? "Connect for real" : "Reconnect"}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onCancel}>
          Cancel
        </button>
        <Status message={message} tone="error" />
      </div>
    </form>
  );
}

const FAILURE_CLASSES = [
  ["transient", "Temporary error (retried)"],
  ["rate_limited", "Rate limit"],
  ["auth", "Needs reconnect"],
  ["permanent", "Rejected post"],
  ["in_doubt", "Unknown outcome"],
] as const;

function SimulationForm({ account, onDone, onCancel }: { account: AccountRow; onDone: (m: string) => void; onCancel: () => void }) {
  const id = useId();
  const sim = account.simulation ?? {};
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    setPending(true);
    const r = await api("PATCH", `/api/accounts/${encodeURIComponent(account.id)}`, {
      simulation: {
        failRate: Number(d.get("failRate")) / 100,
        failureClass: String(d.get("failureClass")),
        latencyMs: Number(d.get("latencyMs")),
      },
    });
    setPending(false);
    setErrors(r.fields);
    if (!r.ok) return setMessage(r.message);
    onDone(`Simulation settings of ${account.handle} saved.`);
  }

  const err = (k: string) => errors[`simulation.${k}`];
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending} aria-label={`Simulation settings of ${account.handle}`} className="mt-3 space-y-4 rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <p className="text-sm text-slate-700 dark:text-slate-300">Try out failures safely: simulated posts can fail on purpose so you can see how Herald retries and reports them.</p>
      <div className="grid gap-4 sm:grid-cols-3">
        <div>
          <label htmlFor={`${id}-rate`} className={labelClass}>
            Failure rate (%)
          </label>
          <input id={`${id}-rate`} name="failRate" type="number" min={0} max={100} step={1} defaultValue={Math.round((sim.failRate ?? 0) * 100)} aria-invalid={err("failRate") ? true : undefined} className={`mt-1 ${controlClass}`} />
          {err("failRate") ? <p className={errorClass}>{err("failRate")}</p> : null}
        </div>
        <div>
          <label htmlFor={`${id}-class`} className={labelClass}>
            Kind of failure
          </label>
          <select id={`${id}-class`} name="failureClass" defaultValue={sim.failureClass ?? "transient"} className={`mt-1 ${controlClass}`}>
            {FAILURE_CLASSES.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-latency`} className={labelClass}>
            Delay (ms)
          </label>
          <input id={`${id}-latency`} name="latencyMs" type="number" min={0} max={120000} step={100} defaultValue={sim.latencyMs ?? 0} aria-invalid={err("latencyMs") ? true : undefined} className={`mt-1 ${controlClass}`} />
          {err("latencyMs") ? <p className={errorClass}>{err("latencyMs")}</p> : null}
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Saving…" : "Save simulation"}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onCancel}>
          Cancel
        </button>
        <Status message={message} tone="error" />
      </div>
    </form>
  );
}

function DisconnectConfirm({ account, pending, onDone, onCancel }: { account: AccountRow; pending: number; onDone: (m: string) => void; onCancel: () => void }) {
  async function disconnect() {
    const r = await api<{ cancelledTasks?: number }>("DELETE", `/api/accounts/${encodeURIComponent(account.id)}`);
    if (!r.ok) return r.message;
    const n = r.body.cancelledTasks ?? 0;
    onDone(`${account.handle} disconnected.${n ? ` ${n} pending post${n === 1 ? " was" : "s were"} cancelled.` : ""}`);
    return null;
  }
  return (
    <DangerConfirm title={`Disconnect ${account.platformLabel} ${account.handle}?`} action="Disconnect" busyLabel="Disconnecting…" keepLabel="Keep it" onConfirm={disconnect} onCancel={onCancel}>
      {pending === 0
        ? "No pending posts go to this account."
        : `${pending} pending post${pending === 1 ? "" : "s"} to this account will be cancelled.`}{" "}
      Published posts stay on {account.platformLabel}; Herald forgets the credentials.
    </DangerConfirm>
  );
}

export function AccountsView({
  initial,
  options,
  pendingCounts,
  timeZone,
  role,
  renderedAt,
  oauth,
  notice: initialNotice = null,
  picker: initialPicker = null,
}: {
  /** Accounts to choose from after a sign-in that offered several (?pick=<key>), names only. */
  picker?: PickerData | null;
  renderedAt: number;
  /** The "Connect with …" buttons the server can offer besides Mastodon's form. */
  oauth: OAuthButton[];
  /** The outcome of an OAuth callback (?connected / ?oauth_error), already worded by the server. */
  notice?: { tone: "success" | "error"; message: string } | null;
  initial: AccountRow[];
  options: PlatformOption[];
  pendingCounts: Record<string, number>;
  timeZone: string;
  role: Role;
}) {
  const router = useRouter();
  const { data: accounts = initial, error, mutate, isValidating } = useSWR("/api/accounts", fetcher, { fallbackData: initial });
  useLiveEvents({ revalidate: (key) => key === "/api/accounts" });
  const [open, setOpen] = useState<{ id: string; panel: "reconnect" | "simulation" | "disconnect" } | null>(null);
  const [connectOpen, setConnectOpen] = useState(initial.length === 0 || initialNotice?.tone === "error");
  const [announce, setAnnounce] = useState<string | null>(null);
  const [notice, setNotice] = useState(initialNotice);
  const [picker, setPicker] = useState(initialPicker);
  const canConnect = RANK[role] >= RANK.admin;
  const canConfigure = RANK[role] >= RANK.editor;
  // The clock rate-limit badges compare with: the server's at first (no hydration mismatch), then ticking.
  const [now, setNow] = useState(renderedAt);
  useEffect(() => {
    const t = setInterval(() => setNow(clock.ms()), 30_000);
    return () => clearInterval(t);
  }, []);
  const fieldsOf = (platform: string) => options.find((o) => o.platform === platform)?.fields ?? null;

  function done(message: string) {
    setAnnounce(message);
    setOpen(null);
    void mutate();
    router.refresh(); // pending counts come from the server
  }

  return (
    <div className="space-y-6">
      {notice ? <OAuthNotice key={notice.message} notice={notice} onDismiss={() => setNotice(null)} /> : null}
      {picker ? (
        <AccountPicker
          picker={picker}
          onCancel={() => {
            setPicker(null);
            window.history.replaceState(null, "", window.location.pathname);
          }}
          onDone={(message) => {
            setPicker(null);
            setNotice({ tone: "success", message });
            void mutate();
            router.replace("/dashboard/accounts", { scroll: false }); // ?pick is spent; pending counts come from the server
          }}
        />
      ) : null}
      <Status message={announce} />
      {error ? (
        <p role="alert" className={errorClass}>
          {error.message} <button type="button" className="underline" onClick={() => mutate()}>Try again</button>
        </p>
      ) : null}

      <section aria-labelledby="accounts-list" aria-busy={isValidating}>
        <h2 id="accounts-list" className="text-lg font-semibold">
          Connected accounts <span className="text-base font-normal text-slate-600 dark:text-slate-400">({accounts.length})</span>
        </h2>
        {accounts.length === 0 ? (
          <p className="mt-3 rounded-lg border border-dashed border-slate-300 p-6 text-center text-slate-700 dark:border-slate-700 dark:text-slate-300">
            No accounts yet. {canConnect ? "Connect one below; a simulated account lets you try everything without keys." : "Ask an admin to connect one."}
          </p>
        ) : (
          <ul className="mt-3 space-y-3">
            {accounts.map((a) => {
              const fields = fieldsOf(a.platform);
              const panel = open?.id === a.id ? open.panel : null;
              const toggle = (p: "reconnect" | "simulation" | "disconnect") => setOpen(panel === p ? null : { id: a.id, panel: p });
              return (
                <li key={a.id} className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
                  <div className="flex flex-wrap items-start justify-between gap-3">
                    <div className="min-w-0">
                      <p className="text-sm font-medium text-slate-600 dark:text-slate-400">{a.platformLabel}</p>
                      <p className="truncate text-base font-semibold">
                        {a.displayName ? `${a.displayName} ` : ""}
                        <span className="font-normal text-slate-700 dark:text-slate-300">{a.handle}</span>
                      </p>
                      <div className="mt-1.5">
                        <StatusBadges a={a} timeZone={timeZone} now={now} />
                      </div>
                      {a.status === "needs_reconnect" ? (
                        <p className="mt-1.5 text-sm text-red-800 dark:text-red-300">{a.platformLabel} refused the stored credentials. {canConnect ? "Reconnect to resume posting; failed posts are retried then." : "An admin or owner must reconnect it to resume posting; failed posts are retried then."}</p>
                      ) : null}
                      {(pendingCounts[a.id] ?? 0) > 0 ? (
                        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{pendingCounts[a.id]} pending post{pendingCounts[a.id] === 1 ? "" : "s"}</p>
                      ) : null}
                    </div>
                    <div className="flex flex-wrap gap-2">
                      {canConnect && fields ? (
                        <button type="button" aria-expanded={panel === "reconnect"} className={secondaryButtonClass} onClick={() => toggle("reconnect")}>
                          {a.simulated ? "Connect for real" : "Reconnect"}
                          <span className="sr-only"> {a.handle}</span>
                        </button>
                      ) : null}
                      {canConfigure && a.simulated ? (
                        <button type="button" aria-expanded={panel === "simulation"} className={secondaryButtonClass} onClick={() => toggle("simulation")}>
                          Simulation<span className="sr-only"> settings of {a.handle}</span>
                        </button>
                      ) : null}
                      {canConnect ? (
                        <button type="button" aria-expanded={panel === "disconnect"} className={dangerButtonClass} onClick={() => toggle("disconnect")}>
                          Disconnect<span className="sr-only"> {a.handle}</span>
                        </button>
                      ) : null}
                    </div>
                  </div>
                  {panel === "reconnect" && fields ? <ReconnectForm account={a} fields={fields} onDone={done} onCancel={() => setOpen(null)} /> : null}
                  {panel === "simulation" ? <SimulationForm account={a} onDone={done} onCancel={() => setOpen(null)} /> : null}
                  {panel === "disconnect" ? <DisconnectConfirm account={a} pending={pendingCounts[a.id] ?? 0} onDone={done} onCancel={() => setOpen(null)} /> : null}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      {canConnect ? (
        <section aria-labelledby="connect" className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6 dark:border-slate-800 dark:bg-slate-900">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="connect" className="text-lg font-semibold">
              Connect an account
            </h2>
            <button type="button" aria-expanded={connectOpen} aria-controls="connect-form" className={secondaryButtonClass} onClick={() => setConnectOpen((o) => !o)}>
              {connectOpen ? "Hide" : "Show form"}
            </button>
          </div>
          <div id="connect-form" hidden={!connectOpen} className="mt-4">
            <OAuthConnect buttons={oauth} />
            <div className="mt-6">
              <ConnectForm options={options} onDone={done} />
            </div>
          </div>
        </section>
      ) : (
        <p className="text-sm text-slate-700 dark:text-slate-300">Only admins and owners can connect and disconnect accounts{canConfigure ? "; as an editor you can rename them and change simulation settings" : ""}.</p>
      )}
    </div>
  );
}
