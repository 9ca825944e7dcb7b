// zod schemas for the task API (one file per entity; types via z.infer).
import { z } from "zod";
import { Platform, TaskStatus, TaskType } from "../generated/prisma/enums";
import { RecurrenceInput } from "../scheduler/recurrence";
import { networkFieldsShape } from "../social/network-fields";
import { SimulationSchema } from "./simulation";

export const PlatformEnum = z.enum(Object.values(Platform) as [Platform, ...Platform[]], {
  error: () => `Must be one of: ${Object.values(Platform).join(", ")}.`,
});

// Types a caller may schedule now; `publish` is accepted as another name for social_post.
const SchedulableType = z.preprocess(
  (v) => (v === "publish" ? "social_post" : v),
  z.enum(["social_post", "collect_engagement"], {
    error: () => "type must be social_post (or publish) or collect_engagement.",
  }),
);

const Media = z.object({
  url: z.url({ protocol: /^https?$/, error: "Must be an http(s) URL." }),
  type: z.enum(["image", "video", "gif"]),
  altText: z.string().max(2000).optional(),
  sizeBytes: z.number().int().positive().optional(),
  /** A video's length, size as shown, codecs and frame rate, when the caller knows them: checked against each network's video rules. */
  durationMs: z.number().int().nonnegative().optional(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  videoCodec: z.string().max(32).optional(),
  audioCodec: z.string().max(32).optional(),
  frameRate: z.number().positive().max(1000).optional(),
  /** A video's cover picture, for networks that take one by URL (Instagram Reels). */
  posterUrl: z.url({ protocol: /^https?$/, error: "Must be an http(s) URL." }).optional(),
});

export const TaskConfig = z
  .object({
    /** Absent: the workspace's setting (docs/decisions.md, "Workspace settings"), else 3. */
    maxRetries: z.number().int().min(0).max(10).optional(),
    priority: z.number().int().min(-100).max(100).default(0),
    link: z.url({ protocol: /^https?$/, error: "Must be an http(s) URL." }).optional(),
    media: z.array(Media).max(35).optional(),
    /** Uploaded media (POST /api/media) by id; added after `media`, in order. */
    mediaIds: z.array(z.string().min(1).max(100)).max(35).optional(),
    thread: z.array(z.string().min(1).max(100_000)).max(25).optional(),
    firstComment: z.string().min(1).max(10_000).optional(),
    /** Reddit's, TikTok's and YouTube's own fields (lib/social/network-fields.ts). */
    ...networkFieldsShape,
    /** Per-platform text that replaces `content` for that platform. */
    overrides: z.partialRecord(PlatformEnum, z.string().max(100_000)).optional(),
    /** Simulation-mode knobs for this task (failure injection, latency). */
    simulate: SimulationSchema.optional(),
    /** With `content: null`: what the agent writes each platform's text from when the task runs. */
    brief: z.string().trim().min(3, "Give the agent a brief of at least a few words.").max(4000).optional(),
    /** For collect_engagement: the platform's id of the post. */
    platformPostId: z.string().min(1).max(500).optional(),
  })
  .strict();

// ISO 8601 with an offset is an instant; without one it is wall time in the workspace's zone.
export const When = z.union([z.iso.datetime({ offset: true }), z.iso.datetime({ local: true })], {
  error: () => "Must be an ISO 8601 date-time, e.g. 2026-12-01T09:00:00+01:00 or 2026-12-01T09:00.",
});

const Id = z.string().min(1).max(100);

export const ScheduleTaskInput = z
  .object({
    type: SchedulableType.default("social_post"),
    platform: PlatformEnum.optional(),
    platforms: z.array(PlatformEnum).min(1).max(11).optional(),
    accountId: Id.optional(),
    accountIds: z.array(Id).min(1).max(50).optional(),
    postTargetId: Id.optional(),
    scheduledAt: When.optional(),
    timeZone: z.string().max(64).optional(),
    content: z.string().max(100_000).nullable().optional(),
    config: TaskConfig.default(() => TaskConfig.parse({})),
    recurrence: RecurrenceInput.optional(),
    /** Tag the post with one of the workspace's campaigns (GET /api/campaigns). */
    campaignId: Id.optional(),
    idempotencyKey: z
      .string()
      .min(8, "idempotencyKey needs at least 8 characters.")
      .max(200)
      .regex(/^[\w.:\-]+$/, "idempotencyKey may contain letters, digits, _ . : - only.")
      .optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const targets = [v.platform, v.platforms, v.accountId, v.accountIds, v.postTargetId].filter((x) => x !== undefined);
    if (targets.length === 0) {
      ctx.addIssue({ code: "custom", path: ["platform"], message: "Give a platform, platforms, accountId or accountIds." });
    }
    if (v.type === "social_post") {
      const hasText = (v.content ?? "").trim() !== "";
      const hasMedia = (v.config?.media?.length ?? 0) > 0;
      if (!hasText && !hasMedia && v.config?.brief === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["content"],
          message: "Give content, media, or content: null with config.brief so the agent writes the text when the post goes out.",
        });
      }
      if (hasText && v.config?.brief !== undefined) {
        ctx.addIssue({ code: "custom", path: ["config", "brief"], message: "Give either content or a brief for the agent, not both." });
      }
    }
    if (v.type === "collect_engagement" && !v.postTargetId && !v.config?.platformPostId) {
      ctx.addIssue({ code: "custom", path: ["config", "platformPostId"], message: "Give postTargetId or config.platformPostId." });
    }
    if (v.recurrence && v.type !== "social_post") {
      ctx.addIssue({ code: "custom", path: ["recurrence"], message: "Only social_post tasks can recur." });
    }
  });

export type ScheduleTaskInput = z.infer<typeof ScheduleTaskInput>;

/** `content: null` with a brief: the agent writes the text when the task runs (lib/ai/task.ts). */
export function isAiWritten(input: Pick<ScheduleTaskInput, "content" | "config">): boolean {
  return (input.content === null || input.content === undefined || input.content.trim() === "") && input.config.brief !== undefined;
}

/** A query parameter's comma-separated list (at most 20 items). */
export const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v), z.array(item).max(20));

export const ListTasksQuery = z
  .object({
    status: csv(z.enum(Object.values(TaskStatus) as [TaskStatus, ...TaskStatus[]])).optional(),
    type: csv(z.enum(Object.values(TaskType) as [TaskType, ...TaskType[]])).optional(),
    platform: csv(PlatformEnum).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(100).optional(),
  })
  .strict();

export type ListTasksQuery = z.infer<typeof ListTasksQuery>;
