"use client";
// Which campaign the post belongs to: none, or one of the workspace's (docs/decisions.md,
// "Campaigns"). Its posts are counted together on the campaign's page and in analytics.
import Link from "next/link";
import { useId } from "react";
import { border, focusRing } from "./styles";

export interface CampaignOption {
  id: string;
  name: string;
}

const selectClass = `mt-1 block w-full rounded-md border bg-white px-3 py-2 text-base text-slate-900 shadow-sm dark:bg-slate-900 dark:text-slate-100 ${focusRing}`;
const hint = "mt-1 text-sm text-slate-600 dark:text-slate-400";
const link = "font-medium text-blue-700 underline underline-offset-2 hover:text-blue-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:text-blue-300";

export function CampaignField({ campaigns, value, onChange, error }: { campaigns: CampaignOption[]; value: string; onChange: (id: string) => void; error?: string }) {
  const id = useId();
  if (campaigns.length === 0) {
    return (
      <p className={hint}>
        <span className="font-medium text-slate-800 dark:text-slate-200">Campaign:</span> none yet.{" "}
        <Link href="/dashboard/campaigns" className={link}>
          Create a campaign
        </Link>{" "}
        to group posts and see how they do together.
      </p>
    );
  }
  return (
    <div>
      <label htmlFor={`${id}-campaign`} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
        Campaign
      </label>
      <select
        id={`${id}-campaign`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-campaign-hint${error ? ` ${id}-campaign-err` : ""}`}
        className={`${selectClass} ${border(error)}`}
      >
        <option value="">No campaign</option>
        {campaigns.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      <p id={`${id}-campaign-hint`} className={hint}>
        Its posts are counted together on the{" "}
        <Link href="/dashboard/campaigns" className={link}>
          campaign’s page
        </Link>
        .
      </p>
      {error ? (
        <p id={`${id}-campaign-err`} className="mt-1 text-sm font-medium text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
