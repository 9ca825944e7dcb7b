// What a YouTube video needs besides its description and the video itself (config.youtube of a
// schedule request, carried on the task and handed to the adapter as PublishContent.youtube): the
// title, the privacy, the category, the tags, the made-for-kids declaration and whether it is a
// Short. One schema for the API and the stored task config; the checks that depend on the post
// (title present when YouTube is a target) are the spec's (checkYoutubeFields), so a draft or
// another network's post may leave them out. API facts: docs/adapters.md, "YouTube".
import { z } from "zod";
import { formatDuration, graphemeCount } from "../spec";
import { composeText } from "../text";
import type { PublishContent, ValidationProblem } from "../types";

export const YOUTUBE_TITLE_MAX = 100;
/** YouTube counts the tags as one comma-separated string, quoting a tag with spaces. */
export const YOUTUBE_TAGS_MAX = 500;
/** The description: at most 5,000 bytes (UTF-8), and neither < nor >. */
export const YOUTUBE_DESCRIPTION_MAX_BYTES = 5000;
export const SHORTS_TAG = "#Shorts";
/** A Short is square or vertical and at most 3 minutes long (docs/adapters.md, "Video rules"). */
export const YOUTUBE_SHORT_MAX_S = 180;

const noAngles = (t: string) => !/[<>]/.test(t);

/** Characters the tags take in YouTube's count: commas between them, quotes around a tag with a space. */
export function tagsLength(tags: string[]): number {
  return tags.reduce((n, t) => n + t.length + (/\s/.test(t) ? 2 : 0), 0) + Math.max(0, tags.length - 1);
}

export const YoutubeFields = z
  .object({
    /** Required when YouTube is a target (checked per target, so other networks need none). */
    title: z
      .string()
      .trim()
      .min(1, "Give the YouTube video a title.")
      .max(YOUTUBE_TITLE_MAX, `YouTube titles allow ${YOUTUBE_TITLE_MAX} characters.`)
      .refine(noAngles, "YouTube titles cannot contain < or >.")
      .optional(),
    privacy: z.enum(["public", "unlisted", "private"]).default("public"),
    /** A video category id (videoCategories.list), e.g. "22" People & Blogs. */
    categoryId: z.string().regex(/^\d{1,4}$/, "categoryId is YouTube's numeric category id, e.g. \"22\".").optional(),
    tags: z
      .array(z.string().trim().min(1).max(YOUTUBE_TAGS_MAX).refine(noAngles, "YouTube tags cannot contain < or >."))
      .max(100)
      .refine((t) => tagsLength(t) <= YOUTUBE_TAGS_MAX, `YouTube allows ${YOUTUBE_TAGS_MAX} characters of tags in all.`)
      .optional(),
    /** YouTube requires every upload to declare whether it is made for kids (COPPA). */
    madeForKids: z.boolean().default(false),
    /** A Short (a vertical video of up to 3 minutes): #Shorts is added to the description if absent. */
    shorts: z.boolean().optional(),
    /** A custom thumbnail (JPEG or PNG, ≤ 2 MB) at a public https address; the video's poster frame when absent. */
    thumbnailUrl: z.url({ protocol: /^https$/, error: "The thumbnail's address must be an https URL." }).max(2000).optional(),
  })
  .strict();
export type YoutubeFields = z.infer<typeof YoutubeFields>;
export type YoutubeFieldsInput = z.input<typeof YoutubeFields>;

/**
 * The description as sent: the post's text, then its link when the text does not carry it (a
 * video has no link preview), then #Shorts for a Short that does not say so yet.
 */
export function youtubeDescription(content: Pick<PublishContent, "text" | "link" | "youtube">): string {
  const parts = [content.text.trim()];
  if (content.link && !content.text.includes(content.link)) parts.push(content.link);
  if (content.youtube?.shorts && !/#shorts\b/i.test(content.text)) parts.push(SHORTS_TAG);
  return parts.filter(Boolean).join("\n\n");
}

/** YouTube's rules on the description (youtubeSpec.extraTextRules): bytes, not characters, and no < or >. */
export function descriptionProblem(text: string): string | null {
  if (!noAngles(text)) return "YouTube descriptions cannot contain < or >.";
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > YOUTUBE_DESCRIPTION_MAX_BYTES) return `YouTube descriptions allow ${YOUTUBE_DESCRIPTION_MAX_BYTES} bytes; this one has ${bytes}.`;
  return null;
}

/** YouTube's own rules on a post (youtubeSpec.fields): a title, and the description with the link and #Shorts added still fits. */
export function checkYoutubeFields(content: PublishContent): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const y = content.youtube;
  const title = y?.title?.trim() ?? "";
  if (!title) problems.push({ platform: "youtube", field: "youtube.title", message: "A YouTube video needs a title." });
  else if (title.length > YOUTUBE_TITLE_MAX) {
    problems.push({ platform: "youtube", field: "youtube.title", message: `YouTube titles allow ${YOUTUBE_TITLE_MAX} characters; this one has ${title.length}.` });
  } else if (!noAngles(title)) problems.push({ platform: "youtube", field: "youtube.title", message: "YouTube titles cannot contain < or >." });
  // A video marked as a Short that YouTube would file as a long video, when its length or shape is known.
  const video = content.media?.find((m) => m.type === "video");
  if (y?.shorts && video) {
    const turnOff = "Untick “Short” or choose another video.";
    if (video.durationMs !== undefined && video.durationMs > YOUTUBE_SHORT_MAX_S * 1000) {
      problems.push({ platform: "youtube", field: "media", message: `A YouTube Short runs at most 3 min; this video runs ${formatDuration(video.durationMs / 1000)}. ${turnOff}` });
    }
    if (video.width && video.height && video.width > video.height) {
      problems.push({ platform: "youtube", field: "media", message: `A YouTube Short is square or vertical; this video is ${video.width}×${video.height}. ${turnOff}` });
    }
  }
  // The text itself is checked by the spec (extraTextRules); what Herald adds to it is checked here.
  const description = youtubeDescription(content);
  // A text that fits alone but not with its link is already the spec's refusal (linkInText), named "link".
  const linkRefused = graphemeCount(content.text) <= YOUTUBE_DESCRIPTION_MAX_BYTES && graphemeCount(composeText(content)) > YOUTUBE_DESCRIPTION_MAX_BYTES;
  if (description !== content.text.trim() && !linkRefused) {
    const extra = descriptionProblem(description);
    if (extra) problems.push({ platform: "youtube", field: "text", message: `${extra} (The link and #Shorts are added to the description.)` });
  }
  return problems;
}
