// zod schemas for the posts API (list filters, reschedule, mark as published).
import { z } from "zod";
import { PostStatus } from "../generated/prisma/enums";
import { PlatformEnum } from "./tasks";
import { clock } from "../clock";
import { isTooFarInThePast, PAST_TIME_MESSAGE } from "../scheduler/past";

const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v), z.array(item).max(20));

const Instant = z.iso.datetime({ offset: true, error: "Must be an ISO 8601 date-time with an offset, e.g. 2026-12-01T09:00:00Z." });

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

export const ReschedulePostInput = z
  .object({
    // The one rule for past times (lib/scheduler/past.ts), as scheduling and the CSV import apply it.
    scheduledAt: Instant.refine((v) => !isTooFarInThePast(new Date(v), clock.now()), PAST_TIME_MESSAGE),
  })
  .strict();
export type ReschedulePostInput = z.infer<typeof ReschedulePostInput>;

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
