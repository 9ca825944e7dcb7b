"use client";
// The composer's Assist panel (POST /api/agent/assist): draft a post per chosen platform from a
// brief, rewrite / shorten / add hashtags to the current text, A/B variants, Reddit titles and a
// reply suggestion for a pasted comment. Every result shows its cost and, when the agent runs
// without a model, the simulation notice; nothing replaces the composer's text until the person
// presses "Use …". "Let the agent write it when it goes out" hands the brief to the composer, which
// then schedules with content: null and config.brief.
import { useId, useRef, useState, type KeyboardEvent } from "react";
import { PLATFORM_LABEL } from "../_live/format";
import { callApi, CostLine, FindingsList, SimulationNotice, type AgentMeta, type Finding } from "../_ai/ai-ui";
import { ScheduleAbTest } from "../_ai/ab-test";

type Mode = "draft" | "improve" | "variants" | "titles" | "reply";
type ImproveAction = "rewrite" | "shorten" | "hashtags";

interface DraftResult extends AgentMeta {
  posts: { platform: string; text: string; findings: Finding[] }[];
}
interface TextResult extends AgentMeta {
  text: string;
  findings: Finding[];
}
interface VariantsResult extends AgentMeta {
  variants: { label: string; angle: string; text: string; findings: Finding[] }[];
}
interface TitlesResult extends AgentMeta {
  titles: string[];
}
interface ReplyResult extends AgentMeta {
  reply: string;
  findings: Finding[];
}

type Result =
  | { kind: "draft"; data: DraftResult }
  | { kind: "improve"; action: ImproveAction; platform: string; data: TextResult }
  | { kind: "variants"; platform: string; data: VariantsResult }
  | { kind: "titles"; data: TitlesResult }
  | { kind: "reply"; data: ReplyResult };

const focusRing = "focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:focus-visible:ring-blue-400";
const control = `block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-sm dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 ${focusRing}`;
const btn = `inline-flex min-h-9 items-center rounded-md px-3 py-1.5 text-sm font-semibold disabled:cursor-not-allowed disabled:opacity-60 ${focusRing}`;
const primary = `${btn} bg-blue-700 text-white hover:bg-blue-800`;
const secondary = `${btn} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800`;
const label = (p: string) => PLATFORM_LABEL[p] ?? p;
// The panel sits inside the composer's form: Enter in one of its one-line inputs must not schedule the post.
const noSubmit = (e: KeyboardEvent<HTMLInputElement>) => {
  if (e.key === "Enter") e.preventDefault();
};

const IMPROVE_LABEL: Record<ImproveAction, [string, string]> = {
  rewrite: ["Rewrite", "Rewriting…"],
  shorten: ["Shorten", "Shortening…"],
  hashtags: ["Add hashtags", "Adding hashtags…"],
};

export interface AssistPanelProps {
  /** Distinct platforms of the chosen accounts, in the composer's order. */
  platforms: string[];
  /** The text of the composer's active tab and the platform it is for (null: "All platforms"). */
  text: string;
  textPlatform: string | null;
  link: string;
  canEdit: boolean;
  /** Fills the main text and per-platform overrides from a draft. */
  onDraft: (posts: { platform: string; text: string }[]) => void;
  /** Replaces the active tab's text. */
  onApply: (text: string) => void;
  /** Fills the Title field of the composer's Reddit section. */
  onRedditTitle: (title: string) => void;
  /** The composer's config.reddit, for scheduling variants to Reddit accounts. */
  reddit?: Record<string, unknown>;
  /** The composer's config.media, config.youtube, config.tiktok and config.whatsapp, likewise. */
  media?: Record<string, unknown>[];
  youtube?: Record<string, unknown>;
  tiktok?: Record<string, unknown>;
  whatsapp?: Record<string, unknown>;
  /** Non-null: the composer schedules with content: null and this brief. */
  agentBrief: string | null;
  onAgentBrief: (brief: string | null) => void;
  /** The chosen accounts, for scheduling variants as an A/B test. */
  accountIds: string[];
}

export function AssistPanel(props: AssistPanelProps) {
  const { platforms, text, textPlatform, link, canEdit } = props;
  const id = useId();
  const [open, setOpen] = useState(true);
  const [mode, setMode] = useState<Mode>("draft");
  const [brief, setBrief] = useState("");
  const [variantBrief, setVariantBrief] = useState("");
  const [count, setCount] = useState(2);
  const [community, setCommunity] = useState("");
  const [comment, setComment] = useState("");
  const [author, setAuthor] = useState("");
  const [replyPlatform, setReplyPlatform] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<{ message: string; fields: { path: string; message: string }[]; status: number } | null>(null);
  const [applied, setApplied] = useState<string | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  const hasReddit = platforms.includes("reddit");
  const modes: [Mode, string][] = [
    ["draft", "Draft"],
    ["improve", "Improve text"],
    ["variants", "Variants"],
    ...(hasReddit ? ([["titles", "Reddit titles"]] as [Mode, string][]) : []),
    ["reply", "Reply"],
  ];
  const activeMode: Mode = mode === "titles" && !hasReddit ? "draft" : mode;
  // Platform the single-text actions write for: the active tab's, else the first chosen one.
  const workPlatform = textPlatform ?? platforms[0] ?? null;
  const linkValue = /^https?:\/\/\S+$/i.test(link.trim()) ? link.trim() : undefined;

  async function run(kind: string, body: Record<string, unknown>, toResult: (data: unknown) => Result) {
    setBusy(kind);
    setError(null);
    setApplied(null);
    const r = await callApi<unknown>("POST", "/api/agent/assist", body);
    setBusy(null);
    if (!r.ok || !r.data) {
      setResult(null);
      setError({ message: r.message, fields: r.fields, status: r.status });
    } else {
      setResult(toResult(r.data));
    }
    queueMicrotask(() => resultRef.current?.focus());
  }

  function use(what: string, fn: () => void) {
    fn();
    setApplied(what);
  }

  const noPlatform = platforms.length === 0;
  const disabled = !canEdit || busy !== null;

  return (
    <section aria-labelledby={`${id}-h`} className="rounded-lg border border-violet-200 bg-violet-50/40 p-3 sm:p-4 dark:border-violet-900 dark:bg-violet-950/20">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={`${id}-h`} className="text-sm font-semibold text-slate-900 dark:text-slate-100">
          Assist
        </h2>
        <button type="button" className={`text-sm font-medium text-blue-800 underline underline-offset-2 dark:text-blue-300 ${focusRing}`} aria-expanded={open} aria-controls={`${id}-body`} onClick={() => setOpen((o) => !o)}>
          {open ? "Hide" : "Show"}
          <span className="sr-only"> the Assist panel</span>
        </button>
      </div>
      {open ? (
        <div id={`${id}-body`} className="mt-2 space-y-3">
          {!canEdit ? <p className="text-sm text-slate-700 dark:text-slate-300">Only editors and above can use the agent.</p> : null}
          <div role="group" aria-label="What should the agent do?" className="flex flex-wrap gap-1">
            {modes.map(([m, name]) => (
              <button
                key={m}
                type="button"
                aria-pressed={activeMode === m}
                onClick={() => {
                  setMode(m);
                  setError(null);
                }}
                className={`rounded-md border px-3 py-1.5 text-sm font-medium ${focusRing} ${
                  activeMode === m
                    ? "border-blue-700 bg-blue-700 text-white dark:border-blue-400 dark:bg-blue-600"
                    : "border-slate-300 bg-white text-slate-800 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
                }`}
              >
                {name}
              </button>
            ))}
          </div>

          {activeMode === "draft" ? (
            <div className="space-y-2">
              <label htmlFor={`${id}-brief`} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
                Brief for the agent
              </label>
              <textarea
                id={`${id}-brief`}
                rows={3}
                value={brief}
                onChange={(e) => {
                  setBrief(e.target.value);
                  if (props.agentBrief !== null) props.onAgentBrief(e.target.value.trim() || null);
                }}
                placeholder="e.g. Our new sourdough is in on Saturday, first 20 loaves half price"
                aria-describedby={`${id}-brief-hint`}
                className={control}
              />
              <p id={`${id}-brief-hint`} className="text-sm text-slate-600 dark:text-slate-400">
                {noPlatform
                  ? "Choose accounts first: the agent writes one post per platform."
                  : `Writes one post each for ${platforms.map(label).join(", ")}${linkValue ? ", with the link above" : ""}.`}
              </p>
              <div className="flex flex-wrap items-center gap-2">
                <button
                  type="button"
                  className={primary}
                  disabled={disabled || noPlatform || brief.trim().length < 3 || props.agentBrief !== null}
                  onClick={() =>
                    void run("draft", { action: "draft", brief: brief.trim(), platforms, ...(linkValue && { link: linkValue }) }, (d) => ({ kind: "draft", data: d as DraftResult }))
                  }
                >
                  {busy === "draft" ? "Drafting…" : "Draft posts"}
                </button>
              </div>
              <label className="flex items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  className="mt-0.5 h-4 w-4 accent-blue-700"
                  checked={props.agentBrief !== null}
                  disabled={!canEdit || (props.agentBrief === null && brief.trim().length < 3)}
                  onChange={(e) => props.onAgentBrief(e.target.checked ? brief.trim() : null)}
                  aria-describedby={`${id}-later-hint`}
                />
                <span>
                  <span className="font-medium">Let the agent write it when it goes out</span>
                  <span id={`${id}-later-hint`} className="block text-slate-600 dark:text-slate-400">
                    “Schedule”, “Add to queue” and “Queue at best time” then send this brief instead of a text, and the agent writes each platform’s post at publishing time. The text above is not used.
                  </span>
                </span>
              </label>
            </div>
          ) : null}

          {activeMode === "improve" ? (
            <div className="space-y-2">
              <p className="text-sm text-slate-700 dark:text-slate-300">
                {text.trim()
                  ? `Works on the text of “${textPlatform ? label(textPlatform) : "All platforms"}”${workPlatform ? `, fitted to ${label(workPlatform)}` : ""}.`
                  : "Write some text first (or draft it): these work on the current text."}
              </p>
              <div className="flex flex-wrap gap-2">
                {(Object.keys(IMPROVE_LABEL) as ImproveAction[]).map((a) => (
                  <button
                    key={a}
                    type="button"
                    className={secondary}
                    disabled={disabled || !text.trim() || !workPlatform}
                    onClick={() =>
                      void run(a, { action: a, text, platform: workPlatform }, (d) => ({ kind: "improve", action: a, platform: workPlatform!, data: d as TextResult }))
                    }
                  >
                    {busy === a ? IMPROVE_LABEL[a][1] : IMPROVE_LABEL[a][0]}
                  </button>
                ))}
              </div>
              {noPlatform ? <p className="text-sm text-slate-600 dark:text-slate-400">Choose an account so the agent knows the platform’s limits.</p> : null}
            </div>
          ) : null}

          {activeMode === "variants" ? (
            <div className="space-y-2">
              <label htmlFor={`${id}-vbrief`} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
                Brief or original post
              </label>
              <textarea id={`${id}-vbrief`} rows={3} value={variantBrief} onChange={(e) => setVariantBrief(e.target.value)} placeholder={text.trim() ? "Empty: the current text" : ""} className={control} />
              <div className="flex flex-wrap items-end gap-2">
                <div>
                  <label htmlFor={`${id}-count`} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
                    How many
                  </label>
                  <select id={`${id}-count`} value={count} onChange={(e) => setCount(Number(e.target.value))} className={`${control} mt-1 w-24`}>
                    <option value={2}>2</option>
                    <option value={3}>3</option>
                  </select>
                </div>
                <button
                  type="button"
                  className={primary}
                  disabled={disabled || !workPlatform || (variantBrief.trim() || text.trim()).length < 3}
                  onClick={() =>
                    void run(
                      "variants",
                      { action: "variants", brief: (variantBrief.trim() || text.trim()), platform: workPlatform, count, ...(linkValue && { link: linkValue }) },
                      (d) => ({ kind: "variants", platform: workPlatform!, data: d as VariantsResult }),
                    )
                  }
                >
                  {busy === "variants" ? "Writing variants…" : "Write variants"}
                </button>
              </div>
              {workPlatform ? <p className="text-sm text-slate-600 dark:text-slate-400">For {label(workPlatform)}; “Use this one” puts a variant into the current text.</p> : null}
            </div>
          ) : null}

          {activeMode === "titles" ? (
            <div className="space-y-2">
              <label htmlFor={`${id}-community`} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
                Community <span className="font-normal text-slate-600 dark:text-slate-400">(optional, e.g. r/Baking)</span>
              </label>
              <input id={`${id}-community`} value={community} onChange={(e) => setCommunity(e.target.value)} onKeyDown={noSubmit} className={control} />
              <button
                type="button"
                className={primary}
                disabled={disabled || text.trim().length < 3}
                onClick={() =>
                  void run("titles", { action: "titles", content: text, count: 3, ...(community.trim() && { community: community.trim() }) }, (d) => ({ kind: "titles", data: d as TitlesResult }))
                }
              >
                {busy === "titles" ? "Suggesting titles…" : "Suggest titles"}
              </button>
              {!text.trim() ? <p className="text-sm text-slate-600 dark:text-slate-400">Write the post first: the titles come from its text.</p> : null}
            </div>
          ) : null}

          {activeMode === "reply" ? (
            <div className="space-y-2">
              <label htmlFor={`${id}-comment`} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
                Comment or mention to answer
              </label>
              <textarea id={`${id}-comment`} rows={3} value={comment} onChange={(e) => setComment(e.target.value)} className={control} />
              <div className="grid gap-2 sm:grid-cols-2">
                <div>
                  <label htmlFor={`${id}-author`} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
                    Their handle <span className="font-normal text-slate-600 dark:text-slate-400">(optional)</span>
                  </label>
                  <input id={`${id}-author`} value={author} onChange={(e) => setAuthor(e.target.value)} onKeyDown={noSubmit} className={`${control} mt-1`} />
                </div>
                <div>
                  <label htmlFor={`${id}-rplatform`} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
                    Platform
                  </label>
                  <select id={`${id}-rplatform`} value={replyPlatform || workPlatform || "bluesky"} onChange={(e) => setReplyPlatform(e.target.value)} className={`${control} mt-1`}>
                    {Object.entries(PLATFORM_LABEL).map(([p, l]) => (
                      <option key={p} value={p}>
                        {l}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              <button
                type="button"
                className={primary}
                disabled={disabled || !comment.trim()}
                onClick={() =>
                  void run(
                    "reply",
                    {
                      action: "reply",
                      comment: comment.trim(),
                      platform: replyPlatform || workPlatform || "bluesky",
                      ...(author.trim() && { author: author.trim() }),
                      ...(text.trim() && { postText: text }),
                    },
                    (d) => ({ kind: "reply", data: d as ReplyResult }),
                  )
                }
              >
                {busy === "reply" ? "Suggesting a reply…" : "Suggest a reply"}
              </button>
            </div>
          ) : null}

          <div ref={resultRef} tabIndex={-1} aria-live="polite" aria-busy={busy !== null} className="rounded-md focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600" data-testid="assist-result">
            {busy ? (
              <p className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300" role="status">
                <span aria-hidden="true" className="inline-block h-3 w-3 animate-spin rounded-full border-2 border-blue-700 border-t-transparent dark:border-blue-300 dark:border-t-transparent" />
                The agent is writing…
              </p>
            ) : error ? (
              <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
                <p className="font-medium">{error.status === 402 ? "This month’s AI budget is used up." : "The agent could not do that."}</p>
                <p>{error.message}</p>
                {error.fields.length ? (
                  <ul className="mt-1 list-disc pl-5">
                    {error.fields.map((f) => (
                      <li key={f.path}>{f.message}</li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ) : result ? (
              <ResultView result={result} applied={applied} onUse={use} props={props} />
            ) : null}
          </div>
        </div>
      ) : null}
    </section>
  );
}

function ResultView({ result, applied, onUse, props }: { result: Result; applied: string | null; onUse: (what: string, fn: () => void) => void; props: AssistPanelProps }) {
  const data = result.data;
  const [copied, setCopied] = useState(false);
  const card = "rounded-md border border-slate-200 bg-white p-2 dark:border-slate-800 dark:bg-slate-900";
  return (
    <div className="space-y-2" data-kind={result.kind}>
      {data.simulated ? <SimulationNotice notice={data.notice} /> : null}
      {result.kind === "draft" ? (
        <>
          <ul className="space-y-2">
            {result.data.posts.map((p) => (
              <li key={p.platform} className={card}>
                <p className="text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">{label(p.platform)}</p>
                <p className="mt-1 whitespace-pre-wrap break-words text-sm text-slate-900 dark:text-slate-100">{p.text}</p>
                <FindingsList findings={p.findings} platformLabel={label} className="mt-1" />
              </li>
            ))}
          </ul>
          <button type="button" className={primary} onClick={() => onUse("draft", () => props.onDraft(result.data.posts))}>
            Use {result.data.posts.length === 1 ? "this draft" : "these drafts"}
          </button>
        </>
      ) : null}
      {result.kind === "improve" ? (
        <div className={card}>
          <p className="text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
            {IMPROVE_LABEL[result.action][0]} · {label(result.platform)}
          </p>
          <p className="mt-1 whitespace-pre-wrap break-words text-sm text-slate-900 dark:text-slate-100">{result.data.text}</p>
          <FindingsList findings={result.data.findings} platformLabel={label} className="mt-1" />
          <button type="button" className={`${primary} mt-2`} onClick={() => onUse("text", () => props.onApply(result.data.text))}>
            Use this text
          </button>
        </div>
      ) : null}
      {result.kind === "variants" ? (
        <ul className="space-y-2">
          {result.data.variants.map((v) => (
            <li key={v.label} className={card}>
              <p className="text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
                Variant {v.label} · {v.angle}
              </p>
              <p className="mt-1 whitespace-pre-wrap break-words text-sm text-slate-900 dark:text-slate-100">{v.text}</p>
              <FindingsList findings={v.findings} platformLabel={label} className="mt-1" />
              <button type="button" className={`${secondary} mt-2`} onClick={() => onUse(`variant ${v.label}`, () => props.onApply(v.text))}>
                Use this one<span className="sr-only"> (variant {v.label})</span>
              </button>
            </li>
          ))}
          <li>
            <ScheduleAbTest variants={result.data.variants} accountIds={props.accountIds} media={props.media} reddit={props.reddit} youtube={props.youtube} tiktok={props.tiktok} whatsapp={props.whatsapp} />
          </li>
        </ul>
      ) : null}
      {result.kind === "titles" ? (
        <ul className="space-y-2">
          {result.data.titles.map((t, i) => (
            <li key={i} className={`${card} flex flex-wrap items-center justify-between gap-2`}>
              <span className="min-w-0 flex-1 break-words text-sm font-medium text-slate-900 dark:text-slate-100">{t}</span>
              <button type="button" className={secondary} onClick={() => onUse("title", () => props.onRedditTitle(t))}>
                Use<span className="sr-only"> as the Reddit title: {t}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {result.kind === "reply" ? (
        <div className={card}>
          <p className="text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">Suggested reply</p>
          <p className="mt-1 whitespace-pre-wrap break-words text-sm text-slate-900 dark:text-slate-100">{result.data.reply}</p>
          <FindingsList findings={result.data.findings} platformLabel={label} className="mt-1" />
          <button
            type="button"
            className={`${secondary} mt-2`}
            onClick={() => {
              void navigator.clipboard?.writeText(result.data.reply).then(
                () => setCopied(true),
                () => setCopied(false),
              );
            }}
          >
            {copied ? "Copied" : "Copy the reply"}
          </button>
        </div>
      ) : null}
      <CostLine meta={data} />
      {applied ? (
        <p role="status" className="text-sm font-medium text-emerald-800 dark:text-emerald-300">
          {applied === "draft"
            ? "The drafts are in the text above (a platform with its own text shows “(custom)”)."
            : applied === "title"
              ? "The title is in the Reddit section’s Title field."
              : "The text above has been replaced."}
        </p>
      ) : null}
    </div>
  );
}
