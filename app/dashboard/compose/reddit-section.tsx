"use client";
// The composer's Reddit group, shown while a Reddit account is chosen: the subreddit (typed with
// or without r/), the title with its count, the subreddit's flairs when it has any, NSFW and
// spoiler. The subreddit's rules come from GET /api/accounts/:id/reddit/subreddit once the name
// has settled; what they refuse is marked at its field (composer-state.ts, redditBlockers).
import { useEffect, useState, type Dispatch } from "react";
import useSWR from "swr";
import { Field } from "@/app/_components/form";
import type { SubredditCheck } from "@/lib/compose";
import { graphemeCount } from "@/lib/social/text";
import { REDDIT_TITLE_MAX, SUBREDDIT_NAME } from "@/lib/social/reddit/fields";
import { FilterSelect } from "../_live/filter-select";
import { fetchJson } from "../_live/format";
import { Counter } from "./counter";
import type { ComposerAccount, ComposerAction, RedditDraft } from "./composer-state";
import { Checkbox, NetworkSection } from "./network-section";

/** The Reddit account to read a subreddit's rules with: the first real one chosen, else the first. */
export function redditAccountOf(chosen: ComposerAccount[]): ComposerAccount | undefined {
  const reddit = chosen.filter((a) => a.platform === "reddit");
  return reddit.find((a) => !a.simulated) ?? reddit[0];
}

/** The subreddit's rules for `accountId`, asked for once the name has stopped changing (and is one). */
export function useSubredditRules(accountId: string | undefined, subreddit: string) {
  const [settled, setSettled] = useState(subreddit);
  useEffect(() => {
    const t = setTimeout(() => setSettled(subreddit), 500);
    return () => clearTimeout(t);
  }, [subreddit]);
  const name = SUBREDDIT_NAME.test(settled) && settled === subreddit ? settled : null;
  const url = accountId && name ? `/api/accounts/${encodeURIComponent(accountId)}/reddit/subreddit?name=${encodeURIComponent(name)}` : null;
  const { data, error, isLoading } = useSWR<SubredditCheck>(url, fetchJson, { revalidateOnFocus: false, shouldRetryOnError: false });
  return {
    rules: url ? data : undefined,
    checking: url !== null && isLoading,
    error: url && error ? String((error as Error).message ?? error) : null,
  };
}

export function RedditSection({
  id,
  reddit,
  errors,
  dispatch,
  check,
}: {
  id: string;
  reddit: RedditDraft;
  /** The composer's errors with the subreddit's blockers. */
  errors: Record<string, string>;
  dispatch: Dispatch<ComposerAction>;
  check: ReturnType<typeof useSubredditRules>;
}) {
  const set = (patch: Partial<RedditDraft>) => dispatch({ type: "reddit", patch });
  const { rules, checking, error } = check;
  const sr = `r/${rules?.name ?? reddit.subreddit}`;
  const kinds = rules?.selfPostsAllowed ? (rules.linkPostsAllowed ? "text, link and image posts" : "text posts only") : "link and image posts only";
  const note = checking
    ? `Checking ${sr}…`
    : error
      ? error
      : rules?.simulated
        ? rules.notice
        : rules?.flairRequired && rules.flairs.length === 0
          ? `${sr} requires a flair, but its flairs could not be read; Reddit may refuse the post.`
          : rules && rules.exists && !rules.problem
            ? `${sr} takes ${kinds}${rules.flairRequired ? "; it requires a flair" : ""}.`
            : null;
  return (
    <NetworkSection name="Reddit" testId="reddit-section">
      <Field
        label="Subreddit"
        name="reddit-subreddit"
        prefix="r/"
        value={reddit.subreddit}
        onChange={(e) => set({ subreddit: e.target.value })}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        required
        placeholder="Breadit"
        error={errors["config.reddit.subreddit"]}
        hint={
          <span id={`${id}-reddit-note`} aria-live="polite">
            {note ?? "The subreddit’s name, with or without r/."}
          </span>
        }
      />
      <Field
        label="Title"
        name="reddit-title"
        value={reddit.title}
        onChange={(e) => set({ title: e.target.value })}
        required
        error={errors["config.reddit.title"]}
        hint={<Counter length={graphemeCount(reddit.title.trim())} max={REDDIT_TITLE_MAX} label="Title characters" />}
      />
      {rules && rules.flairs.length > 0 ? (
        <FilterSelect
          label={rules.flairRequired ? "Flair" : "Flair (optional)"}
          value={reddit.flairId}
          onChange={(flairId) => set({ flairId })}
          options={rules.flairs.map((f) => [f.id, f.text || f.id] as const)}
          emptyLabel={rules.flairRequired ? "Choose a flair" : "No flair"}
          required={rules.flairRequired}
          error={errors["config.reddit.flairId"]}
        />
      ) : null}
      <div className="flex flex-wrap gap-x-6 gap-y-2">
        <Checkbox label="NSFW (18+)" checked={reddit.nsfw} onChange={(nsfw) => set({ nsfw })} />
        <Checkbox label="Spoiler" checked={reddit.spoiler} onChange={(spoiler) => set({ spoiler })} />
      </div>
    </NetworkSection>
  );
}
