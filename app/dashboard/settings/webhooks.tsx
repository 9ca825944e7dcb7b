"use client";
// Outgoing webhooks (docs/decisions.md, "Webhooks"): add an endpoint (address + events; its signing
// secret is shown once), switch it on or off, delete it, send a test event and see the result right
// there, and read its recent deliveries. Only admins and owners see this section.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import type { listDeliveries, listWebhookEndpoints } from "@/lib/webhooks";
import type { Serialized } from "../_live/serialized";
import { CopyButton } from "./members";
import { api, buttonClass, controlClass, DangerConfirm, errorClass, hintClass, labelClass, secondaryButtonClass, Status } from "./ui";

export type WebhookEndpointRow = Serialized<Awaited<ReturnType<typeof listWebhookEndpoints>>[number]>;
type DeliveryRow = Serialized<Awaited<ReturnType<typeof listDeliveries>>["deliveries"][number]>;

/** The events, with words; the same list as lib/webhooks.ts (the page passes it). */
export interface EventChoice {
  type: string;
  label: string;
}

function when(iso: string | null, timeZone: string) {
  return iso ? new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso)) : "never";
}

const STATUS_STYLE: Record<string, string> = {
  delivered: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  pending: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  failed: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
};
const STATUS_WORD: Record<string, string> = { delivered: "Delivered", pending: "Retrying", failed: "Failed" };

function DeliveryBadge({ d }: { d: { status: string } }) {
  return <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${STATUS_STYLE[d.status] ?? ""}`}>{STATUS_WORD[d.status] ?? d.status}</span>;
}

/** One line of the log: event, status, HTTP status, duration, attempts, error. */
function deliverySummary(d: DeliveryRow): string {
  const parts = [d.responseStatus ? `HTTP ${d.responseStatus}` : null, d.durationMs !== null ? `${d.durationMs} ms` : null, `${d.attempts} attempt${d.attempts === 1 ? "" : "s"}`];
  return parts.filter(Boolean).join(" · ");
}

export function Webhooks({ endpoints, events, timeZone }: { endpoints: WebhookEndpointRow[]; events: EventChoice[]; timeZone: string }) {
  const router = useRouter();
  const id = useId();
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function add(e: React.FormEvent) {
    e.preventDefault();
    setCreated(null);
    setBusy(true);
    const r = await api<{ secret?: string; endpoint?: { url: string } }>("POST", "/api/webhook-endpoints", { url, description: description || undefined, events: chosen });
    setBusy(false);
    if (!r.ok || !r.body.secret) {
      const fields: Record<string, string> = {};
      for (const [path, message] of Object.entries(r.fields)) fields[path.split(".")[0]] = message;
      setErrors(fields);
      setFormError(Object.keys(fields).length ? null : r.message);
      return;
    }
    setErrors({});
    setFormError(null);
    setCreated({ url: r.body.endpoint?.url ?? url, secret: r.body.secret });
    setUrl("");
    setDescription("");
    setChosen([]);
    router.refresh();
  }

  const toggle = (t: string) => setChosen((c) => (c.includes(t) ? c.filter((x) => x !== t) : [...c, t]));

  return (
    <div>
      <form onSubmit={add} noValidate aria-busy={busy} aria-label="Add a webhook endpoint">
        <div>
          <label htmlFor={`${id}-url`} className={labelClass}>
            Endpoint URL
          </label>
          <input
            id={`${id}-url`}
            type="url"
            inputMode="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://example.com/hooks/herald"
            aria-invalid={errors.url ? true : undefined}
            aria-describedby={errors.url ? `${id}-url-error` : undefined}
            className={`mt-1 ${controlClass}`}
          />
          {errors.url ? (
            <p id={`${id}-url-error`} role="alert" className={errorClass}>
              {errors.url}
            </p>
          ) : null}
        </div>
        <div className="mt-3">
          <label htmlFor={`${id}-desc`} className={labelClass}>
            Description <span className="font-normal text-slate-600 dark:text-slate-400">(optional)</span>
          </label>
          <input id={`${id}-desc`} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={200} placeholder="Zapier, our CRM" className={`mt-1 ${controlClass}`} />
        </div>
        <fieldset className="mt-3" aria-describedby={errors.events ? `${id}-events-error` : undefined}>
          <legend className={labelClass}>Events</legend>
          <div className="mt-1 grid gap-1 sm:grid-cols-2">
            {events.map((ev) => (
              <label key={ev.type} className="flex min-h-9 items-start gap-2 text-sm">
                <input type="checkbox" className="mt-1 size-4" checked={chosen.includes(ev.type)} onChange={() => toggle(ev.type)} />
                <span>
                  {ev.label} <code className="text-xs text-slate-600 dark:text-slate-400">{ev.type}</code>
                </span>
              </label>
            ))}
          </div>
          {errors.events ? (
            <p id={`${id}-events-error`} role="alert" className={errorClass}>
              {errors.events}
            </p>
          ) : null}
        </fieldset>
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <button type="submit" className={buttonClass} disabled={busy}>
            {busy ? "Adding…" : "Add endpoint"}
          </button>
          <Status message={formError} tone="error" />
        </div>
      </form>

      <div aria-live="polite">
        {created ? (
          <div className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-50">
            <p>
              <strong>Copy the signing secret now.</strong> It is shown only this once. Your endpoint checks each request&apos;s
              <code className="mx-1">webhook-signature</code> with it (Standard Webhooks).
            </p>
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <code data-testid="webhook-secret" className="min-w-0 break-all rounded bg-white px-2 py-1 font-mono dark:bg-slate-900">
                {created.secret}
              </code>
              <CopyButton text={created.secret} label="signing secret" />
              <button type="button" className="text-sm underline underline-offset-2 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600" onClick={() => setCreated(null)}>
                I have copied it
              </button>
            </div>
          </div>
        ) : null}
      </div>

      {endpoints.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">
          No webhook endpoints yet. Add one to let another tool (Zapier, n8n, your own server) hear when a post is published, fails or waits for approval.
        </p>
      ) : (
        <ul className="mt-4 space-y-3" aria-label="Webhook endpoints">
          {endpoints.map((e) => (
            <EndpointItem key={e.id} endpoint={e} events={events} timeZone={timeZone} />
          ))}
        </ul>
      )}
    </div>
  );
}

function EndpointItem({ endpoint: e, events, timeZone }: { endpoint: WebhookEndpointRow; events: EventChoice[]; timeZone: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState<{ message: string; tone: "success" | "error" } | null>(null);
  const [test, setTest] = useState<DeliveryRow | null>(null);
  const [log, setLog] = useState<DeliveryRow[] | null>(null);
  const [logError, setLogError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const label = (t: string) => events.find((x) => x.type === t)?.label ?? t;

  async function loadLog() {
    const r = await api<{ deliveries?: DeliveryRow[] }>("GET", `/api/webhook-endpoints/${encodeURIComponent(e.id)}/deliveries?limit=10`);
    if (r.ok && r.body.deliveries) {
      setLog(r.body.deliveries);
      setLogError(null);
    } else setLogError(r.message);
  }

  async function sendTest() {
    setBusy("test");
    setTest(null);
    setStatus(null);
    const r = await api<{ delivery?: DeliveryRow }>("POST", `/api/webhook-endpoints/${encodeURIComponent(e.id)}/test`);
    setBusy(null);
    if (!r.ok || !r.body.delivery) return setStatus({ message: r.message, tone: "error" });
    setTest(r.body.delivery);
    if (log) await loadLog();
    if (r.body.delivery.status !== "delivered") router.refresh();
  }

  async function setEnabled(enabled: boolean) {
    setBusy("enable");
    const r = await api("PATCH", `/api/webhook-endpoints/${encodeURIComponent(e.id)}`, { enabled });
    setBusy(null);
    setStatus(r.ok ? { message: enabled ? "Switched on." : "Switched off.", tone: "success" } : { message: r.message, tone: "error" });
    if (r.ok) router.refresh();
  }

  async function remove(): Promise<string | null> {
    const r = await api("DELETE", `/api/webhook-endpoints/${encodeURIComponent(e.id)}`);
    if (!r.ok) return r.message;
    setConfirming(false);
    router.refresh();
    return null;
  }

  return (
    <li className="rounded-md border border-slate-200 p-3 dark:border-slate-800" aria-label={`Endpoint ${e.url}`}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="break-all font-mono text-sm font-medium">{e.url}</p>
          {e.description ? <p className="text-sm text-slate-700 dark:text-slate-300">{e.description}</p> : null}
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{e.events.map(label).join(" · ")}</p>
          <p className="text-sm text-slate-600 dark:text-slate-400">Added {when(e.createdAt, timeZone)}</p>
        </div>
        <span
          className={`rounded-full px-2.5 py-0.5 text-sm font-medium ${e.enabled ? "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200" : "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300"}`}
        >
          {e.enabled ? "On" : "Off"}
        </span>
      </div>
      {e.disabledReason === "gone" ? (
        <p className="mt-2 text-sm text-amber-900 dark:text-amber-200">Herald switched this endpoint off because it answered 410 Gone. Switch it on again once it accepts events.</p>
      ) : null}
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <button type="button" className={secondaryButtonClass} disabled={busy !== null} onClick={() => void sendTest()}>
          {busy === "test" ? "Sending…" : "Send test"}
          <span className="sr-only"> to {e.url}</span>
        </button>
        <button type="button" className={secondaryButtonClass} disabled={busy !== null} onClick={() => void setEnabled(!e.enabled)}>
          {e.enabled ? "Switch off" : "Switch on"}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={() => (log ? setLog(null) : void loadLog())} aria-expanded={log !== null}>
          {log ? "Hide deliveries" : "Recent deliveries"}
        </button>
        <button type="button" className={secondaryButtonClass} disabled={busy !== null} onClick={() => setConfirming(true)}>
          Delete
        </button>
      </div>
      <div aria-live="polite">
        {test ? (
          <p data-testid="webhook-test-result" className="mt-2 flex flex-wrap items-center gap-2 text-sm">
            <DeliveryBadge d={test} />
            <span>
              Test event: {test.status === "delivered" ? "delivered" : "not delivered"}
              {test.responseStatus ? ` (HTTP ${test.responseStatus}, ${test.durationMs} ms)` : ""}
              {test.error ? ` — ${test.error}` : ""}
            </span>
          </p>
        ) : null}
      </div>
      <div className="mt-1">
        <Status message={status?.message ?? null} tone={status?.tone} />
      </div>
      {confirming ? (
        <DangerConfirm title="Delete this endpoint?" action="Delete endpoint" busyLabel="Deleting…" keepLabel="Keep it" onConfirm={remove} onCancel={() => setConfirming(false)}>
          Herald stops sending to {e.url} and forgets its delivery log. Events already queued are dropped.
        </DangerConfirm>
      ) : null}
      {logError ? <p className={errorClass} role="alert">{logError}</p> : null}
      {log ? (
        log.length === 0 ? (
          <p className={hintClass}>Nothing sent yet. Events appear here as they are sent; press “Send test” to try it.</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-200 text-sm dark:divide-slate-800" aria-label="Recent deliveries">
            {log.map((d) => (
              <li key={d.id} className="flex flex-wrap items-center gap-x-2 gap-y-1 py-2">
                <DeliveryBadge d={d} />
                <code className="text-xs">{d.eventType}</code>
                <span className="text-slate-600 dark:text-slate-400">{when(d.lastAttemptAt ?? d.createdAt, timeZone)}</span>
                <span className="text-slate-600 dark:text-slate-400">{deliverySummary(d)}</span>
                {d.error ? <span className="w-full break-words text-red-700 dark:text-red-400">{d.error}</span> : null}
              </li>
            ))}
          </ul>
        )
      ) : null}
    </li>
  );
}
