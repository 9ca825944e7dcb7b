"use client";
// The autopilot page's client side: the "plan a week" form (POST /api/agent/autopilot), the runs'
// progress (GET /api/agent/autopilot, polled while a run is pending or running, and refreshed by the
// live event stream), and each campaign's drafts with Approve / Edit / Reject.
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import useSWR, { useSWRConfig } from "swr";
import type { AutopilotSkip, listCampaigns } from "@/lib/ai/autopilot";
import { PLATFORM_LABEL, statusLabel, toneFor } from "../_live/format";
import { RejectForm, usePostDecision } from "../_live/reject-form";
import { useLiveEvents } from "../_live/use-live-events";
import type { Serialized } from "../_live/serialized";
import { atHandle } from "@/lib/handle";
import { callApi, FindingsList, refusedFindings, SimulatedBadge, AiBadge, type AiMark, type Finding } from "../_ai/ai-ui";

export interface AutopilotAccount {
  id: string;
  platform: string;
  label: string;
  handle: string;
  active: boolean;
  simulated: boolean;
}

// GET /api/agent/autopilot as JSON, with its JSON columns read as the agent writes them: a draft's
// `ai` and `compliance` (its findings), a run's `result` (lib/ai/autopilot.ts runAutopilot).
type Listed = Serialized<Awaited<ReturnType<typeof listCampaigns>>>;
type Draft = Omit<Listed["campaigns"][number]["posts"][number], "ai" | "compliance"> & { ai: AiMark | null; compliance: Finding[] | null };
type Campaign = Omit<Listed["campaigns"][number], "posts"> & { posts: Draft[] };
type Run = Omit<Listed["runs"][number], "result"> & {
  result: {
    weekStart?: string;
    held?: number;
    scheduled?: number;
    kept?: number;
    simulated?: boolean;
    costUsd?: number;
    postIds?: string[];
    /** Platforms (Instagram without an image…) or single posts the run left out, with the reason. */
    skipped?: AutopilotSkip[];
  } | null;
};
type AutopilotData = { campaigns: Campaign[]; runs: Run[] };

const KEY = "/api/agent/autopilot";
const focusRing = "focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:focus-visible:ring-blue-400";
const control = `block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-sm dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 ${focusRing}`;
const labelClass = "block text-sm font-medium text-slate-800 dark:text-slate-200";
const btn = `inline-flex min-h-9 items-center rounded-md px-3 py-1.5 text-sm font-semibold disabled:cursor-not-allowed disabled:opacity-60 ${focusRing}`;
const primary = `${btn} bg-blue-700 text-white hover:bg-blue-800`;
const secondary = `${btn} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800`;
const errorText = "text-sm font-medium text-red-700 dark:text-red-400";
const label = (p: string) => PLATFORM_LABEL[p] ?? p;

async function load(url: string): Promise<AutopilotData> {
  const r = await callApi<AutopilotData>("GET", url);
  if (!r.ok || !r.data) throw new Error(r.message);
  return r.data;
}

function when(iso: string | null, timeZone: string, opts: Intl.DateTimeFormatOptions = { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }) {
  if (!iso) return "Not scheduled";
  return new Intl.DateTimeFormat("en-GB", { timeZone, ...opts }).format(new Date(iso));
}

function weekLabel(monday: string, i: number) {
  const d = new Date(`${monday}T12:00:00Z`);
  const end = new Date(d.getTime() + 6 * 86_400_000);
  const f = (x: Date) => new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }).format(x);
  const name = i === 0 ? "This week" : i === 1 ? "Next week" : `In ${i} weeks`;
  return `${name}: ${f(d)} – ${f(end)}`;
}

const RUN_STATUS: Record<string, string> = {
  pending: "Waiting to run",
  running: "Writing the week…",
  completed: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
  needs_review: "Needs review",
};

export function AutopilotView({
  accounts,
  timeZone,
  weeks,
  canEdit,
  canApprove,
  development,
}: {
  accounts: AutopilotAccount[];
  timeZone: string;
  weeks: string[];
  canEdit: boolean;
  canApprove: boolean;
  development: boolean;
}) {
  const [activeRun, setActiveRun] = useState<string | null>(null);
  const busyRuns = (d?: AutopilotData) => !!d?.runs.some((r) => r.status === "pending" || r.status === "running");
  const { data, error, mutate } = useSWR(KEY, load, {
    refreshInterval: (d) => (busyRuns(d) ? 3000 : 0),
    revalidateOnFocus: true,
  });
  const live = useLiveEvents({ revalidate: (k) => k === KEY });
  const runRef = useRef<HTMLDivElement>(null);

  const campaigns = data?.campaigns ?? [];
  const runs = data?.runs ?? [];
  const shownRun = runs.find((r) => r.id === activeRun) ?? runs[0] ?? null;

  return (
    <div className="mt-6 space-y-8" data-live={live}>
      <PlanForm
        accounts={accounts}
        weeks={weeks}
        canEdit={canEdit}
        onStarted={(runId) => {
          setActiveRun(runId);
          void mutate();
          queueMicrotask(() => runRef.current?.focus());
        }}
      />

      <section aria-labelledby="runs-h" className="space-y-2">
        <h2 id="runs-h" className="text-lg font-semibold">
          Progress
        </h2>
        <div ref={runRef} tabIndex={-1} role="status" aria-live="polite" className={`rounded-md ${focusRing}`}>
          {error ? (
            <p className={errorText}>Could not load the autopilot runs: {String((error as Error).message)}</p>
          ) : !data ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">Loading…</p>
          ) : shownRun ? (
            <RunCard run={shownRun} campaign={campaigns.find((c) => c.id === shownRun.campaignId)} development={development} timeZone={timeZone} />
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-400">No autopilot runs yet.</p>
          )}
        </div>
        {runs.length > 1 ? (
          <details className="text-sm">
            <summary className={`cursor-pointer rounded font-medium text-slate-800 dark:text-slate-200 ${focusRing}`}>Earlier runs ({runs.length - 1})</summary>
            <ul className="mt-2 space-y-1">
              {runs
                .filter((r) => r.id !== shownRun?.id)
                .map((r) => (
                  <li key={r.id} className="text-slate-700 dark:text-slate-300">
                    {when(r.createdAt, timeZone)} · {campaigns.find((c) => c.id === r.campaignId)?.name ?? "campaign"} · {RUN_STATUS[r.status] ?? statusLabel(r.status)}
                    {r.lastError ? ` — ${r.lastError}` : ""}
                  </li>
                ))}
            </ul>
          </details>
        ) : null}
      </section>

      <section aria-labelledby="drafts-h" className="space-y-4">
        <h2 id="drafts-h" className="text-lg font-semibold">
          Campaigns and drafts
        </h2>
        {data && campaigns.length === 0 ? <p className="text-sm text-slate-600 dark:text-slate-400">No campaigns yet. Plan a week above.</p> : null}
        {campaigns.map((c) => (
          <CampaignCard key={c.id} campaign={c} timeZone={timeZone} canEdit={canEdit} canApprove={canApprove} />
        ))}
      </section>
    </div>
  );
}

function RunCard({ run, campaign, development, timeZone }: { run: Run; campaign?: Campaign; development: boolean; timeZone: string }) {
  const tone = run.status === "pending" ? "pending" : run.status;
  const r = run.result;
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900" data-run-status={run.status}>
      <p className="flex flex-wrap items-center gap-2">
        <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${toneFor(tone)}`}>{RUN_STATUS[run.status] ?? statusLabel(run.status)}</span>
        <span className="font-medium">{campaign?.name ?? "Campaign"}</span>
        <span className="text-slate-600 dark:text-slate-400">requested {when(run.createdAt, timeZone)}</span>
      </p>
      {run.status === "pending" ? (
        <p className="mt-1 text-slate-700 dark:text-slate-300">
          {run.retryCount > 0 ? `Attempt ${run.retryCount + 1} is due ${when(run.scheduledAt, timeZone)}. ` : ""}
          {development
            ? "In development the local ticker runs it within a minute or two (npm run dev starts it)."
            : "The scheduler’s cron runs it within a few minutes."}{" "}
          This page updates by itself.
        </p>
      ) : null}
      {run.status === "running" ? <p className="mt-1 text-slate-700 dark:text-slate-300">The agent is writing the week’s posts…</p> : null}
      {run.lastError ? (
        <p className={`mt-1 ${run.status === "failed" ? errorText : "text-slate-700 dark:text-slate-300"}`}>
          {run.status === "failed" ? "Failed: " : "Last attempt failed: "}
          {run.lastError}
        </p>
      ) : null}
      {run.status === "completed" && r ? (
        <p className="mt-1 text-slate-700 dark:text-slate-300">
          {(r.held ?? 0) > 0 ? `${r.held} draft${r.held === 1 ? "" : "s"} waiting for approval` : ""}
          {(r.held ?? 0) > 0 && (r.scheduled ?? 0) > 0 ? ", " : ""}
          {(r.scheduled ?? 0) > 0 ? `${r.scheduled} scheduled directly` : ""}
          {!(r.held ?? 0) && !(r.scheduled ?? 0) ? "No new posts" : ""}
          {r.weekStart ? (
            <>
              {" "}
              for the week of {when(`${r.weekStart}T12:00:00Z`, "UTC", { day: "numeric", month: "long" })} ·{" "}
              <Link href={`/dashboard/calendar?view=week&date=${r.weekStart}`} className="font-medium text-blue-700 underline underline-offset-2 dark:text-blue-300">
                See the week in the calendar
              </Link>
            </>
          ) : null}
          {r.simulated ? (
            <span className="ml-2 align-middle">
              <SimulatedBadge />
            </span>
          ) : null}
        </p>
      ) : null}
      {run.status === "completed" && r?.skipped?.length ? (
        <ul className="mt-1 list-disc pl-5 text-amber-800 dark:text-amber-300" data-run-skipped>
          {r.skipped.map((s, i) => (
            <li key={i}>{s.reason}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function PlanForm({ accounts, weeks, canEdit, onStarted }: { accounts: AutopilotAccount[]; weeks: string[]; canEdit: boolean; onStarted: (runId: string) => void }) {
  const id = useId();
  const usable = accounts.filter((a) => a.active);
  const [campaign, setCampaign] = useState("");
  const [brief, setBrief] = useState("");
  const [week, setWeek] = useState(weeks[1] ?? weeks[0]);
  const [selected, setSelected] = useState<string[]>(() => usable.map((a) => a.id));
  const [posts, setPosts] = useState("5");
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);

  async function submit() {
    const e: Record<string, string> = {};
    if (!campaign.trim()) e.campaign = "Name the campaign.";
    if (brief.trim().length < 3) e.brief = "Give the agent a brief of at least a few words.";
    if (selected.length === 0) e.accountIds = "Choose at least one account.";
    const n = Number(posts);
    if (!Number.isInteger(n) || n < 1 || n > 21) e.posts = "Use a whole number from 1 to 21.";
    setErrors(e);
    setMessage(null);
    if (Object.keys(e).length) {
      setMessage({ tone: "error", text: "Check the fields marked below." });
      queueMicrotask(() => messageRef.current?.focus());
      return;
    }
    setPending(true);
    const r = await callApi<{ task: { id: string }; weekStart: string }>("POST", KEY, { campaign: campaign.trim(), brief: brief.trim(), weekStart: week, accountIds: selected, posts: n });
    setPending(false);
    if (!r.ok || !r.data) {
      setErrors(Object.fromEntries(r.fields.map((f) => [f.path, f.message])));
      setMessage({ tone: "error", text: r.message });
      queueMicrotask(() => messageRef.current?.focus());
      return;
    }
    setMessage({ tone: "success", text: `Planning the week of ${r.data.weekStart}: the drafts appear below when the run is done.` });
    onStarted(r.data.task.id);
  }

  if (accounts.length === 0) {
    return (
      <div className="rounded-md border border-dashed border-slate-300 px-4 py-6 text-slate-700 dark:border-slate-700 dark:text-slate-300">
        <p className="font-medium">No accounts yet.</p>
        <p className="mt-1 text-sm">
          Autopilot plans posts for your accounts: connect one first (a simulated one works without any keys) on the{" "}
          <Link href="/dashboard/accounts" className="font-medium text-blue-700 underline underline-offset-2 dark:text-blue-300">
            accounts page
          </Link>
          .
        </p>
      </div>
    );
  }

  const field = (k: string) => (errors[k] ? { "aria-invalid": true as const, "aria-describedby": `${id}-${k}-err` } : {});
  const err = (k: string) =>
    errors[k] ? (
      <p id={`${id}-${k}-err`} className={`mt-1 ${errorText}`}>
        {errors[k]}
      </p>
    ) : null;

  return (
    <form
      noValidate
      aria-labelledby={`${id}-h`}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-6 dark:border-slate-800 dark:bg-slate-900"
      onSubmit={(ev) => {
        ev.preventDefault();
        void submit();
      }}
    >
      <h2 id={`${id}-h`} className="text-lg font-semibold">
        Plan a week
      </h2>
      {!canEdit ? <p className="text-sm text-slate-700 dark:text-slate-300">Only editors, admins and owners can start autopilot.</p> : null}
      <p
        ref={messageRef}
        tabIndex={-1}
        role={message?.tone === "error" ? "alert" : "status"}
        className={`min-h-5 rounded text-sm font-medium focus:outline-none ${message?.tone === "error" ? "text-red-700 dark:text-red-400" : "text-emerald-800 dark:text-emerald-300"}`}
      >
        {message?.text ?? ""}
      </p>
      <div>
        <label htmlFor={`${id}-campaign`} className={labelClass}>
          Campaign name
        </label>
        <input id={`${id}-campaign`} value={campaign} onChange={(e) => setCampaign(e.target.value)} maxLength={100} className={`mt-1 ${control}`} {...field("campaign")} />
        {err("campaign")}
      </div>
      <div>
        <label htmlFor={`${id}-brief`} className={labelClass}>
          Brief
        </label>
        <textarea
          id={`${id}-brief`}
          rows={4}
          value={brief}
          onChange={(e) => setBrief(e.target.value)}
          placeholder="What is the campaign about? Offers, dates, what to mention, what to avoid."
          className={`mt-1 ${control}`}
          {...field("brief")}
        />
        {err("brief")}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor={`${id}-week`} className={labelClass}>
            Week
          </label>
          <select id={`${id}-week`} value={week} onChange={(e) => setWeek(e.target.value)} className={`mt-1 ${control}`} {...field("weekStart")}>
            {weeks.map((w, i) => (
              <option key={w} value={w}>
                {weekLabel(w, i)}
              </option>
            ))}
          </select>
          {err("weekStart")}
        </div>
        <div>
          <label htmlFor={`${id}-posts`} className={labelClass}>
            Number of posts
          </label>
          <input id={`${id}-posts`} type="number" inputMode="numeric" min={1} max={21} value={posts} onChange={(e) => setPosts(e.target.value)} className={`mt-1 ${control}`} {...field("posts")} />
          {err("posts")}
        </div>
      </div>
      <fieldset {...(errors.accountIds ? { "aria-describedby": `${id}-accountIds-err` } : {})}>
        <legend className={labelClass}>Accounts</legend>
        <ul className="mt-2 grid gap-2 sm:grid-cols-2">
          {accounts.map((a) => (
            <li key={a.id}>
              <label className="flex items-center gap-2 rounded-md border border-slate-300 px-3 py-2 text-sm dark:border-slate-700">
                <input
                  type="checkbox"
                  className="h-4 w-4 accent-blue-700"
                  disabled={!a.active}
                  checked={selected.includes(a.id)}
                  onChange={(e) => setSelected((s) => (e.target.checked ? [...s, a.id] : s.filter((x) => x !== a.id)))}
                />
                <span className="min-w-0">
                  <span className="font-medium">{a.label}</span> <span className="break-all text-slate-700 dark:text-slate-300">{atHandle(a.handle)}</span>
                  {a.simulated ? <span className="text-slate-600 dark:text-slate-400"> · simulated</span> : null}
                  {!a.active ? <span className="text-slate-600 dark:text-slate-400"> · needs reconnecting</span> : null}
                </span>
              </label>
            </li>
          ))}
        </ul>
        {err("accountIds")}
      </fieldset>
      <button type="submit" className={primary} disabled={!canEdit || pending}>
        {pending ? "Starting…" : "Generate the week"}
      </button>
    </form>
  );
}

function CampaignCard({ campaign, timeZone, canEdit, canApprove }: { campaign: Campaign; timeZone: string; canEdit: boolean; canApprove: boolean }) {
  const id = useId();
  return (
    <section aria-labelledby={`${id}-h`} className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h3 id={`${id}-h`} className="text-base font-semibold">
        {campaign.name}
      </h3>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">{campaign.brief}</p>
      {campaign.posts.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">No drafts yet.</p>
      ) : (
        <ul className="mt-3 space-y-3" aria-label={`Drafts of ${campaign.name}`}>
          {campaign.posts.map((p) => (
            <DraftCard key={p.id} post={p} timeZone={timeZone} canEdit={canEdit} canApprove={canApprove} />
          ))}
        </ul>
      )}
    </section>
  );
}

const APPROVAL: Record<Draft["approvalState"], { label: string; tone: string }> = {
  pending: { label: "Waiting for approval", tone: "needs_review" },
  approved: { label: "Approved", tone: "completed" },
  rejected: { label: "Rejected", tone: "cancelled" },
  not_required: { label: "Scheduled", tone: "running" },
};

function DraftCard({ post, timeZone, canEdit, canApprove }: { post: Draft; timeZone: string; canEdit: boolean; canApprove: boolean }) {
  const { mutate } = useSWRConfig();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const decision = usePostDecision(post.id);
  const { busy, error } = decision;
  const [notice, setNotice] = useState<string | null>(null);
  const editRef = useRef<HTMLButtonElement>(null);
  const waiting = post.approvalState === "pending";
  const approval = post.status === "published" ? { label: "Published", tone: "published" } : APPROVAL[post.approvalState] ?? APPROVAL.not_required;
  const headline = post.ai?.angle ? `${when(post.scheduledAt, timeZone)} · ${post.ai.angle}` : when(post.scheduledAt, timeZone);

  async function decide(what: "approve" | "reject") {
    if (!(await decision.decide(what))) return;
    setRejecting(false);
    setNotice(what === "approve" ? "Approved: it will be published at its time." : "Rejected: it will not be published.");
    await mutate(KEY);
  }

  return (
    <li
      aria-labelledby={`${id}-h`}
      data-post-id={post.id}
      data-approval={post.approvalState}
      data-status={post.status}
      className="rounded-md border border-slate-200 p-3 dark:border-slate-800"
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h4 id={`${id}-h`} className="min-w-0 text-sm font-semibold">
          <time dateTime={post.scheduledAt ?? undefined}>{headline}</time>
        </h4>
        <span className="flex flex-wrap gap-1">
          {post.ai?.simulated ? <SimulatedBadge notice={post.ai.notice} /> : post.ai ? <AiBadge /> : null}
          <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${toneFor(approval.tone)}`}>{approval.label}</span>
        </span>
      </div>
      {post.ai?.simulated && post.ai.notice ? <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{post.ai.notice}</p> : null}

      {editing ? (
        <EditForm
          post={post}
          onDone={(saved) => {
            setEditing(false);
            if (saved) setNotice("Saved the new text.");
            queueMicrotask(() => editRef.current?.focus());
          }}
        />
      ) : (
        <ul className="mt-2 space-y-2" aria-label="Text per platform">
          {post.targets.map((t) => (
            <li key={t.id} className="text-sm">
              <p className="text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
                {label(t.platform)} · {atHandle(t.account.handle)}
              </p>
              <p className="mt-0.5 whitespace-pre-wrap break-words text-slate-900 dark:text-slate-100">{t.textOverride ?? post.text}</p>
            </li>
          ))}
        </ul>
      )}

      {post.compliance && post.compliance.length > 0 ? <FindingsList findings={post.compliance} platformLabel={label} className="mt-2" /> : null}
      {post.approvalState === "rejected" ? (
        <p className="mt-2 rounded-md bg-slate-100 p-2 text-sm text-slate-900 dark:bg-slate-800 dark:text-slate-100">
          <span className="font-medium">Not approved: </span>
          {post.rejectionReason || "no reason given."}
        </p>
      ) : null}

      {waiting && !editing ? (
        <div className="mt-3 flex flex-wrap items-center gap-2">
          {canApprove ? (
            <button type="button" className={primary} disabled={busy !== null} onClick={() => void decide("approve")}>
              {busy === "approve" ? "Approving…" : "Approve"}
            </button>
          ) : null}
          {canEdit ? (
            <button ref={editRef} type="button" className={secondary} disabled={busy !== null} onClick={() => setEditing(true)}>
              Edit
            </button>
          ) : null}
          {canApprove ? (
            <button type="button" className={secondary} aria-expanded={rejecting} disabled={busy !== null} onClick={() => setRejecting((o) => !o)}>
              Reject
            </button>
          ) : null}
          {!canApprove ? <p className="text-sm text-slate-700 dark:text-slate-300">An admin or owner approves or rejects drafts.</p> : null}
        </div>
      ) : null}
      {waiting && rejecting && canApprove ? (
        <RejectForm
          label="Why not?"
          submitLabel="Reject draft"
          decision={decision}
          onSubmit={() => void decide("reject")}
        />
      ) : null}
      <div aria-live="polite" className="mt-1">
        {error ? <p className={errorText}>{error}</p> : notice ? <p className="text-sm font-medium text-emerald-800 dark:text-emerald-300">{notice}</p> : null}
      </div>
    </li>
  );
}

function EditForm({ post, onDone }: { post: Draft; onDone: (saved: boolean) => void }) {
  const { mutate } = useSWRConfig();
  const id = useId();
  const custom = post.targets.filter((t) => t.textOverride !== null);
  const [text, setText] = useState(post.text);
  const [overrides, setOverrides] = useState<Record<string, string>>(() => Object.fromEntries(custom.map((t) => [t.platform, t.textOverride!])));
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [findings, setFindings] = useState<Finding[] | null>(null);
  const firstRef = useRef<HTMLTextAreaElement>(null);
  const mainPlatforms = post.targets.filter((t) => t.textOverride === null).map((t) => label(t.platform));

  useEffect(() => firstRef.current?.focus(), []);

  async function save() {
    setPending(true);
    setError(null);
    setFindings(null);
    const r = await callApi("PUT", `/api/posts/${post.id}/text`, { text, ...(custom.length && { overrides }) });
    setPending(false);
    if (!r.ok) {
      setError(r.message);
      setFindings(refusedFindings(r));
      return;
    }
    await mutate(KEY);
    onDone(true);
  }

  return (
    <form
      noValidate
      className="mt-2 space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div>
        <label htmlFor={`${id}-text`} className={labelClass}>
          Text{mainPlatforms.length ? ` (${mainPlatforms.join(", ")})` : ""}
        </label>
        <textarea ref={firstRef} id={`${id}-text`} rows={4} value={text} onChange={(e) => setText(e.target.value)} className={`mt-1 ${control}`} />
      </div>
      {custom.map((t) => (
        <div key={t.id}>
          <label htmlFor={`${id}-${t.platform}`} className={labelClass}>
            Text for {label(t.platform)}
          </label>
          <textarea
            id={`${id}-${t.platform}`}
            rows={4}
            value={overrides[t.platform] ?? ""}
            onChange={(e) => setOverrides((o) => ({ ...o, [t.platform]: e.target.value }))}
            className={`mt-1 ${control}`}
          />
        </div>
      ))}
      <div role="alert">
        {error ? <p className={errorText}>{error}</p> : null}
        {findings ? <FindingsList findings={findings} platformLabel={label} className="mt-1" /> : null}
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={primary} disabled={pending}>
          {pending ? "Saving…" : "Save text"}
        </button>
        <button type="button" className={secondary} disabled={pending} onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
