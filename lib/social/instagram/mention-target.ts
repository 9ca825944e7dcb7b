// The reply target of an answer to an Instagram @mention (docs/inbox.md, "Instagram @mentions"):
// such an answer is not POST /{comment-id}/replies but POST /{ig-user-id}/mentions with the media
// id (and the comment id for a comment mention) from the webhook, so the target names both.
const PREFIX = "ig-mention:";

/** A caption mention's inbox remote id is this and the media id (the bare media id is the /tags mention's). */
export const CAPTION_MENTION_PREFIX = "mention:";

export function instagramMentionTarget(mediaId: string, commentId?: string): string {
  return `${PREFIX}${mediaId}${commentId ? `:${commentId}` : ""}`;
}

/** The media and comment ids of a mention target, or null for an ordinary comment id. */
export function parseInstagramMentionTarget(target: string): { mediaId: string; commentId?: string } | null {
  if (!target.startsWith(PREFIX)) return null;
  const [mediaId, commentId] = target.slice(PREFIX.length).split(":");
  if (!mediaId) return null;
  return { mediaId, ...(commentId && { commentId }) };
}
