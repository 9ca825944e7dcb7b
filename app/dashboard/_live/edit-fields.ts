// A post edit's changed fields (PostVersion.changes keys, lib/posting/edit.ts) as people say them:
// the post's History on the Posts page and a campaign's activity use the same words.
const FIELD: Record<string, string> = {
  content: "text",
  scheduledAt: "time",
  accountIds: "accounts",
  status: "status",
  overrides: "text per network",
  firstComment: "first comment",
  mediaIds: "media",
  campaignId: "campaign",
  reddit: "Reddit details",
  youtube: "YouTube details",
  tiktok: "TikTok details",
  whatsapp: "WhatsApp details",
  brief: "agent’s brief",
};

/** "firstComment" → "first comment"; a field without a word of its own is split at its capitals. */
export const editedFieldName = (k: string): string => FIELD[k] ?? k.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
