// Retention (docs/decisions.md, "Retention"): how long Herald keeps each kind of record it
// gathers as it runs, applied by the daily cleanup cron. What a workspace made on purpose — posts,
// campaigns, accounts, recipients, uploads in use (lib/media/assets.ts), inbox items, feed items (they stop a feed item
// from being posted twice) — stays until someone deletes it or the workspace.
import { db } from "./db";
import { clock } from "./clock";
import { deleteUnusedMedia } from "./media/assets";

const DAY = 86_400_000;

/** Days each gathered record is kept; the cleanup deletes what is older. */
export const RETENTION_DAYS = {
  /** Engagement readings: the analytics' "over time" needs a year; the latest numbers stay on the target. */
  engagementSnapshots: 400,
  /** AI calls and their cost: the monthly cap needs the current month, the usage page the last twelve. */
  aiUsage: 400,
  /** Notifications, read or not. */
  notifications: 180,
  /** Webhook deliveries that ended (delivered or failed for good); pending ones stay. */
  webhookDeliveries: 30,
  /** Uploads no post or draft has taken for this long, unless something that may still publish names them. */
  unusedMedia: 90,
  /** Link previews (lib/link-preview.ts) this long past their expiry: a cache, refetched when asked again. */
  linkPreviews: 1,
} as const;

export type RetentionCounts = Record<keyof typeof RETENTION_DAYS, number>;

/** Deletes every gathered record older than its retention; returns how many of each went. */
export async function applyRetention(now = clock.now()): Promise<RetentionCounts> {
  const before = (days: number) => new Date(now.getTime() - days * DAY);
  const [engagementSnapshots, aiUsage, notifications, webhookDeliveries, linkPreviews] = await Promise.all([
    db().engagementSnapshot.deleteMany({ where: { collectedAt: { lt: before(RETENTION_DAYS.engagementSnapshots) } } }),
    db().aiUsage.deleteMany({ where: { createdAt: { lt: before(RETENTION_DAYS.aiUsage) } } }),
    db().notification.deleteMany({ where: { createdAt: { lt: before(RETENTION_DAYS.notifications) } } }),
    db().webhookDelivery.deleteMany({ where: { status: { in: ["delivered", "failed"] }, createdAt: { lt: before(RETENTION_DAYS.webhookDeliveries) } } }),
    db().linkPreview.deleteMany({ where: { expiresAt: { lt: before(RETENTION_DAYS.linkPreviews) } } }),
  ]);
  const unusedMedia = await deleteUnusedMedia(before(RETENTION_DAYS.unusedMedia));
  return {
    engagementSnapshots: engagementSnapshots.count,
    aiUsage: aiUsage.count,
    notifications: notifications.count,
    webhookDeliveries: webhookDeliveries.count,
    linkPreviews: linkPreviews.count,
    unusedMedia,
  };
}
