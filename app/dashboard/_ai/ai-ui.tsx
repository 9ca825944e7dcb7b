"use client";
// Small pieces every AI screen shares (composer Assist panel, compliance findings, autopilot,
// settings): the "Simulated AI" badge with its notice, a compliance findings list (block = error
// style, review = warning style), the cost line of a call, and a JSON call that keeps the API's
// readable message, status and details (402 budget_exhausted, 422 compliance_failed …).

import type { AgentMeta } from "@/lib/ai-agent";
import type { Finding } from "@/lib/ai/compliance";
import { request, type FieldError } from "../_live/api";

export type { AgentMeta, Finding };

/**
 * What the dashboard reads of a post's `ai` column, free-form JSON on the server that the agent
 * fills on the posts it writes (a brief, autopilot): whether it was simulated, and from what.
 */
export interface AiMark {
  operation?: string;
  simulated?: boolean;
  notice?: string | null;
  model?: string;
  angle?: string;
  taskId?: string;
}

export interface CallResult<T> {
  ok: boolean;
  status: number;
  data: T | null;
  message: string;
  code: string | null;
  fields: FieldError[];
  details: Record<string, unknown> | null;
}

/** POST/PUT/GET JSON to our API; never throws (a network failure comes back as status 0). */
export async function callApi<T>(method: string, url: string, body?: unknown): Promise<CallResult<T>> {
  const r = await request<T>(method, url, body);
  return {
    ok: r.ok,
    status: r.status,
    data: r.ok ? r.body : null,
    message: r.message ?? (r.ok ? "" : messageForStatus(r.status)),
    code: r.code,
    fields: r.fields,
    details: r.details,
  };
}

function messageForStatus(status: number): string {
  if (status === 402) return "This month's AI budget is used up. Raise the cap in Settings → AI or wait for next month.";
  if (status === 429) return "The AI service is busy right now. Try again in a minute.";
  if (status === 502 || status === 503) return "The AI service did not answer properly. Try again in a moment.";
  if (status === 403) return "Only editors, admins and owners can use the agent here.";
  return `The request failed (HTTP ${status}).`;
}

/** The findings of a 422 compliance_failed answer, if that is what it was. */
export function refusedFindings(r: { status: number; details: Record<string, unknown> | null }): Finding[] | null {
  if (r.status !== 422 || !r.details || !Array.isArray(r.details.findings)) return null;
  return r.details.findings as Finding[];
}

export function SimulatedBadge({ notice, label = "Simulated AI" }: { notice?: string | null; label?: string }) {
  return (
    <span
      className="inline-flex items-center rounded-full bg-violet-100 px-2 py-0.5 text-xs font-semibold text-violet-900 ring-1 ring-inset ring-violet-700/30 dark:bg-violet-950 dark:text-violet-100 dark:ring-violet-300/40"
      title={notice ?? undefined}
      data-simulated="true"
    >
      {label}
    </span>
  );
}

export function AiBadge() {
  return (
    <span className="inline-flex items-center rounded-full bg-sky-100 px-2 py-0.5 text-xs font-semibold text-sky-900 ring-1 ring-inset ring-sky-700/30 dark:bg-sky-950 dark:text-sky-100 dark:ring-sky-300/40">
      AI
    </span>
  );
}

/** The badge and the notice text in full, shown wherever simulated output appears. */
export function SimulationNotice({ notice }: { notice: string | null }) {
  return (
    <p className="flex flex-wrap items-start gap-2 text-sm text-slate-700 dark:text-slate-300">
      <SimulatedBadge notice={notice} />
      <span className="min-w-0 flex-1">{notice ?? "Written by Herald's built-in templates, not a language model."}</span>
    </p>
  );
}

export const usd = (n: number) => (n === 0 ? "$0.00" : n < 0.01 ? `$${n.toFixed(4)}` : `$${n.toFixed(2)}`);

/** "Cost $0.0012 · 340 tokens · gpt-4o-mini" for one call. */
export function CostLine({ meta }: { meta: AgentMeta }) {
  const u = meta.usage;
  const tokens = u ? u.promptTokens + u.completionTokens : 0;
  return (
    <p className="text-xs text-slate-600 dark:text-slate-400">
      Cost of this call: <span className="font-medium tabular-nums">{usd(u?.costUsd ?? 0)}</span>
      {" · "}
      <span className="tabular-nums">{tokens.toLocaleString("en")}</span> tokens · {meta.model || "no model"}
      {meta.repairs ? ` · ${meta.repairs} repair${meta.repairs === 1 ? "" : "s"}` : ""}
    </p>
  );
}

const RULE: Record<string, string> = {
  avoid_word: "Word to avoid",
  profanity: "Profanity",
  unsupported_claim: "Claim to check",
  link_policy: "Link policy",
  hashtags: "Hashtags",
  emoji: "Emoji",
};

/** Findings as a list: "Must fix" (block) in red, "Check" (review) in amber — in words as well as colour. */
export function FindingsList({ findings, platformLabel, className = "" }: { findings: Finding[]; platformLabel?: (p: string) => string; className?: string }) {
  if (findings.length === 0) return null;
  return (
    <ul className={`space-y-1 text-sm ${className}`}>
      {findings.map((f, i) => (
        <li
          key={`${f.rule}-${f.index ?? i}-${f.platform ?? ""}-${i}`}
          data-severity={f.severity}
          className={`rounded-md border-l-4 px-2 py-1 ${
            f.severity === "block"
              ? "border-red-600 bg-red-50 text-red-900 dark:border-red-400 dark:bg-red-950 dark:text-red-100"
              : "border-amber-600 bg-amber-50 text-amber-950 dark:border-amber-400 dark:bg-amber-950 dark:text-amber-100"
          }`}
        >
          <span className="font-semibold">{f.severity === "block" ? "Must fix" : "Check"}</span>
          <span className="font-medium"> · {RULE[f.rule] ?? f.rule.replaceAll("_", " ")}</span>
          {f.platform ? <span> · {platformLabel ? platformLabel(f.platform) : f.platform}</span> : null}: {f.message}
        </li>
      ))}
    </ul>
  );
}
