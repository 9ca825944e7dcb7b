// LinkedIn @mentions of an organization page (docs/decisions.md, "Inbox", LinkedIn mentions): the
// Community Management API's organization notifications, pulled with the criteria finder
// GET /rest/organizationalEntityNotifications?q=criteria&organizationalEntity=<org>
// &actions=List(SHARE_MENTION,COMMENT_MENTION)&timeRange=(start:<ms>,end:<ms>), one page a sweep from
// the time the cursor keeps for them. Each notification names the mentioning post (SHARE_MENTION:
// generatedActivity, else sourcePost) or comment (COMMENT_MENTION: generatedActivity, a comment URN
// on sourcePost); its text and author are read with GET /rest/posts/{urn} or
// GET /rest/socialActions/{post}/comments/{id}, at most LINKEDIN_MENTION_READS a sweep, oldest first,
// and the time only moves past what was read. Mentions Herald holds already cost no read.
//
// Only an organization's token can read them (rw_organization_admin, for a page the member
// administers); a member account has no such API and is not asked. A 403 is a notice, not a failed sweep.
import type { Db } from "../db";
import { commentedObject, isLinkedinPostUrn, linkedinCommentUrl, linkedinPermalink, type LinkedinComment, type linkedinHttp } from "../social/linkedin/adapter";
import { littleToPlain } from "../social/linkedin/little-text";
import { PlatformError } from "../social/types";
import type { CollectedItem } from "./types";

/** An inbox item from a LinkedIn comment (a comment, a reply, or a mention in one). */
export function commentItem(
  c: LinkedinComment,
  at: { id: string; kind: CollectedItem["kind"]; parent: string; post: string; time: number },
): CollectedItem {
  return {
    remoteId: at.id,
    kind: at.kind,
    remoteParentId: at.parent,
    remoteRootId: at.post,
    authorHandle: c.actor ?? c.created?.actor ?? "unknown",
    authorName: null,
    text: c.message?.text ?? "",
    url: linkedinCommentUrl(at.post, at.id),
    remoteCreatedAt: new Date(at.time),
    simulated: false,
  };
}

/** Notifications asked for in one sweep (one page). */
export const LINKEDIN_MENTION_PAGE = 100;
/** Mentioning posts and comments read in one sweep; the rest on the next sweeps. */
export const LINKEDIN_MENTION_READS = 20;
/** How far back the first sweep of an account looks (LinkedIn keeps notifications 60 days). */
export const LINKEDIN_MENTION_FIRST_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export const LINKEDIN_MENTION_ACTIONS = ["SHARE_MENTION", "COMMENT_MENTION"] as const;

interface Notification {
  action?: string;
  organizationalEntity?: string;
  sourcePost?: string;
  generatedActivity?: string;
  lastModifiedAt?: number;
}

interface LinkedinPost {
  id?: string;
  author?: string;
  commentary?: string;
  createdAt?: number;
  publishedAt?: number;
}

/** A post's commentary (little text) as a reader sees it: @[Name](urn) mentions as @Name, escapes removed. */
export function commentaryToPlain(little: string): string {
  return littleToPlain(little.replace(/@\[((?:\\.|[^\]\\])*)\]\(urn:li:[^()]+\)/g, (_m, name: string) => `@${name}`));
}

type Rest = ReturnType<typeof linkedinHttp>["rest"];

export function isOrganization(authorUrn: string): boolean {
  return authorUrn.startsWith("urn:li:organization:");
}

/** The readable reason for a refused notifications read. */
export function linkedinMentionNotice(handle: string): string {
  return `LinkedIn refused reading the mentions of ${handle} (HTTP 403: the rw_organization_admin permission is missing, or the connecting member is not an administrator of the page); reconnect the page as an administrator and grant it.`;
}

/** What a notification points at: the mentioning post, or the mentioning comment and its post. */
function targetOf(n: Notification): { kind: "share"; post: string } | { kind: "comment"; comment: string; post: string } | null {
  const gen = n.generatedActivity ?? "";
  if (n.action === "SHARE_MENTION") {
    const post = isLinkedinPostUrn(gen) ? gen : n.sourcePost;
    return post && isLinkedinPostUrn(post) ? { kind: "share", post } : null;
  }
  if (n.action === "COMMENT_MENTION") {
    const post = commentedObject(gen) ?? n.sourcePost;
    return gen.startsWith("urn:li:comment:") && post ? { kind: "comment", comment: gen, post } : null;
  }
  return null;
}

/** A 404 (deleted since) or 403 (not visible to the page) on reading one mention: it is passed over. */
function unreadable(err: unknown): boolean {
  return err instanceof PlatformError && (err.httpStatus === 404 || err.httpStatus === 403);
}

export async function collectLinkedinMentions(opts: {
  rest: Rest;
  token: string;
  org: string;
  accountId: string;
  prisma: Db;
  /** The newest notification time read so far (ms), or null on the account's first mention sweep. */
  since: number | null;
  /** Remote ids this sweep collected already (a mention in a comment on one of Herald's posts). */
  collected?: ReadonlySet<string>;
  now: Date;
  signal: AbortSignal;
}): Promise<{ items: CollectedItem[]; newest: number | null; refused: boolean }> {
  const { rest, token, org, signal } = opts;
  const end = opts.now.getTime();
  const start = opts.since ?? end - LINKEDIN_MENTION_FIRST_DAYS * DAY_MS;
  // Rest.li 2.0: the URN is encoded, List(...) and (start:..,end:..) are not.
  const path =
    `/rest/organizationalEntityNotifications?q=criteria&organizationalEntity=${encodeURIComponent(org)}` +
    `&actions=List(${LINKEDIN_MENTION_ACTIONS.join(",")})&timeRange=(start:${start},end:${end})&start=0&count=${LINKEDIN_MENTION_PAGE}`;
  let page: { elements?: Notification[] } | undefined;
  try {
    page = (await rest<{ elements?: Notification[] }>(token, path, { method: "GET", signal }, "the mentions request")).body;
  } catch (err) {
    if (err instanceof PlatformError && err.httpStatus === 403) return { items: [], newest: opts.since, refused: true };
    throw err;
  }
  const listed = (page?.elements ?? [])
    .map((n) => ({ n, t: targetOf(n), time: n.lastModifiedAt }))
    .filter((x): x is { n: Notification; t: NonNullable<ReturnType<typeof targetOf>>; time: number } => x.t !== null && typeof x.time === "number" && x.time >= start)
    .sort((a, b) => a.time - b.time);
  const ids = listed.map((x) => (x.t.kind === "share" ? x.t.post : x.t.comment));
  const stored = ids.length ? await opts.prisma.inboxItem.findMany({ where: { accountId: opts.accountId, remoteId: { in: ids } }, select: { remoteId: true } }) : [];
  const held = new Set([...(opts.collected ?? []), ...stored.map((h) => h.remoteId)]);

  const items: CollectedItem[] = [];
  let newest = opts.since;
  let reads = 0;
  for (const { t, time } of listed) {
    const id = t.kind === "share" ? t.post : t.comment;
    if (!held.has(id)) {
      // The bound: the time stays before the first mention not read, so the next sweep starts there.
      if (reads >= LINKEDIN_MENTION_READS) break;
      reads++;
      held.add(id);
      try {
        const item = t.kind === "share" ? await readShare(t.post, time) : await readComment(t.comment, t.post, time);
        if (item && item.authorHandle !== org) items.push(item);
      } catch (err) {
        if (!unreadable(err)) throw err;
      }
    }
    newest = Math.max(newest ?? -Infinity, time);
  }
  return { items, newest, refused: false };

  async function readShare(post: string, at: number): Promise<CollectedItem | null> {
    const r = await rest<LinkedinPost>(token, `/rest/posts/${encodeURIComponent(post)}`, { method: "GET", signal }, "the mentioning post");
    const p = r.body ?? {};
    return {
      remoteId: post,
      kind: "mention",
      remoteParentId: null,
      remoteRootId: post,
      authorHandle: p.author ?? "unknown",
      authorName: null,
      text: commentaryToPlain(p.commentary ?? ""),
      url: linkedinPermalink(post),
      remoteCreatedAt: new Date(p.publishedAt ?? p.createdAt ?? at),
      simulated: false,
    };
  }

  async function readComment(comment: string, post: string, at: number): Promise<CollectedItem | null> {
    const object = commentedObject(comment) ?? post;
    const commentId = /,([^,()]+)\)$/.exec(comment)?.[1];
    if (!commentId) return null;
    const r = await rest<LinkedinComment>(token, `/rest/socialActions/${encodeURIComponent(object)}/comments/${encodeURIComponent(commentId)}`, { method: "GET", signal }, "the mentioning comment");
    const c = r.body ?? {};
    // A mention in a reply hangs under its first-level comment (LinkedIn nests one level): an answer goes there.
    return commentItem(c, { id: comment, kind: "mention", parent: c.parentComment ?? post, post, time: c.created?.time ?? at });
  }
}
