"use client";
// The composer: one text for every chosen account, overridable per platform in its own tab, with
// a live preview and counters (instant here, confirmed by POST /api/posts/validate with each
// account's adapter), media, thread, first comment, schedule and recurrence, and four ways out.
import Link from "next/link";
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import useSWR from "swr";
import { FormAlert } from "@/app/_components/form";
import { atLocal } from "@/lib/calendar";
import { countFor, shownText, type TextCounter } from "./count";
import { MediaPicker, type MediaItem } from "./media-picker";
import { BestTimeHint } from "./best-time-hint";
import { AssistPanel } from "./assist-panel";
import { ComplianceFindings } from "./compliance-findings";
import { refusedFindings, type Finding } from "../_ai/ai-ui";
import { recurrenceOf, ScheduleFields, type ScheduleState } from "./schedule-fields";
import { clock } from "@/lib/clock";

export interface ComposerAccount {
  id: string;
  platform: string;
  label: string;
  handle: string;
  displayName: string | null;
  simulated: boolean;
  status: string;
  maxLength: number;
  /** How the platform counts characters, and whether the link goes into the text (its spec). */
  counter?: TextCounter;
  linkInText?: boolean;
  threads: boolean;
  mediaMax: number;
}

interface Problem {
  field: string;
  message: string;
}
interface AccountCheck {
  accountId: string;
  platform: string;
  label: string;
  length: number;
  maxLength: number;
  ok: boolean;
  problems: Problem[];
}
interface ApiError {
  error?: { message?: string; fields?: { path: string; message: string }[] };
}

const focusRing = "focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:focus-visible:ring-blue-400";
const textareaClass = `block w-full rounded-md border bg-white px-3 py-2 text-base text-slate-900 shadow-sm dark:bg-slate-900 dark:text-slate-100 ${focusRing}`;
const border = (err?: string) => (err ? "border-red-600 dark:border-red-400" : "border-slate-300 dark:border-slate-700");

async function postJson(url: string, body: unknown) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const data = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  return { res, data };
}

async function validateFetcher([, body]: [string, string]): Promise<{ key: string; accounts: AccountCheck[] }> {
  const { res, data } = await postJson("/api/posts/validate", JSON.parse(body));
  if (!res.ok) throw new Error((data as ApiError | null)?.error?.message ?? `Checking failed (HTTP ${res.status}).`);
  return { key: body, accounts: (data as { accounts: AccountCheck[] }).accounts };
}

function formatWhen(iso: string, timeZone: string) {
  const d = new Date(iso);
  const f = (tz?: string) =>
    new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: tz }).format(d);
  const viewer = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return viewer === timeZone ? `${f(timeZone)} (${timeZone})` : `${f(timeZone)} (${timeZone}), ${f()} your time`;
}

function Counter({ length, max, label }: { length: number; max: number; label: string }) {
  const over = length > max;
  const near = !over && length > max * 0.9;
  return (
    <span className={`tabular-nums text-xs font-medium ${over ? "text-red-700 dark:text-red-400" : near ? "text-amber-800 dark:text-amber-300" : "text-slate-700 dark:text-slate-300"}`}>
      {label} {length}/{max}
      {over ? ` · ${length - max} over` : ""}
    </span>
  );
}

export function Composer({
  accounts,
  timeZone,
  today,
  canEdit,
  defaultTime = "09:00",
}: {
  accounts: ComposerAccount[];
  timeZone: string;
  today: string;
  canEdit: boolean;
  defaultTime?: string;
}) {
  const id = useId();
  const [selected, setSelected] = useState<string[]>(() => (accounts.length === 1 ? [accounts[0].id] : []));
  const [content, setContent] = useState("");
  const [overrides, setOverrides] = useState<Record<string, string>>({});
  const [link, setLink] = useState("");
  const [thread, setThread] = useState<string[]>([]);
  const [firstComment, setFirstComment] = useState("");
  const [media, setMediaState] = useState<MediaItem[]>([]);
  const [schedule, setSchedule] = useState<ScheduleState>({
    date: today,
    time: defaultTime,
    repeat: "none",
    interval: 2,
    unit: "weekly",
    weekdays: [],
    end: "never",
    until: "",
    count: 5,
  });
  const [tab, setTab] = useState<string>("all");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [alert, setAlert] = useState<{ tone: "error" | "success"; node: React.ReactNode } | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  // Assist: a brief the agent writes the text from when the post goes out (content: null), and the
  // findings of a schedule refused by the brand check (422), shown while the text is unchanged.
  const [agentBrief, setAgentBrief] = useState<string | null>(null);
  const [refused, setRefused] = useState<{ content: string; findings: Finding[] } | null>(null);

  const chosen = useMemo(() => accounts.filter((a) => selected.includes(a.id)), [accounts, selected]);
  const platforms = useMemo(() => {
    const seen = new Map<string, ComposerAccount>();
    for (const a of chosen) if (!seen.has(a.platform)) seen.set(a.platform, a);
    return [...seen.values()];
  }, [chosen]);
  const activeTab = tab === "all" || platforms.some((p) => p.platform === tab) ? tab : "all";
  const uploading = media.some((m) => m.state === "uploading");

  const config = useMemo(() => {
    const done = media.filter((m) => m.state === "done" && m.asset);
    const parts = thread.filter((t) => t.trim() !== "");
    const ov = Object.fromEntries(Object.entries(overrides).filter(([p]) => platforms.some((x) => x.platform === p)));
    return {
      ...(Object.keys(ov).length > 0 && { overrides: ov }),
      ...(done.length > 0 && {
        media: done.map((m) => ({ url: m.asset!.url, type: m.asset!.kind, sizeBytes: m.asset!.sizeBytes, ...(m.altText.trim() && { altText: m.altText.trim() }) })),
      }),
      ...(link.trim() && { link: link.trim() }),
      ...(parts.length > 0 && { thread: parts }),
      ...(firstComment.trim() && { firstComment }),
    };
  }, [media, thread, overrides, platforms, link, firstComment]);

  // Server check, debounced: the adapters' own validation for each chosen account.
  const body = selected.length > 0 ? JSON.stringify({ content, accountIds: selected, config }) : null;
  const [debounced, setDebounced] = useState<string | null>(null);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(body), 400);
    return () => clearTimeout(t);
  }, [body]);
  const { data: check, error: checkError, isLoading: checking } = useSWR(debounced ? ["validate", debounced] : null, validateFetcher, {
    keepPreviousData: true,
    revalidateOnFocus: false,
  });
  const fresh = check && check.key === body ? check : null;
  const checkFor = (accountId: string) => check?.accounts.find((a) => a.accountId === accountId);

  function textFor(platform: string) {
    return overrides[platform] ?? content;
  }
  function lengthFor(a: ComposerAccount) {
    const server = fresh?.accounts.find((c) => c.accountId === a.id);
    return server ? server.length : countFor(a, textFor(a.platform), link);
  }

  function resetErrors() {
    setErrors({});
    setAlert(null);
  }

  function showApiError(status: number, data: unknown, fallback: string) {
    const e = (data as ApiError | null)?.error;
    const fields: Record<string, string> = {};
    const unplaced: string[] = [];
    for (const f of e?.fields ?? []) {
      const path = f.path.replace(/^config\.(thread|media)\.\d+.*/, "config.$1");
      // Next to a platform's own text field, "twitter: " in front of the message says nothing new.
      const message = path.startsWith("config.overrides.") ? f.message.replace(/^[a-z]+: /, "") : f.message;
      if (fields[path]) fields[path] += ` ${message}`;
      else fields[path] = message;
      if (!/^(content|accountIds|scheduledAt|recurrence|config\.(overrides|media|link|thread|firstComment))/.test(path)) unplaced.push(f.message);
    }
    setErrors(fields);
    const override = Object.keys(fields).find((k) => k.startsWith("config.overrides."));
    if (override) setTab(override.slice("config.overrides.".length));
    setAlert({
      tone: "error",
      node: (
        <>
          <p className="font-medium">{e?.message ?? fallback}</p>
          {status === 403 ? <p>Ask an admin of this workspace for the editor role.</p> : null}
          {unplaced.length > 0 ? (
            <ul className="mt-1 list-disc pl-5">
              {unplaced.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          ) : Object.keys(fields).length > 0 ? (
            <p>The fields that need changes are marked below.</p>
          ) : null}
        </>
      ),
    });
    queueMicrotask(() => alertRef.current?.focus());
  }

  // No scheduledAt is "publish now" at the server's time: this browser's clock may be off by more
  // than the few minutes the server allows in the past (lib/scheduler/past.ts).
  function scheduledPayload(scheduledAt: string | undefined, withRecurrence: boolean) {
    const recurrence = withRecurrence ? recurrenceOf(schedule) : undefined;
    return {
      accountIds: selected,
      content: agentBrief ? null : content,
      ...(scheduledAt && { scheduledAt }),
      config: agentBrief ? { ...config, overrides: undefined, brief: agentBrief } : config,
      ...(recurrence && { recurrence }),
      idempotencyKey: `compose-${crypto.randomUUID()}`,
    };
  }

  async function submitSchedule(kind: "now" | "schedule" | "queue" | "best") {
    resetErrors();
    if (selected.length === 0) {
      setErrors({ accountIds: "Choose at least one account." });
      return;
    }
    setPending(kind);
    try {
      let at: string;
      if (kind === "now") at = clock.now().toISOString();
      else if (kind === "schedule") {
        if (!schedule.date || !schedule.time) {
          setErrors({ scheduledAt: "Pick a date and a time." });
          return;
        }
        at = `${schedule.date}T${schedule.time}`;
      } else {
        const res = await fetch(`/api/workspace/next-slot?accountIds=${encodeURIComponent(selected.join(","))}${kind === "best" ? "&strategy=best" : ""}`);
        const data = (await res.json().catch(() => null)) as ({ scheduledAt?: string | null; slotCount?: number } & ApiError) | null;
        if (res.status === 404 && !data?.error) {
          setAlert({ tone: "error", node: "“Add to queue” is not available on this server yet. Pick a time and use “Schedule” instead." });
          return;
        }
        if (!res.ok) return showApiError(res.status, data, "The next free slot could not be found.");
        if (!data?.scheduledAt) {
          setAlert({
            tone: "error",
            node: (
              <>
                {data?.slotCount === 0 ? "This workspace has no posting slots yet. " : "Every posting slot in the coming weeks is taken. "}
                <Link href="/dashboard/settings" className="font-medium underline underline-offset-2">
                  Set up posting slots
                </Link>{" "}
                or pick a time and use “Schedule”.
              </>
            ),
          });
          return;
        }
        at = data.scheduledAt;
      }
      const { res, data } = await postJson("/api/agent/schedule", scheduledPayload(kind === "now" ? undefined : at, kind === "now" || kind === "schedule"));
      if (!res.ok) {
        const f = refusedFindings({ status: res.status, details: ((data as { error?: { details?: Record<string, unknown> } } | null)?.error?.details ?? null) });
        setRefused(f ? { content, findings: f } : null);
        return showApiError(res.status, data, "The post was not scheduled.");
      }
      const ok = data as { postId: string; approvalState?: string; task?: { scheduledAt?: string } };
      const when = ok.task?.scheduledAt ?? (kind === "schedule" ? null : at);
      const held = ok.approvalState === "pending";
      setAlert({
        tone: "success",
        node: (
          <>
            <p className="font-medium">
              {held ? "Waiting for approval" : kind === "now" ? "Publishing now" : "Scheduled"}
              {when && !held ? ` for ${formatWhen(when, timeZone)}` : ""}.
            </p>
            {held ? (
              <p>
                An admin or owner of this workspace must approve this post before it is published
                {kind === "now" ? "" : ` (planned for ${formatWhen(kind === "schedule" ? atLocal(schedule.date, schedule.time, timeZone).toISOString() : at, timeZone)})`}.
              </p>
            ) : null}
            <p>
              <Link href={`/dashboard/posts?focus=${encodeURIComponent(ok.postId)}`} className="font-medium underline underline-offset-2">
                Open the post
              </Link>{" "}
              ·{" "}
              <Link href="/dashboard/calendar" className="font-medium underline underline-offset-2">
                See it in the calendar
              </Link>
            </p>
          </>
        ),
      });
      queueMicrotask(() => alertRef.current?.focus());
    } catch {
      setAlert({ tone: "error", node: "Could not reach Herald. Check your connection and try again." });
    } finally {
      setPending(null);
    }
  }

  async function saveDraft() {
    resetErrors();
    setPending("draft");
    try {
      const { res, data } = await postJson("/api/posts/drafts", { content, accountIds: selected, config });
      if (!res.ok) return showApiError(res.status, data, "The draft was not saved.");
      const post = (data as { post: { id: string } }).post;
      setAlert({
        tone: "success",
        node: (
          <p>
            <span className="font-medium">Draft saved.</span> Nothing will be published until you schedule it.{" "}
            <Link href={`/dashboard/posts?focus=${encodeURIComponent(post.id)}`} className="font-medium underline underline-offset-2">
              Open the draft
            </Link>
          </p>
        ),
      });
      queueMicrotask(() => alertRef.current?.focus());
    } catch {
      setAlert({ tone: "error", node: "Could not reach Herald. Check your connection and try again." });
    } finally {
      setPending(null);
    }
  }

  // Tabs: arrow keys move between them (WAI-ARIA tabs pattern, automatic activation).
  const tabs = ["all", ...platforms.map((p) => p.platform)];
  const tabRefs = useRef(new Map<string, HTMLButtonElement>());
  function onTabKey(e: KeyboardEvent<HTMLButtonElement>) {
    const i = tabs.indexOf(activeTab);
    const next = e.key === "ArrowRight" ? (i + 1) % tabs.length : e.key === "ArrowLeft" ? (i - 1 + tabs.length) % tabs.length : e.key === "Home" ? 0 : e.key === "End" ? tabs.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    setTab(tabs[next]);
    tabRefs.current.get(tabs[next])?.focus();
  }
  const tabLabel = (t: string) => (t === "all" ? "All platforms" : (platforms.find((p) => p.platform === t)?.label ?? t));
  const tabHasError = (t: string) => (t === "all" ? !!errors.content : !!errors[`config.overrides.${t}`] || chosen.some((a) => a.platform === t && checkFor(a.id)?.ok === false));

  const disabledReason = !canEdit ? "Only editors and above can schedule or save posts." : uploading ? "Wait for the uploads to finish." : null;
  const buttonBase = `rounded-md px-4 py-2 text-sm font-semibold disabled:cursor-not-allowed disabled:opacity-60 ${focusRing} focus-visible:ring-offset-2 dark:focus-visible:ring-offset-slate-950`;
  const primary = `${buttonBase} bg-blue-700 text-white hover:bg-blue-800`;
  const secondary = `${buttonBase} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800`;

  return (
    <form
      className="mt-6 space-y-8"
      onSubmit={(e) => {
        e.preventDefault();
        void submitSchedule("schedule");
      }}
      noValidate
    >
      <div aria-live="polite">{alert ? <FormAlert tone={alert.tone} alertRef={alertRef}>{alert.node}</FormAlert> : null}</div>

      <fieldset aria-describedby={errors.accountIds ? `${id}-acc-err` : undefined}>
        <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Accounts</legend>
        <ul className="mt-2 grid gap-2 sm:grid-cols-2">
          {accounts.map((a) => {
            const on = selected.includes(a.id);
            return (
              <li key={a.id}>
                <label
                  className={`flex cursor-pointer items-center gap-2 rounded-md border px-3 py-2 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-blue-600 ${
                    on ? "border-blue-700 bg-blue-50 dark:border-blue-400 dark:bg-blue-950" : "border-slate-300 dark:border-slate-700"
                  }`}
                >
                  <input type="checkbox" checked={on} onChange={() => setSelected((s) => (on ? s.filter((x) => x !== a.id) : [...s, a.id]))} className="accent-blue-700" />
                  <span className="min-w-0">
                    <span className="font-medium">{a.label}</span> <span className="text-slate-700 dark:text-slate-300">{a.displayName ?? a.handle}</span>
                    <span className="block truncate text-xs text-slate-600 dark:text-slate-400">
                      @{a.handle.replace(/^@/, "")}
                      {a.simulated ? " · simulated" : ""}
                      {a.status !== "active" ? ` · ${a.status.replaceAll("_", " ")}` : ""}
                    </span>
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
        {errors.accountIds ? (
          <p id={`${id}-acc-err`} className="mt-1 text-sm font-medium text-red-700 dark:text-red-400">
            {errors.accountIds}
          </p>
        ) : null}
      </fieldset>

      <AssistPanel
        platforms={platforms.map((p) => p.platform)}
        text={activeTab === "all" ? content : textFor(activeTab)}
        textPlatform={activeTab === "all" ? null : activeTab}
        link={link}
        canEdit={canEdit}
        onDraft={(posts) => {
          const [first, ...rest] = posts;
          if (!first) return;
          setContent(first.text);
          setOverrides((o) => {
            const copy = { ...o };
            delete copy[first.platform];
            for (const p of rest) {
              if (p.text !== first.text) copy[p.platform] = p.text;
              else delete copy[p.platform];
            }
            return copy;
          });
        }}
        onApply={(t) => (activeTab === "all" ? setContent(t) : setOverrides((o) => ({ ...o, [activeTab]: t })))}
        onRedditTitle={(title) => setOverrides((o) => ({ ...o, reddit: `${title}\n\n${o.reddit ?? content}` }))}
        agentBrief={agentBrief}
        accountIds={selected}
        onAgentBrief={setAgentBrief}
      />

      <section aria-labelledby={`${id}-text-h`} className="space-y-3">
        <h2 id={`${id}-text-h`} className="text-sm font-medium text-slate-800 dark:text-slate-200">
          Text
        </h2>
        <div role="tablist" aria-label="Text per platform" className="flex flex-wrap gap-1 border-b border-slate-200 dark:border-slate-800">
          {tabs.map((t) => (
            <button
              key={t}
              ref={(el) => {
                if (el) tabRefs.current.set(t, el);
                else tabRefs.current.delete(t);
              }}
              type="button"
              role="tab"
              id={`${id}-tab-${t}`}
              aria-selected={activeTab === t}
              aria-controls={`${id}-panel`}
              tabIndex={activeTab === t ? 0 : -1}
              onClick={() => setTab(t)}
              onKeyDown={onTabKey}
              className={`-mb-px rounded-t-md border-b-2 px-3 py-1.5 text-sm font-medium ${focusRing} ${
                activeTab === t ? "border-blue-700 text-blue-800 dark:border-blue-400 dark:text-blue-300" : "border-transparent text-slate-700 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white"
              }`}
            >
              {tabLabel(t)}
              {t !== "all" && overrides[t] !== undefined ? <span className="ml-1 text-xs">(custom)</span> : null}
              {tabHasError(t) ? (
                <span className="ml-1 text-red-700 dark:text-red-400">
                  <span aria-hidden="true">!</span>
                  <span className="sr-only">, has problems</span>
                </span>
              ) : null}
            </button>
          ))}
        </div>

        <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${activeTab}`} className="space-y-3">
          {activeTab === "all" ? (
            <>
              <label htmlFor={`${id}-content`} className="sr-only">
                Post text for every platform
              </label>
              <textarea
                id={`${id}-content`}
                rows={6}
                value={content}
                onChange={(e) => setContent(e.target.value)}
                placeholder="What would you like to share?"
                aria-invalid={errors.content ? true : undefined}
                aria-describedby={`${id}-counters${errors.content ? ` ${id}-content-err` : ""}`}
                className={`${textareaClass} ${border(errors.content)}`}
              />
              {errors.content ? (
                <p id={`${id}-content-err`} className="text-sm font-medium text-red-700 dark:text-red-400">
                  {errors.content}
                </p>
              ) : null}
              <div id={`${id}-counters`} className="flex flex-wrap gap-x-4 gap-y-1">
                {chosen.length === 0 ? (
                  <span className="text-xs text-slate-600 dark:text-slate-400">Choose accounts to see each platform’s count.</span>
                ) : (
                  chosen.map((a) => <Counter key={a.id} length={lengthFor(a)} max={a.maxLength} label={`${a.label}${overrides[a.platform] !== undefined ? " (custom)" : ""}`} />)
                )}
              </div>
            </>
          ) : (
            <PlatformPanel
              account={platforms.find((p) => p.platform === activeTab)!}
              idBase={`${id}-${activeTab}`}
              override={overrides[activeTab]}
              mainText={content}
              setOverride={(v) =>
                setOverrides((o) => {
                  const copy = { ...o };
                  if (v === undefined) delete copy[activeTab];
                  else copy[activeTab] = v;
                  return copy;
                })
              }
              error={errors[`config.overrides.${activeTab}`]}
              length={lengthFor(platforms.find((p) => p.platform === activeTab)!)}
              link={link}
              media={media}
              thread={thread.filter((t) => t.trim())}
              firstComment={firstComment}
            />
          )}
        </div>

        <Checks
          chosen={chosen}
          checkFor={checkFor}
          stale={!fresh}
          checking={checking || body !== debounced}
          failed={checkError ? String(checkError.message ?? checkError) : null}
        />
        <ComplianceFindings
          enabled={canEdit && agentBrief === null}
          refused={refused && refused.content === content ? refused.findings : null}
          input={{
            text: content,
            ...(link.trim() && { link: link.trim() }),
            platforms: platforms.map((p) => p.platform),
            ...(config.overrides && { overrides: config.overrides }),
            ...(config.thread && { thread: config.thread }),
            ...(config.firstComment && { firstComment: config.firstComment }),
          }}
        />
        {agentBrief !== null ? (
          <p role="note" className="rounded-md border border-violet-300 bg-violet-50 px-3 py-2 text-sm text-violet-950 dark:border-violet-800 dark:bg-violet-950 dark:text-violet-100">
            The agent writes this post’s text when it goes out, from the brief in Assist; the text above is not used.
          </p>
        ) : null}
      </section>

      <div>
        <label htmlFor={`${id}-link`} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
          Link <span className="font-normal text-slate-600 dark:text-slate-400">(optional)</span>
        </label>
        <input
          id={`${id}-link`}
          type="url"
          inputMode="url"
          value={link}
          onChange={(e) => setLink(e.target.value)}
          placeholder="https://…"
          aria-invalid={errors["config.link"] ? true : undefined}
          aria-describedby={errors["config.link"] ? `${id}-link-err` : `${id}-link-hint`}
          className={`mt-1 ${textareaClass} ${border(errors["config.link"])}`}
        />
        {errors["config.link"] ? (
          <p id={`${id}-link-err`} className="mt-1 text-sm font-medium text-red-700 dark:text-red-400">
            {errors["config.link"]}
          </p>
        ) : (
          <p id={`${id}-link-hint`} className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            Added after the text where the text does not already contain it.
          </p>
        )}
      </div>

      <MediaPicker items={media} setItems={(u) => setMediaState(u)} error={errors["config.media"]} disabled={!canEdit} />

      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Thread</legend>
        <p className="text-sm text-slate-600 dark:text-slate-400">Further posts that reply to the first one, in order (platforms without threads will say so above).</p>
        {thread.map((part, i) => (
          <div key={i} className="space-y-1">
            <div className="flex items-center justify-between">
              <label htmlFor={`${id}-thread-${i}`} className="text-sm font-medium">
                Part {i + 2}
              </label>
              <button type="button" onClick={() => setThread((t) => t.filter((_, j) => j !== i))} className={`text-xs font-medium text-red-700 underline underline-offset-2 dark:text-red-400 ${focusRing}`}>
                Remove<span className="sr-only"> part {i + 2}</span>
              </button>
            </div>
            <textarea
              id={`${id}-thread-${i}`}
              rows={3}
              value={part}
              onChange={(e) => setThread((t) => t.map((x, j) => (j === i ? e.target.value : x)))}
              className={`${textareaClass} ${border(errors["config.thread"])}`}
            />
          </div>
        ))}
        {errors["config.thread"] ? <p className="text-sm font-medium text-red-700 dark:text-red-400">{errors["config.thread"]}</p> : null}
        <button
          type="button"
          onClick={() => setThread((t) => [...t, ""])}
          disabled={thread.length >= 25}
          className={`rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800 ${focusRing}`}
        >
          Add a thread part
        </button>
      </fieldset>

      <div>
        <label htmlFor={`${id}-comment`} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
          First comment <span className="font-normal text-slate-600 dark:text-slate-400">(optional)</span>
        </label>
        <textarea
          id={`${id}-comment`}
          rows={2}
          value={firstComment}
          onChange={(e) => setFirstComment(e.target.value)}
          aria-invalid={errors["config.firstComment"] ? true : undefined}
          aria-describedby={errors["config.firstComment"] ? `${id}-comment-err` : undefined}
          className={`mt-1 ${textareaClass} ${border(errors["config.firstComment"])}`}
        />
        {errors["config.firstComment"] ? (
          <p id={`${id}-comment-err`} className="mt-1 text-sm font-medium text-red-700 dark:text-red-400">
            {errors["config.firstComment"]}
          </p>
        ) : null}
      </div>

      <ScheduleFields value={schedule} onChange={(p) => setSchedule((s) => ({ ...s, ...p }))} timeZone={timeZone} errors={errors} />
      <BestTimeHint accounts={chosen} timeZone={timeZone} current={schedule} onPick={(date, time) => setSchedule((s) => ({ ...s, date, time }))} />

      <div className="space-y-2 border-t border-slate-200 pt-6 dark:border-slate-800">
        {disabledReason ? (
          <p id={`${id}-why`} className="text-sm text-slate-700 dark:text-slate-300">
            {disabledReason}
          </p>
        ) : null}
        <div className="flex flex-wrap gap-2">
          <button type="submit" className={primary} disabled={!!disabledReason || pending !== null} aria-describedby={disabledReason ? `${id}-why` : undefined}>
            {pending === "schedule" ? "Scheduling…" : "Schedule"}
          </button>
          <button type="button" onClick={() => void submitSchedule("now")} className={secondary} disabled={!!disabledReason || pending !== null}>
            {pending === "now" ? "Publishing…" : "Publish now"}
          </button>
          <button type="button" onClick={() => void submitSchedule("queue")} className={secondary} disabled={!!disabledReason || pending !== null}>
            {pending === "queue" ? "Finding a slot…" : "Add to queue"}
          </button>
          <button type="button" onClick={() => void submitSchedule("best")} className={secondary} disabled={!!disabledReason || pending !== null}>
            {pending === "best" ? "Finding the best slot…" : "Queue at best time"}
          </button>
          <button type="button" onClick={() => void saveDraft()} className={secondary} disabled={!!disabledReason || pending !== null}>
            {pending === "draft" ? "Saving…" : "Save as draft"}
          </button>
        </div>
        <p className="text-xs text-slate-600 dark:text-slate-400">“Add to queue” takes the next free posting slot of these accounts, “Queue at best time” the free slot of the coming week with the best engagement for them; repeats apply to “Schedule” and “Publish now”.</p>
      </div>
    </form>
  );
}

function Checks({
  chosen,
  checkFor,
  stale,
  checking,
  failed,
}: {
  chosen: ComposerAccount[];
  checkFor: (id: string) => AccountCheck | undefined;
  stale: boolean;
  checking: boolean;
  failed: string | null;
}) {
  if (chosen.length === 0) return null;
  const problems = chosen.flatMap((a) => (checkFor(a.id)?.problems ?? []).map((p) => ({ a, p })));
  return (
    <div className="rounded-md border border-slate-200 px-3 py-2 text-sm dark:border-slate-800" aria-live="polite" aria-busy={checking}>
      <p className="font-medium">
        {failed
          ? `Could not check the post: ${failed}`
          : checking && stale
            ? "Checking against each platform’s rules…"
            : problems.length === 0
              ? "✓ Fits every chosen account."
              : `${problems.length} problem${problems.length === 1 ? "" : "s"} to fix before it can go out:`}
      </p>
      {problems.length > 0 ? (
        <ul className={`mt-1 list-disc space-y-0.5 pl-5 text-red-800 dark:text-red-300 ${stale ? "opacity-70" : ""}`}>
          {problems.map(({ a, p }, i) => (
            <li key={`${a.id}-${i}`}>
              <span className="font-medium">
                {a.label} @{a.handle.replace(/^@/, "")}
              </span>
              : {p.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function PlatformPanel({
  account,
  idBase,
  override,
  mainText,
  setOverride,
  error,
  length,
  link,
  media,
  thread,
  firstComment,
}: {
  account: ComposerAccount;
  idBase: string;
  override: string | undefined;
  mainText: string;
  setOverride: (v: string | undefined) => void;
  error?: string;
  length: number;
  link: string;
  media: MediaItem[];
  thread: string[];
  firstComment: string;
}) {
  const text = override ?? mainText;
  const shown = shownText(account, text, link);
  const images = media.filter((m) => m.state !== "error");
  return (
    <div className="space-y-3">
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={override !== undefined} onChange={(e) => setOverride(e.target.checked ? mainText : undefined)} className="accent-blue-700" />
        Write different text for {account.label}
      </label>
      {override !== undefined ? (
        <>
          <label htmlFor={`${idBase}-text`} className="sr-only">
            Text for {account.label}
          </label>
          <textarea
            id={`${idBase}-text`}
            rows={5}
            value={override}
            onChange={(e) => setOverride(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${idBase}-count${error ? ` ${idBase}-err` : ""}`}
            className={`${textareaClass} ${border(error)}`}
          />
          {error ? (
            <p id={`${idBase}-err`} className="text-sm font-medium text-red-700 dark:text-red-400">
              {error}
            </p>
          ) : null}
        </>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">Uses the text of “All platforms”.</p>
      )}
      <p id={`${idBase}-count`}>
        <Counter length={length} max={account.maxLength} label={`${account.label} characters`} />
      </p>

      <figure aria-label={`Preview on ${account.label}`} className="rounded-lg border border-slate-200 bg-slate-50 p-3 dark:border-slate-800 dark:bg-slate-950">
        <figcaption className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">Preview · {account.label}</figcaption>
        <div className="flex items-start gap-2">
          <span aria-hidden="true" className="flex h-9 w-9 shrink-0 items-center justify-center rounded-full bg-slate-300 text-sm font-semibold text-slate-800 dark:bg-slate-700 dark:text-slate-100">
            {(account.displayName ?? account.handle).replace(/^@/, "").slice(0, 1).toUpperCase()}
          </span>
          <div className="min-w-0 flex-1">
            <p className="text-sm">
              <span className="font-semibold">{account.displayName ?? account.handle}</span>{" "}
              <span className="text-slate-600 dark:text-slate-400">@{account.handle.replace(/^@/, "")}</span>
            </p>
            <p className="mt-1 whitespace-pre-wrap break-words text-sm">{shown || <span className="italic text-slate-600 dark:text-slate-400">Nothing written yet.</span>}</p>
            {images.length > 0 ? (
              <div className={`mt-2 grid gap-1 ${images.length > 1 ? "grid-cols-2" : ""}`}>
                {images.slice(0, Math.max(account.mediaMax, 1)).map((m) =>
                  m.isVideo ? (
                    <video key={m.key} src={m.preview} className="max-h-48 w-full rounded object-cover" muted aria-label={`Video ${m.name}`} />
                  ) : (
                    // eslint-disable-next-line @next/next/no-img-element -- a local preview of an upload
                    <img key={m.key} src={m.preview} alt={m.altText || `Image without alt text (${m.name})`} className="max-h-48 w-full rounded object-cover" />
                  ),
                )}
              </div>
            ) : null}
            {images.length > account.mediaMax ? (
              <p className="mt-1 text-xs text-red-700 dark:text-red-400">
                {account.label} shows at most {account.mediaMax} media items.
              </p>
            ) : null}
          </div>
        </div>
        {thread.length > 0 ? (
          <ol className="mt-3 space-y-2 border-l-2 border-slate-300 pl-3 text-sm dark:border-slate-700" aria-label="Thread">
            {thread.map((t, i) => (
              <li key={i} className="whitespace-pre-wrap break-words">
                <span className="sr-only">Part {i + 2}: </span>
                {t}
              </li>
            ))}
          </ol>
        ) : null}
        {firstComment.trim() ? (
          <p className="mt-3 border-t border-slate-200 pt-2 text-sm dark:border-slate-800">
            <span className="text-xs font-semibold text-slate-600 dark:text-slate-400">First comment · </span>
            {firstComment}
          </p>
        ) : null}
      </figure>
    </div>
  );
}
