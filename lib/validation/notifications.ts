// zod schemas for the notifications API (docs/decisions.md, "Notifications").
import { z } from "zod";

export const ListNotificationsQuery = z
  .object({
    cursor: z.string().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type ListNotificationsQuery = z.infer<typeof ListNotificationsQuery>;

export const MarkReadInput = z.union([
  z.object({ ids: z.array(z.string().min(1).max(100)).min(1, "Name at least one notification.").max(200) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);
export type MarkReadInput = z.infer<typeof MarkReadInput>;

export const NotificationPreferencesInput = z
  .object({ emailNotifications: z.boolean().optional(), weeklyDigest: z.boolean().optional() })
  .strict()
  .refine((v) => v.emailNotifications !== undefined || v.weeklyDigest !== undefined, "Give emailNotifications or weeklyDigest.");
export type NotificationPreferencesInput = z.infer<typeof NotificationPreferencesInput>;
