// What a TikTok post needs besides its text and media (config.tiktok of a schedule request,
// carried on the task and handed to the adapter as PublishContent.tiktok): who may see it, what
// viewers may do with it, the commercial-content disclosure, and a photo post's title. One schema
// for the API and the stored task config. TikTok's UX rules (docs/adapters.md, "TikTok"): the
// person chooses the privacy (no default), and comments, Duet and Stitch stay off unless they turn
// them on, so every flag left out means false. Whether privacy is given is the spec's check
// (checkTikTokFields), per target, so another network's post or a draft may leave it out.
import { z } from "zod";
import { graphemeCount } from "../text";
import type { PublishContent, ValidationProblem } from "../types";

/** TikTok's privacy_level values; the account's creator_info says which of them it may use. */
export const TIKTOK_PRIVACY_LEVELS = ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"] as const;
export type TikTokPrivacy = (typeof TIKTOK_PRIVACY_LEVELS)[number];

/** A photo post's title (TikTok's figure); the post's text is its description. */
export const TIKTOK_PHOTO_TITLE_MAX = 90;

export const TikTokFields = z
  .object({
    /** TikTok's privacy_level. Required when TikTok is a target (checked per target): no default. */
    privacy: z.enum(TIKTOK_PRIVACY_LEVELS, { error: `privacy is one of ${TIKTOK_PRIVACY_LEVELS.join(", ")}.` }).optional(),
    /** Comments, Duet and Stitch: off unless turned on. */
    allowComments: z.boolean().optional(),
    allowDuet: z.boolean().optional(),
    allowStitch: z.boolean().optional(),
    /** Commercial content: a paid partnership promoting another brand (brand_content_toggle). */
    brandContent: z.boolean().optional(),
    /** Commercial content: promoting the creator's own business (brand_organic_toggle). */
    brandOrganic: z.boolean().optional(),
    /** A photo post's title; videos have none (their text is the title TikTok shows). */
    title: z
      .string()
      .trim()
      .min(1)
      .refine((t) => graphemeCount(t) <= TIKTOK_PHOTO_TITLE_MAX, `TikTok photo titles allow ${TIKTOK_PHOTO_TITLE_MAX} characters.`)
      .optional(),
  })
  .strict();
export type TikTokFields = z.infer<typeof TikTokFields>;

/** TikTok's own rules on a post (tiktokSpec.fields): a privacy chosen; branded content not private. */
export function checkTikTokFields(content: PublishContent): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const t = content.tiktok;
  if (!t?.privacy) {
    problems.push({
      platform: "tiktok",
      field: "tiktok.privacy",
      message: `A TikTok post needs who may see it, chosen by you (TikTok allows no default): one of ${TIKTOK_PRIVACY_LEVELS.join(", ")}.`,
    });
  } else if (t.brandContent && t.privacy === "SELF_ONLY") {
    problems.push({ platform: "tiktok", field: "tiktok.privacy", message: "TikTok does not allow branded content (brandContent) to be private (SELF_ONLY)." });
  }
  return problems;
}
