"use client";
// The composer's YouTube group, shown while a YouTube account is chosen: the video's title with
// its count (required), privacy, category, tags, the made-for-kids declaration YouTube requires of
// every upload, and whether it is a Short, as config.youtube. The text above is the description
// (docs/adapters.md, "YouTube"). With a real account chosen it also says what is left of today's
// quota of the account's Google app (GET /api/accounts/:id/youtube/quota), as an upload costs 1,600
// of the default 10,000 units a day.
import type { Dispatch } from "react";
import useSWR from "swr";
import { Field } from "@/app/_components/form";
import { tagsLength, YOUTUBE_TAGS_MAX, YOUTUBE_TITLE_MAX } from "@/lib/social/youtube/fields";
import type { YoutubeQuota } from "@/lib/social/youtube/quota";
import { FilterSelect } from "../_live/filter-select";
import { fetchJson } from "../_live/format";
import { Counter } from "./counter";
import { tagsOf, type ComposerAction, type YoutubeDraft } from "./composer-state";
import { Checkbox, NetworkSection, RadioChoice } from "./network-section";

/** YouTube's common video categories (videoCategories.list), by id. */
export const YOUTUBE_CATEGORIES = [
  ["22", "People & Blogs"],
  ["26", "Howto & Style"],
  ["24", "Entertainment"],
  ["27", "Education"],
  ["19", "Travel & Events"],
  ["17", "Sports"],
  ["10", "Music"],
  ["15", "Pets & Animals"],
  ["28", "Science & Technology"],
  ["1", "Film & Animation"],
  ["2", "Autos & Vehicles"],
  ["20", "Gaming"],
  ["23", "Comedy"],
  ["25", "News & Politics"],
  ["29", "Nonprofits & Activism"],
] as const;

const PRIVACY = [
  ["public", "Public"],
  ["unlisted", "Unlisted"],
  ["private", "Private"],
] as const;

const hintText = "text-sm text-slate-600 dark:text-slate-400";
const numbers = new Intl.NumberFormat("en-US");

/** Today's quota of the account's Google app, as Herald counted it; nothing while it loads. */
function QuotaLine({ accountId }: { accountId: string }) {
  const quota = useSWR<{ simulated: boolean } & Partial<YoutubeQuota>>(
    `/api/accounts/${encodeURIComponent(accountId)}/youtube/quota`,
    fetchJson,
    // A count that moves with every upload: read afresh whenever the group is shown again.
    { revalidateOnMount: true, dedupingInterval: 0, revalidateOnFocus: false, shouldRetryOnError: false },
  );
  if (quota.error) return <p className={hintText}>YouTube quota today: could not be read ({(quota.error as Error).message}).</p>;
  const q = quota.data;
  if (!q || q.simulated || q.left === undefined || q.limit === undefined) return null;
  const uploads = q.uploadsLeft === 1 ? "1 upload" : `${q.uploadsLeft} uploads`;
  const text = `YouTube quota today: ${numbers.format(q.left)} of ${numbers.format(q.limit)} units left (about ${uploads}). Resets at midnight Pacific time.`;
  return q.uploadsLeft === 0 ? (
    <p role="alert" data-testid="youtube-quota" className="text-sm font-medium text-red-700 dark:text-red-400">
      {text} YouTube will refuse uploads until then; a video scheduled before it is tried again after the reset.
    </p>
  ) : (
    <p data-testid="youtube-quota" className={hintText}>
      {text}
    </p>
  );
}

export function YoutubeSection({
  youtube,
  quotaAccountId,
  errors,
  dispatch,
}: {
  youtube: YoutubeDraft;
  /** A chosen real YouTube account, whose Google app's quota is shown. */
  quotaAccountId?: string;
  errors: Record<string, string>;
  dispatch: Dispatch<ComposerAction>;
}) {
  const set = (patch: Partial<YoutubeDraft>) => dispatch({ type: "youtube", patch });
  return (
    <NetworkSection name="YouTube" testId="youtube-section">
      <p className={hintText}>A YouTube post is one video: add one above. The text is its description.</p>
      {quotaAccountId ? <QuotaLine accountId={quotaAccountId} /> : null}
      <Field
        label="Title"
        name="youtube-title"
        value={youtube.title}
        onChange={(e) => set({ title: e.target.value })}
        required
        error={errors["config.youtube.title"]}
        hint={<Counter length={youtube.title.trim().length} max={YOUTUBE_TITLE_MAX} label="Title characters" />}
      />
      <RadioChoice label="Privacy" name="youtube-privacy" value={youtube.privacy} options={PRIVACY} onChange={(privacy) => set({ privacy })} error={errors["config.youtube.privacy"]} />
      <FilterSelect
        label="Category (optional)"
        value={youtube.categoryId}
        onChange={(categoryId) => set({ categoryId })}
        options={YOUTUBE_CATEGORIES}
        emptyLabel="No category"
        error={errors["config.youtube.categoryId"]}
      />
      <Field
        label="Tags (optional)"
        name="youtube-tags"
        value={youtube.tags}
        onChange={(e) => set({ tags: e.target.value })}
        autoComplete="off"
        placeholder="baking, bread, sourdough"
        error={errors["config.youtube.tags"]}
        hint={
          <>
            Separated by commas. <Counter length={tagsLength(tagsOf(youtube.tags))} max={YOUTUBE_TAGS_MAX} label="Tag characters" />
          </>
        }
      />
      <RadioChoice
        label="Made for kids"
        name="youtube-kids"
        value={youtube.madeForKids ? "yes" : "no"}
        options={[
          ["yes", "Yes"],
          ["no", "No"],
        ]}
        onChange={(v) => set({ madeForKids: v === "yes" })}
        required
        hint="YouTube asks every upload whether it is made for children."
        error={errors["config.youtube.madeForKids"]}
      />
      <Checkbox label="Short (a vertical video of up to 3 minutes; #Shorts is added)" checked={youtube.shorts} onChange={(shorts) => set({ shorts })} />
    </NetworkSection>
  );
}
