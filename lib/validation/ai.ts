// zod schemas for the AI agent's API (lib/ai-agent.ts, lib/ai/autopilot.ts).
import { z } from "zod";
import { REWRITE_MODES } from "../ai-agent";
import { networkFieldsShape } from "../social/network-fields";
import { PlatformEnum, TaskConfig } from "./tasks";

const Url = z.url({ protocol: /^https?$/, error: "Must be an http(s) URL." });
const Brief = z.string().trim().min(3, "Give the agent a brief of at least a few words.").max(4000, "Keep the brief under 4,000 characters.");
const Text = z.string().trim().min(1, "There is no text to work on yet.").max(100_000);

/** POST /api/agent/assist: one action of the composer's Assist panel. */
export const AssistInput = z.discriminatedUnion(
  "action",
  [
    z.object({ action: z.literal("draft"), brief: Brief, link: Url.optional(), platforms: z.array(PlatformEnum).min(1, "Choose at least one platform.").max(11) }).strict(),
    z.object({ action: z.enum(REWRITE_MODES), text: Text, platform: PlatformEnum }).strict(),
    z.object({ action: z.literal("variants"), brief: Brief, platform: PlatformEnum, count: z.number().int().min(2, "At least 2 variants.").max(5, "At most 5 variants.").default(2), link: Url.optional() }).strict(),
    z.object({ action: z.literal("titles"), content: Text, community: z.string().trim().max(100).optional(), count: z.number().int().min(1).max(5).default(3) }).strict(),
    z.object({ action: z.literal("reply"), comment: Text, platform: PlatformEnum, postText: z.string().max(100_000).optional(), author: z.string().trim().max(100).optional() }).strict(),
  ],
  { error: () => "action must be one of draft, rewrite, shorten, hashtags, variants, titles, reply." },
);
export type AssistInput = z.infer<typeof AssistInput>;

export const StartAutopilotInput = z
  .object({
    campaign: z.string().trim().min(1, "Name the campaign.").max(100, "Keep the campaign name under 100 characters."),
    brief: Brief,
    /** Any date in the week to plan (its Monday is used); default: next week. */
    weekStart: z.iso.date({ error: "Use a date such as 2026-11-30." }).optional(),
    accountIds: z.array(z.string().min(1).max(100)).min(1).max(20).optional(),
    posts: z.number().int().min(1, "Plan at least one post.").max(21, "At most 21 posts a week.").optional(),
    idempotencyKey: z.string().min(8).max(200).regex(/^[\w.:\-]+$/, "idempotencyKey may contain letters, digits, _ . : - only.").optional(),
  })
  .strict();
export type StartAutopilotInput = z.infer<typeof StartAutopilotInput>;

export const ScheduleVariantsInput = z
  .object({
    variants: z
      .array(z.object({ label: z.string().trim().regex(/^[A-E]$/, "Label variants A to E."), text: Text }).strict())
      .min(2, "An A/B test needs at least 2 variants.")
      .max(5, "At most 5 variants.")
      .refine((v) => new Set(v.map((x) => x.label)).size === v.length, "Each variant needs its own label."),
    accountIds: z.array(z.string().min(1).max(100)).min(1, "Choose at least one account.").max(20),
    /** "slots": every account, one posting slot per variant; "accounts": variant i on account i, same time. */
    spread: z.enum(["slots", "accounts"], { error: () => "spread must be slots or accounts." }).default("slots"),
    scheduledAt: z.iso.datetime({ offset: true, error: "Use an ISO 8601 time with an offset." }).optional(),
    link: Url.optional(),
    /** The post's media for every variant (a YouTube or TikTok post is a video), as config.media of a schedule request. */
    media: TaskConfig.shape.media,
    /** Reddit's, TikTok's and YouTube's fields for every variant, as config.reddit … of a schedule request. */
    ...networkFieldsShape,
  })
  .strict();
export type ScheduleVariantsInput = z.infer<typeof ScheduleVariantsInput>;

export const EditPendingPostInput = z
  .object({
    text: z.string().trim().min(1, "The post needs text.").max(100_000),
    overrides: z.partialRecord(PlatformEnum, z.string().max(100_000)).optional(),
  })
  .strict();
export type EditPendingPostInput = z.infer<typeof EditPendingPostInput>;
