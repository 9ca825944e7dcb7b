// zod schemas for the composer: live validation of a draft, saving it as a draft, and the
// subreddit whose rules it looks up.
import { z } from "zod";
import { SubredditName } from "../social/reddit/fields";
import { TaskConfig } from "./tasks";

const Id = z.string().min(1).max(100);

/** The parts of a post's config the composer sends; the rest of TaskConfig is the scheduler's. */
export const ComposeConfig = TaskConfig.pick({
  overrides: true,
  media: true,
  mediaIds: true,
  link: true,
  thread: true,
  firstComment: true,
  reddit: true,
  youtube: true,
  tiktok: true,
  whatsapp: true,
});

export const ValidateComposeInput = z
  .object({
    content: z.string().max(100_000).default(""),
    accountIds: z.array(Id).min(1, "Choose at least one account.").max(50),
    config: ComposeConfig.default(() => ({})),
  })
  .strict();

export type ValidateComposeInput = z.infer<typeof ValidateComposeInput>;

export const SaveDraftInput = z
  .object({
    content: z.string().max(100_000).default(""),
    accountIds: z.array(Id).max(50).default([]),
    config: ComposeConfig.default(() => ({})),
    /** When the draft is meant to go out, if already known (stored, nothing is scheduled). */
    scheduledAt: z.iso.datetime({ offset: true }).optional(),
    /** Tag the draft with one of the workspace's campaigns (GET /api/campaigns). */
    campaignId: Id.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const hasText = v.content.trim() !== "" || Object.values(v.config.overrides ?? {}).some((t) => (t ?? "").trim() !== "");
    const hasMedia = (v.config.media?.length ?? 0) + (v.config.mediaIds?.length ?? 0) > 0;
    if (!hasText && !hasMedia) ctx.addIssue({ code: "custom", path: ["content"], message: "Write something or add media before saving a draft." });
  });

export type SaveDraftInput = z.infer<typeof SaveDraftInput>;

/** GET /api/accounts/:id/reddit/subreddit?name=… — the name as config.reddit.subreddit takes it (no r/). */
export const SubredditQuery = z.object({ name: SubredditName }).strict();
