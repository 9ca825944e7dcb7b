// Instagram @mentions from Meta's Instagram webhook, field `mentions` (docs/inbox.md, "Instagram
// @mentions"): Meta gives an account's @mentions in other people's captions and comments only this
// way. A call names the account (entry[].id, the IG user id) and the media (and the comment, for a
// comment mention); the route (app/api/webhooks/instagram) queues the work and answers 200 at once;
// the Graph read runs in a task: GET /{ig-user-id}?fields=mentioned_media.media_id(…){…} for a caption,
// mentioned_comment.comment_id(…){…} for a comment. Every connected account with that IG user id
// (in any workspace) gets an inbox_sweep task for it (lib/tasks/inbox-mention.ts: claimed, leased,
// retried like any task, and started right after the response), which reads the mention and keeps
// it like a sweep's items (lib/inbox/store.ts: unique per account × remote id, so a delivery
// repeated by Meta makes one item). Remote ids: a comment mention is the
// comment's id (its parent the media); a caption mention is `mention:<media id>`, apart from the
// /tags mention of the same media (tags cannot be answered; caption mentions can, lib/inbox/answer.ts).
import { z } from "zod";
import { clock } from "../clock";
import type { Db } from "../db";
import { env } from "../env";
import { logger } from "../logger";
import { createGraphClient, parseGraphTime } from "../social/meta/graph";
import { accountsByWebhookId } from "../social/webhook-accounts";
import { CAPTION_MENTION_PREFIX } from "../social/instagram/mention-target";
import type { CollectedItem } from "./types";

const GraphId = z.string().regex(/^\d{1,30}$/);
/** Behind posts and answers, ahead of the periodic sweeps (lib/inbox/sweep.ts). */
const MENTION_PRIORITY = -1;

const MentionValue = z.object({ media_id: GraphId, comment_id: GraphId.optional() });
export const InstagramWebhookBody = z.object({
  object: z.string().max(100),
  entry: z
    .array(
      z.object({
        id: z.string().max(100),
        time: z.number().optional(),
        changes: z.array(z.object({ field: z.string().max(100), value: z.unknown() })).max(100).optional(),
      }),
    )
    .max(100),
});
export type InstagramWebhookBody = z.infer<typeof InstagramWebhookBody>;

export interface MentionRef {
  igUserId: string;
  mediaId: string;
  commentId?: string;
}

/** The mentions a call names (other fields and malformed values are skipped, never an error). */
export function mentionsOf(body: InstagramWebhookBody): MentionRef[] {
  if (body.object !== "instagram") return [];
  const out: MentionRef[] = [];
  for (const e of body.entry) {
    if (!GraphId.safeParse(e.id).success) continue;
    for (const c of e.changes ?? []) {
      if (c.field !== "mentions") continue;
      const v = MentionValue.safeParse(c.value);
      if (v.success) out.push({ igUserId: e.id, mediaId: v.data.media_id, ...(v.data.comment_id && { commentId: v.data.comment_id }) });
    }
  }
  return out;
}

interface Connected {
  id: string;
  workspaceId: string;
  platform: "instagram";
}

/** The connected, active Instagram accounts with this IG user id (lib/social/webhook-accounts.ts). */
async function accountsFor(prisma: Db, igUserId: string): Promise<Connected[]> {
  const accounts = await accountsByWebhookId(prisma, "instagram", igUserId, { status: "active" });
  return accounts.map((a) => ({ ...a, platform: "instagram" }));
}

interface MentionedMedia {
  id?: string;
  caption?: string;
  timestamp?: string;
  permalink?: string;
  username?: string;
}
interface MentionedComment {
  id?: string;
  text?: string;
  timestamp?: string;
  username?: string;
  media?: { id?: string; permalink?: string };
}

const MEDIA_FIELDS = "id,caption,timestamp,permalink,username,media_type";
const COMMENT_FIELDS = "id,text,timestamp,username,media{id,permalink}";
const httpUrl = (u: unknown) => (typeof u === "string" && /^https?:\/\//.test(u) ? u : null);

/** Reads one mention with the account's token; null when Graph answers without it. */
export async function readMention(ref: MentionRef, token: string, signal: AbortSignal, opts: { baseUrl?: string; now?: () => Date } = {}): Promise<CollectedItem | null> {
  const graph = createGraphClient({ label: "Instagram", baseUrl: opts.baseUrl ?? env().GRAPH_API_URL, token, now: opts.now ?? clock.now });
  if (ref.commentId) {
    const r = await graph.get<{ mentioned_comment?: MentionedComment }>(ref.igUserId, { fields: `mentioned_comment.comment_id(${ref.commentId}){${COMMENT_FIELDS}}` }, signal);
    const c = r?.mentioned_comment;
    const at = parseGraphTime(c?.timestamp);
    if (!c?.id || !at) return null;
    const mediaId = c.media?.id ? String(c.media.id) : ref.mediaId;
    return {
      remoteId: mentionRemoteId(ref),
      kind: "mention",
      remoteParentId: mediaId,
      remoteRootId: mediaId,
      authorHandle: c.username || "instagram user",
      authorName: null,
      text: c.text ?? "",
      url: httpUrl(c.media?.permalink),
      remoteCreatedAt: at,
      simulated: false,
    };
  }
  const r = await graph.get<{ mentioned_media?: MentionedMedia }>(ref.igUserId, { fields: `mentioned_media.media_id(${ref.mediaId}){${MEDIA_FIELDS}}` }, signal);
  const m = r?.mentioned_media;
  const at = parseGraphTime(m?.timestamp);
  if (!m?.id || !at) return null;
  return {
    remoteId: mentionRemoteId(ref),
    kind: "mention",
    remoteParentId: null,
    remoteRootId: ref.mediaId,
    authorHandle: m.username || "instagram user",
    authorName: null,
    text: m.caption ?? "",
    url: httpUrl(m.permalink),
    remoteCreatedAt: at,
    simulated: false,
  };
}

/** The accounts a call's mentions are for, and the refs no connected account has (logged, ignored). */
export async function routeMentions(prisma: Db, refs: readonly MentionRef[]): Promise<{ work: { account: Connected; ref: MentionRef }[]; unknown: number }> {
  const work: { account: Connected; ref: MentionRef }[] = [];
  let unknown = 0;
  const byUser = new Map<string, Connected[]>();
  for (const ref of refs) {
    let accounts = byUser.get(ref.igUserId);
    if (!accounts) byUser.set(ref.igUserId, (accounts = await accountsFor(prisma, ref.igUserId)));
    if (!accounts.length) {
      unknown++;
      logger.warn({ igUserId: ref.igUserId }, "instagram webhook: a mention for an Instagram account no workspace has connected");
      continue;
    }
    for (const account of accounts) work.push({ account, ref });
  }
  return { work, unknown };
}

/** An inbox_sweep task's config when it reads one mention (lib/tasks/inbox-mention.ts). */
export const InstagramMentionTask = z.object({ instagramMention: z.object({ mediaId: GraphId, commentId: GraphId.optional() }) });
export type InstagramMentionTask = z.infer<typeof InstagramMentionTask>;

export const mentionRemoteId = (ref: { mediaId: string; commentId?: string }) => ref.commentId ?? `${CAPTION_MENTION_PREFIX}${ref.mediaId}`;

/**
 * Queues one inbox_sweep task per account × mention not held yet, keyed by the account and the
 * item's remote id: a delivery Meta repeats (or one that arrives while the first is queued) adds
 * nothing. The task reads and keeps the mention, retried on the scheduler's backoff if Graph fails.
 * Returns the workspaces that got a task.
 */
export async function queueMentions(prisma: Db, work: readonly { account: Connected; ref: MentionRef }[], now: Date): Promise<string[]> {
  const workspaces = new Set<string>();
  for (const { account, ref } of work) {
    const remoteId = mentionRemoteId(ref);
    const held = await prisma.inboxItem.findUnique({ where: { accountId_remoteId: { accountId: account.id, remoteId } }, select: { id: true } });
    if (held) continue;
    const created = await prisma.agentTask.createMany({
      data: [{
        workspaceId: account.workspaceId,
        type: "inbox_sweep",
        platform: "instagram",
        accountId: account.id,
        scheduledAt: now,
        priority: MENTION_PRIORITY,
        config: { instagramMention: { mediaId: ref.mediaId, ...(ref.commentId && { commentId: ref.commentId }) } },
        idempotencyKey: `ig-mention:${account.id}:${remoteId}`,
        createdAt: now,
        updatedAt: now,
      }],
      skipDuplicates: true,
    });
    if (created.count) workspaces.add(account.workspaceId);
  }
  return [...workspaces];
}
