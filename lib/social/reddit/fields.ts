// What a Reddit post needs besides its text (config.reddit of a schedule request, carried on the
// task and handed to the adapter as PublishContent.reddit): the subreddit, the title, and the
// optional flair and flags. One schema for the API and the stored task config; the checks that
// depend on the post (subreddit and title present, one link or one image) are the spec's
// (checkRedditFields), so a draft or another network's post may leave them out.
import { z } from "zod";
import { graphemeCount } from "../text";
import type { PublishContent, ValidationProblem } from "../types";

export const REDDIT_TITLE_MAX = 300;

/** A subreddit's name as Reddit allows it, without r/ (the composer checks it as the person types). */
export const SUBREDDIT_NAME = /^[A-Za-z0-9_]{3,21}$/;
export const SubredditName = z.string().regex(SUBREDDIT_NAME, "Give the subreddit's name without r/: 3–21 letters, digits or _.");

/** "r/Breadit", "/r/Breadit" or " Breadit " → "Breadit". */
export const bareSubreddit = (name: string) => name.trim().replace(/^\/?r\//i, "");

export const RedditFields = z
  .object({
    /** The subreddit's name without r/. Required when Reddit is a target (checked per target). */
    subreddit: SubredditName.optional(),
    /** Required when Reddit is a target (checked per target, so other networks need none). */
    title: z
      .string()
      .trim()
      .min(1, "Give the Reddit post a title.")
      .refine((t) => graphemeCount(t) <= REDDIT_TITLE_MAX, `Reddit titles allow ${REDDIT_TITLE_MAX} characters.`)
      .optional(),
    /** A link flair template id (GET /r/{sr}/api/link_flair_v2). */
    flairId: z.string().trim().min(1).max(64).optional(),
    /** Custom text for a flair template whose text is editable. */
    flairText: z.string().trim().min(1).max(64).optional(),
    nsfw: z.boolean().optional(),
    spoiler: z.boolean().optional(),
  })
  .strict()
  .refine((r) => r.flairText === undefined || r.flairId !== undefined, {
    path: ["flairText"],
    message: "flairText sets the text of a flair template: give flairId too.",
  });
export type RedditFields = z.infer<typeof RedditFields>;

/** Reddit's own rules on a post (redditSpec.fields): subreddit and title present, one link or one image. */
export function checkRedditFields(content: PublishContent): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const p = (field: ValidationProblem["field"], message: string) => problems.push({ platform: "reddit", field, message });
  const r = content.reddit;
  if (!r?.subreddit) p("reddit.subreddit", "A Reddit post needs a subreddit to go to.");
  const title = r?.title?.trim() ?? "";
  if (!title) p("reddit.title", "A Reddit post needs a title.");
  else if (graphemeCount(title) > REDDIT_TITLE_MAX) {
    p("reddit.title", `Reddit titles allow ${REDDIT_TITLE_MAX} characters; this one has ${graphemeCount(title)}.`);
  }
  if (content.link && content.media?.length) p("link", "A Reddit post carries one link or one image, not both.");
  return problems;
}
