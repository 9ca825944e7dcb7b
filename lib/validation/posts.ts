// zod schemas for the posts API (list filters, reschedule, mark as published).
import { z } from "zod";
import { PostStatus } from "../generated/prisma/enums";
import { csv, PlatformEnum, TaskConfig, When } from "./tasks";

export const Instant = z.iso.datetime({ offset: true, error: "Must be an ISO 8601 date-time with an offset, e.g. 2026-12-01T09:00:00Z." });

export const ListPostsQuery = z
  .object({
    status: csv(z.enum(Object.values(PostStatus) as [PostStatus, ...PostStatus[]])).optional(),
    platform: csv(PlatformEnum).optional(),
    from: Instant.optional(),
    to: Instant.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().min(1).max(100).optional(),
  })
  .strict();
export type ListPostsQuery = z.infer<typeof ListPostsQuery>;

/**
 * PATCH /api/posts/:id: any of the composer's fields; those left out stay. `config` replaces the
 * post's whole config (docs/decisions.md, "Editing a scheduled post").
 */
export const EditPostInput = z
  .object({
    content: z.string().max(100_000).nullable().optional(),
    accountIds: z.array(z.string().min(1).max(100)).min(1, "Choose at least one account.").max(50).optional(),
    scheduledAt: When.optional(),
    config: TaskConfig.omit({ maxRetries: true, priority: true, simulate: true, platformPostId: true }).optional(),
    /** Tag with one of the workspace's campaigns, or null to untag. */
    campaignId: z.string().min(1).max(100).nullable().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, "Give at least one of content, accountIds, scheduledAt, config, campaignId.");
export type EditPostInput = z.infer<typeof EditPostInput>;

/** POST /api/posts/bulk: one action on up to 100 posts, each on its own (one refusal stops no other). */
export const BulkPostsInput = z
  .object({
    ids: z.array(z.string().min(1).max(100)).min(1, "Choose at least one post.").max(100),
    action: z.enum(["reschedule", "cancel", "delete"], { error: () => "action must be reschedule, cancel or delete." }),
    scheduledAt: When.optional(),
  })
  .strict()
  .refine((v) => v.action !== "reschedule" || v.scheduledAt !== undefined, { path: ["scheduledAt"], message: "Give the new time." });
export type BulkPostsInput = z.infer<typeof BulkPostsInput>;

export const MarkPublishedInput = z
  .object({
    url: z.url({ protocol: /^https?$/, error: "Must be an http(s) URL of the live post." }).max(2000).optional(),
  })
  .strict();
export type MarkPublishedInput = z.infer<typeof MarkPublishedInput>;

export const ThroughputQuery = z
  .object({
    hours: z.coerce.number().int().min(1).max(168).default(48),
  })
  .strict();
export type ThroughputQuery = z.infer<typeof ThroughputQuery>;
