"use client";
// The composer's YouTube group, shown while a YouTube account is chosen: the video's title with
// its count (required), privacy, category, tags, the made-for-kids declaration YouTube requires of
// every upload, and whether it is a Short, as config.youtube. The text above is the description
// (docs/adapters.md, "YouTube").
import type { Dispatch } from "react";
import { Field } from "@/app/_components/form";
import { tagsLength, YOUTUBE_TAGS_MAX, YOUTUBE_TITLE_MAX } from "@/lib/social/youtube/fields";
import { FilterSelect } from "../_live/filter-select";
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

export function YoutubeSection({ youtube, errors, dispatch }: { youtube: YoutubeDraft; errors: Record<string, string>; dispatch: Dispatch<ComposerAction> }) {
  const set = (patch: Partial<YoutubeDraft>) => dispatch({ type: "youtube", patch });
  return (
    <NetworkSection name="YouTube" testId="youtube-section">
      <p className="text-sm text-slate-600 dark:text-slate-400">A YouTube post is one video: add one above. The text is its description.</p>
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
