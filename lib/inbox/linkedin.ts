// LinkedIn's inbox (docs/decisions.md, "Inbox"): comments on the posts Herald published for the
// account, through the Community Management API's GET /rest/socialActions/{post}/comments with the
// adapter's versioned headers (lib/social/linkedin/adapter.ts, linkedinHttp). LinkedIn has no feed
// of an account's comments and no "since" filter, so a sweep reads one page (100) per post for the
// account's newest published posts (at most MAX_POSTS, of the last MAX_AGE_DAYS), keeps those newer
// than the cursor (the newest created time seen), and a post whose page holds all its comments
// reports the stored ones missing from it (and their replies) as deleted. Mentions are readable for
// organizations only (below).
//
// Replies: LinkedIn nests one level, and a first-level comment's commentsSummary counts its replies.
// A comment whose count differs from the count at its last read (kept in the cursor after the
// time: "<time>|{<comment URN>: <count>}", only for comments still listed) gets one page of
// GET /rest/socialActions/{comment}/comments; replies Herald does not hold yet are kept as "reply"
// items whose parent is the comment. At most REPLY_READS_PER_POST comments of a post and
// REPLY_READS of the account are read a sweep, newest first, so one busy post cannot spend the
// account's calls; the rest are read on later sweeps (their counts still differ), so the bound
// delays replies but loses none. Replies do not move the time: they are told apart by the ids
// Herald holds. On the hourly deletion check (`recheck`), one more comment with replies is read in
// turn, for a reply deleted and another added between two sweeps (the count unchanged).
//
// A 403 (the token lacks r_organization_social for a page, or the restricted r_member_social for a
// member) is a notice on the account's InboxCursor, not a failed sweep; the cursor then stays where
// it was so nothing is skipped once the permission is granted.
//
// Mentions of an organization page elsewhere (lib/inbox/linkedin-mentions.ts) are read after the
// comments, with their own time in the cursor's map under MENTIONS_KEY (not a comment URN, so a
// cursor without it reads as before) and their own notice on a 403. Member accounts are not asked.
import { clock } from "../clock";
import { db, type Db } from "../db";
import { env } from "../env";
import { commentUrnOf, linkedinHttp, LINKEDIN_API_VERSION, type LinkedinComment } from "../social/linkedin/adapter";
import { linkedinCredentials } from "../social/linkedin/credentials";
import { firstIssue, storedCredentials } from "../social/stored-credentials";
import { PlatformError } from "../social/types";
import { collectLinkedinMentions, commentItem, isOrganization, linkedinMentionNotice } from "./linkedin-mentions";
import { recentPublished } from "./recent-posts";
import type { CollectResult, CollectedItem, InboxSource } from "./types";

export const LINKEDIN_INBOX_PAGE = 100;
export const LINKEDIN_INBOX_MAX_POSTS = 10;
/** Comments whose replies are read in one sweep: of the whole account, and of any one post. */
export const LINKEDIN_INBOX_REPLY_READS = 20;
export const LINKEDIN_INBOX_REPLY_READS_PER_POST = 5;
const MAX_AGE_DAYS = 30;
/** The mentions' time (ms) in the cursor's map, beside the comments' reply counts. */
export const MENTIONS_KEY = "@mentions";

type Comment = LinkedinComment & { commentsSummary?: { totalFirstLevelComments?: number; aggregatedTotalComments?: number } };

interface CommentsPage {
  elements?: Comment[];
  paging?: { start?: number; count?: number; total?: number };
}

/** How many replies LinkedIn says a comment has, or null when it does not say. */
function replyCount(c: Comment): number | null {
  const s = c.commentsSummary;
  const n = [s?.aggregatedTotalComments, s?.totalFirstLevelComments].filter((x): x is number => typeof x === "number" && Number.isFinite(x));
  return n.length ? Math.max(...n) : null;
}

/**
 * The cursor: the newest first-level comment's time, then (when some comment's replies were read)
 * "|" and the reply count each such comment had at its last read, as JSON by comment URN.
 */
function parseCursor(cursor: string | null): { since: number; readCounts: Record<string, number>; mentionsSince: number | null } {
  const bar = cursor ? cursor.indexOf("|") : -1;
  const time = cursor ? (bar < 0 ? cursor : cursor.slice(0, bar)) : "";
  const readCounts: Record<string, number> = {};
  if (cursor && bar >= 0) {
    try {
      const parsed: unknown = JSON.parse(cursor.slice(bar + 1));
      if (parsed && typeof parsed === "object") for (const [k, v] of Object.entries(parsed)) if (typeof v === "number") readCounts[k] = v;
    } catch {
      // A damaged map only means the counted comments are read once more.
    }
  }
  const mentionsSince = MENTIONS_KEY in readCounts ? readCounts[MENTIONS_KEY] : null;
  delete readCounts[MENTIONS_KEY];
  return { since: time ? Number(time) : NaN, readCounts, mentionsSince };
}

function formatCursor(newest: number | null, readCounts: Record<string, number>, mentionsSince: number | null = null): string | null {
  const counts = mentionsSince === null ? readCounts : { ...readCounts, [MENTIONS_KEY]: mentionsSince };
  // Sorted, so an unchanged cursor reads the same and is not written again.
  const keys = Object.keys(counts).sort();
  const map = keys.length ? `|${JSON.stringify(Object.fromEntries(keys.map((k) => [k, counts[k]])))}` : "";
  if (newest === null && !map) return null;
  return `${newest ?? ""}${map}`;
}

function isRefused(err: unknown): err is PlatformError {
  return err instanceof PlatformError && err.httpStatus === 403;
}

/** The readable reason for a refused read, naming the permission the kind of account needs. */
export function linkedinReadNotice(handle: string, authorUrn: string): string {
  const org = authorUrn.startsWith("urn:li:organization:");
  const permission = org ? "r_organization_social" : "r_member_social";
  const how = org
    ? "reconnect the page and grant it"
    : "LinkedIn grants it to approved apps only, so comments on a member's posts cannot be read until Herald's app has it";
  return `LinkedIn refused reading the comments on ${handle}'s posts (HTTP 403: the ${permission} permission is missing); ${how}.`;
}

export function linkedinInboxSource(deps: { baseUrl?: string; prisma?: Db } = {}): InboxSource {
  return {
    async collect({ account, cursor, signal, now: sweptAt, recheck }): Promise<CollectResult> {
      const creds = storedCredentials(linkedinCredentials, account, (issues) => `The LinkedIn credentials for ${account.handle} are malformed (${firstIssue(issues)}); reconnect the account.`);
      const prisma = deps.prisma ?? db();
      const now = sweptAt ?? clock.now();
      const base = (deps.baseUrl ?? env().LINKEDIN_API_URL).replace(/\/+$/, "");
      const { rest } = linkedinHttp({ base, version: LINKEDIN_API_VERSION, now: () => now });
      const posts = await recentPublished(prisma, account, now, { days: MAX_AGE_DAYS, max: LINKEDIN_INBOX_MAX_POSTS });
      const { since, readCounts, mentionsSince } = parseCursor(cursor);
      // The reply counts at each comment's last read, for the comments listed this sweep.
      const counts: Record<string, number> = {};
      let newest = Number.isFinite(since) ? since : -Infinity;
      const items: CollectedItem[] = [];
      const deleted: string[] = [];
      let replyReads = 0;
      let refused = false;
      const list = (on: string, what: string) =>
        rest<CommentsPage>(creds.accessToken, `/rest/socialActions/${encodeURIComponent(on)}/comments?start=0&count=${LINKEDIN_INBOX_PAGE}`, { method: "GET", signal }, what);

      type Held = { remoteId: string; remoteParentId: string | null; kind: string; outgoing: boolean }[];
      type FirstLevel = { id: string; time: number; count: number | null };
      const unread: { urn: string; held: Held; c: FirstLevel }[] = [];
      /** One page of a comment's replies: the ones Herald does not hold, and those it holds that are gone. */
      async function readReplies(urn: string, held: Held, c: FirstLevel): Promise<"read" | "gone" | "refused"> {
        replyReads++;
        let r: Awaited<ReturnType<typeof list>>;
        try {
          r = await list(c.id, "the replies request");
        } catch (err) {
          // Deleted since the post's page was read: the next page no longer lists it.
          if (err instanceof PlatformError && err.httpStatus === 404) return "gone";
          if (!isRefused(err)) throw err;
          refused = true;
          return "refused";
        }
        const heldIds = new Set(held.map((h) => h.remoteId));
        const replies = r.body?.elements ?? [];
        const listed = new Set<string>();
        for (const x of replies) {
          const id = commentUrnOf(x, urn);
          const time = x.created?.time;
          if (!id || typeof time !== "number") continue;
          listed.add(id);
          if (heldIds.has(id) || x.actor === creds.authorUrn) continue;
          // One level of nesting: every reply hangs under the first-level comment.
          items.push(commentItem(x, { id, kind: "reply", parent: c.id, post: urn, time }));
        }
        if ((r.body?.paging?.total ?? replies.length) <= replies.length) {
          for (const h of held) if (h.kind === "reply" && !h.outgoing && h.remoteParentId === c.id && !listed.has(h.remoteId)) deleted.push(h.remoteId);
        }
        if (c.count) counts[c.id] = c.count;
        else delete counts[c.id];
        return "read";
      }

      posts: for (const post of posts) {
        const urn = post.platformPostId;
        let res: Awaited<ReturnType<typeof list>>;
        try {
          res = await list(urn, "the comments request");
        } catch (err) {
          // The same token reads every post: one refusal stands for all of them.
          if (!isRefused(err)) throw err;
          refused = true;
          break;
        }
        const page = res.body?.elements ?? [];
        const seen = new Set<string>();
        const firstLevel: FirstLevel[] = [];
        for (const c of page) {
          const id = commentUrnOf(c, urn);
          const time = c.created?.time;
          if (!id || typeof time !== "number") continue;
          seen.add(id);
          firstLevel.push({ id, time, count: replyCount(c) });
          // The account's own comments are Herald's answers (or the owner's): not inbox material.
          if (c.actor === creds.authorUrn || (Number.isFinite(since) && time <= since)) continue;
          newest = Math.max(newest, time);
          items.push(commentItem(c, { id, kind: "comment", parent: c.parentComment ?? urn, post: urn, time }));
        }

        // What Herald holds of this post: its comments, their replies, and its own answers.
        const held = await prisma.inboxItem.findMany({
          where: { accountId: account.id, deletedAt: null, OR: [{ postTargetId: post.id }, { remoteRootId: urn }] },
          select: { remoteId: true, remoteParentId: true, kind: true, outgoing: true },
        });

        // The whole list in one page: what we keep of this post and LinkedIn no longer has is gone,
        // and the replies under a gone comment with it.
        if ((res.body?.paging?.total ?? page.length) <= page.length) {
          const gone = new Set(held.filter((h) => h.kind === "comment" && !h.outgoing && !seen.has(h.remoteId)).map((h) => h.remoteId));
          for (const h of held) if (!h.outgoing && (gone.has(h.remoteId) || (h.kind === "reply" && h.remoteParentId && gone.has(h.remoteParentId)))) deleted.push(h.remoteId);
        }

        // Replies: comments whose count differs from the count at their last read, newest first, bounded.
        // The counts kept are those of the comments still listed; a comment not read keeps its old one.
        for (const c of firstLevel) if (c.id in readCounts) counts[c.id] = readCounts[c.id];
        const due = firstLevel
          .filter((c) => c.count !== null && c.count !== (readCounts[c.id] ?? 0))
          .sort((a, b) => b.time - a.time)
          .slice(0, Math.max(0, Math.min(LINKEDIN_INBOX_REPLY_READS_PER_POST, LINKEDIN_INBOX_REPLY_READS - replyReads)));
        for (const c of due) {
          const done = await readReplies(urn, held, c);
          if (done === "refused") break posts;
        }
        // A post that used its share this sweep offers none for the turn below.
        if (due.length < LINKEDIN_INBOX_REPLY_READS_PER_POST) for (const c of firstLevel) if (c.count && !due.includes(c)) unread.push({ urn, held, c });
      }
      // On the hourly deletion check, one more comment with replies is read in turn (by the hour),
      // whatever its count: a reply deleted and another added between two sweeps leave the count
      // unchanged, and this finds them within as many hours as there are such comments.
      if (recheck && !refused && unread.length && replyReads < LINKEDIN_INBOX_REPLY_READS) {
        unread.sort((x, y) => (x.c.id < y.c.id ? -1 : x.c.id > y.c.id ? 1 : 0));
        const turn = unread[Math.floor(now.getTime() / 3_600_000) % unread.length];
        await readReplies(turn.urn, turn.held, turn.c);
      }
      const notices = refused ? [linkedinReadNotice(account.handle, creds.authorUrn)] : [];
      // Mentions elsewhere: only an organization can read its notifications.
      let mentionsAt = mentionsSince;
      if (isOrganization(creds.authorUrn)) {
        const m = await collectLinkedinMentions({ rest, token: creds.accessToken, org: creds.authorUrn, accountId: account.id, prisma, since: mentionsSince, collected: new Set(items.map((i) => i.remoteId)), now, signal });
        items.push(...m.items);
        mentionsAt = m.newest;
        if (m.refused) notices.push(linkedinMentionNotice(account.handle));
      }
      // A refused read leaves the comments' part of the cursor where it was: the unread posts' comments are not skipped.
      const next = refused
        ? formatCursor(Number.isFinite(since) ? since : null, readCounts, mentionsAt)
        : formatCursor(Number.isFinite(newest) ? newest : null, counts, mentionsAt);
      return { items, cursor: next, deleted, ...(notices.length && { notices }) };
    },
  };
}
