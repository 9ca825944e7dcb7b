// zod schemas for the community inbox API (docs/decisions.md, "Inbox").
import { z } from "zod";
import { Platform } from "../generated/prisma/enums";

const id = z.string().min(1).max(100);
const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const ListInboxQuery = z
  .object({
    network: z.enum(Object.values(Platform) as [Platform, ...Platform[]]).optional(),
    account: id.optional(),
    /** A post of ours: items answering any of its targets. */
    post: id.optional(),
    unanswered: flag.optional(),
    sentiment: z.enum(["positive", "neutral", "negative"]).optional(),
    /** "me": assigned to the calling member. */
    assigned: z.literal("me").optional(),
    status: z.enum(["open", "done", "hidden", "all"]).default("open"),
    cursor: id.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(30),
  })
  .strict();
export type ListInboxQuery = z.infer<typeof ListInboxQuery>;

export const UpdateInboxItemInput = z
  .object({
    status: z.enum(["open", "done", "hidden"]).optional(),
    /** A member's user id, or null to unassign. */
    assignedToUserId: id.nullable().optional(),
  })
  .strict()
  .refine((v) => v.status !== undefined || v.assignedToUserId !== undefined, "Give status or assignedToUserId.");
export type UpdateInboxItemInput = z.infer<typeof UpdateInboxItemInput>;

export const InboxReplyInput = z
  .object({
    text: z.string().trim().min(1, "Write a reply.").max(5_000),
    /** The client's key for this answer: a repeated request sends it once. */
    idempotencyKey: z.string().min(8).max(100).regex(/^[\w.:-]+$/, "Letters, digits, '.', ':', '_' and '-' only.").optional(),
  })
  .strict();
export type InboxReplyInput = z.infer<typeof InboxReplyInput>;
