// LinkedIn's inbox (docs/decisions.md, "Inbox"): comments on the posts Herald published for the
// account, through the Community Management API's GET /rest/socialActions/{post}/comments with the
// adapter's versioned headers (lib/social/linkedin/adapter.ts, linkedinHttp). LinkedIn has no feed
// of an account's comments and no "since" filter, so a sweep reads one page (100) per post for the
// account's newest published posts (at most MAX_POSTS, of the last MAX_AGE_DAYS), keeps those newer
// than the cursor (the newest created time seen), and a post whose page holds all its comments
// reports the stored ones missing from it as deleted. Mentions are not readable for members.
import { clock } from "../clock";
import { db, type Db } from "../db";
import { env } from "../env";
import { commentUrnOf, linkedinCommentUrl, linkedinHttp, LINKEDIN_API_VERSION, type LinkedinComment } from "../social/linkedin/adapter";
import { linkedinCredentials } from "../social/linkedin/credentials";
import { firstIssue, storedCredentials } from "../social/stored-credentials";
import { recentPublished } from "./recent-posts";
import type { CollectResult, CollectedItem, InboxSource } from "./types";

export const LINKEDIN_INBOX_PAGE = 100;
export const LINKEDIN_INBOX_MAX_POSTS = 10;
const MAX_AGE_DAYS = 30;

interface CommentsPage {
  elements?: LinkedinComment[];
  paging?: { start?: number; count?: number; total?: number };
}

export function linkedinInboxSource(deps: { baseUrl?: string; prisma?: Db } = {}): InboxSource {
  return {
    async collect({ account, cursor, signal, now: sweptAt }): Promise<CollectResult> {
      const creds = storedCredentials(linkedinCredentials, account, (issues) => `The LinkedIn credentials for ${account.handle} are malformed (${firstIssue(issues)}); reconnect the account.`);
      const prisma = deps.prisma ?? db();
      const now = sweptAt ?? clock.now();
      const base = (deps.baseUrl ?? env().LINKEDIN_API_URL).replace(/\/+$/, "");
      const { rest } = linkedinHttp({ base, version: LINKEDIN_API_VERSION, now: () => now });
      const posts = await recentPublished(prisma, account, now, { days: MAX_AGE_DAYS, max: LINKEDIN_INBOX_MAX_POSTS });
      const since = cursor ? Number(cursor) : NaN;
      let newest = Number.isFinite(since) ? since : -Infinity;
      const items: CollectedItem[] = [];
      const deleted: string[] = [];
      for (const post of posts) {
        const urn = post.platformPostId;
        const res = await rest<CommentsPage>(creds.accessToken, `/rest/socialActions/${encodeURIComponent(urn)}/comments?start=0&count=${LINKEDIN_INBOX_PAGE}`, { method: "GET", signal }, "the comments request");
        const page = res.body?.elements ?? [];
        const seen = new Set<string>();
        for (const c of page) {
          const id = commentUrnOf(c, urn);
          const time = c.created?.time;
          if (!id || typeof time !== "number") continue;
          seen.add(id);
          // The account's own comments are Herald's answers (or the owner's): not inbox material.
          if (c.actor === creds.authorUrn || (Number.isFinite(since) && time <= since)) continue;
          newest = Math.max(newest, time);
          items.push({
            remoteId: id,
            kind: "comment",
            remoteParentId: c.parentComment ?? urn,
            remoteRootId: urn,
            authorHandle: c.actor ?? c.created?.actor ?? "unknown",
            authorName: null,
            text: c.message?.text ?? "",
            url: linkedinCommentUrl(urn, id),
            remoteCreatedAt: new Date(time),
            simulated: false,
          });
        }
        // The whole list in one page: what we keep of this post and LinkedIn no longer has is gone.
        if ((res.body?.paging?.total ?? page.length) <= page.length) {
          const kept = await prisma.inboxItem.findMany({ where: { accountId: account.id, postTargetId: post.id, outgoing: false, deletedAt: null }, select: { remoteId: true } });
          for (const k of kept) if (!seen.has(k.remoteId)) deleted.push(k.remoteId);
        }
      }
      return { items, cursor: Number.isFinite(newest) ? String(newest) : cursor, deleted };
    },
  };
}
