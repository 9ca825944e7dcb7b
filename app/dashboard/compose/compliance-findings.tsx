"use client";
// The composer's brand check, under the text: as the text changes (debounced), POST
// /api/agent/compliance lists what breaks the brand voice ("Must fix" blocks scheduling) and what a
// person should look at ("Check"). When scheduling was refused (422 compliance_failed), the
// server's own findings are shown here instead until the text changes.
import { useEffect, useState } from "react";
import useSWR from "swr";
import { PLATFORM_LABEL } from "../_live/format";
import { callApi, FindingsList, type Finding } from "../_ai/ai-ui";

interface Input {
  text: string;
  link?: string;
  platforms?: string[];
  overrides?: Record<string, string>;
  thread?: string[];
  firstComment?: string;
}

async function check([, body]: [string, string]): Promise<Finding[] | null> {
  const r = await callApi<{ findings: Finding[] }>("POST", "/api/agent/compliance", JSON.parse(body));
  // A server without the endpoint yet: no brand check rather than an error.
  if (r.status === 404 && !r.code) return null;
  if (!r.ok || !r.data) throw new Error(r.message);
  return r.data.findings;
}

export function ComplianceFindings({ input, enabled, refused }: { input: Input; enabled: boolean; refused: Finding[] | null }) {
  const hasText = input.text.trim() !== "" || Object.values(input.overrides ?? {}).some((t) => t.trim() !== "");
  const body = enabled && hasText ? JSON.stringify(input) : null;
  const [debounced, setDebounced] = useState<string | null>(null);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(body), 500);
    return () => clearTimeout(t);
  }, [body]);
  const { data, error, isLoading } = useSWR(debounced ? ["compliance", debounced] : null, check, { keepPreviousData: true, revalidateOnFocus: false });

  if (!enabled || data === null) return null;
  const stale = body !== debounced || isLoading;
  const findings = refused ?? (body ? (data ?? []) : []);
  const blocks = findings.filter((f) => f.severity === "block").length;
  const reviews = findings.length - blocks;

  return (
    <div className="rounded-md border border-slate-200 px-3 py-2 text-sm dark:border-slate-800" aria-live="polite" aria-busy={stale} data-testid="compliance">
      <p className="font-medium">
        {refused
          ? "Not scheduled: the brand check found problems to fix first."
          : !body
            ? "Brand check: write some text to check it against your brand voice."
            : error
              ? `Could not run the brand check: ${String((error as Error).message ?? error)}`
              : stale && !data
                ? "Checking against your brand voice…"
                : findings.length === 0
                  ? "✓ Brand check: nothing to fix."
                  : `Brand check: ${blocks ? `${blocks} to fix before scheduling` : ""}${blocks && reviews ? ", " : ""}${reviews ? `${reviews} to check` : ""}.`}
      </p>
      <FindingsList findings={findings} platformLabel={(p) => PLATFORM_LABEL[p] ?? p} className={`mt-1 ${stale && !refused ? "opacity-70" : ""}`} />
    </div>
  );
}
