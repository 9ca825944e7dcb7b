// A local stand-in for the YouTube Data API v3's comment methods the inbox uses (docs/decisions.md,
// "Inbox"): commentThreads.list (allThreadsRelatedToChannelId, order=time: newest thread first,
// opaque pageToken), comments.insert (a reply under snippet.parentId), comments.list by parentId
// (a thread's replies, paged: a thread itself carries at most 5) and by id (the ones that still
// exist), and commentThreads.list by id (snippet only: the late-reply re-check's counts). Google's error bodies; the bearer token is checked.
import { startFixtureServer, type FixtureServer } from "./fixture-server";

export const YT_TOKEN = "ya29.inbox-good";
export const YT_CHANNEL = "UCbakery0000000000000001";

export interface YtComment {
  id: string;
  snippet: {
    videoId: string;
    parentId?: string;
    textDisplay: string;
    textOriginal: string;
    authorDisplayName: string;
    authorChannelId: { value: string };
    publishedAt: string;
  };
}

export interface YtThread {
  id: string;
  snippet: { channelId: string; videoId: string; topLevelComment: YtComment; totalReplyCount: number; canReply: boolean; isPublic: boolean };
  replies?: { comments: YtComment[] };
}

const googleError = (code: number, reason: string, message: string) => ({ status: code, json: { error: { code, message, errors: [{ message, domain: "youtube.api", reason }] } } });

export function ytComment(id: string, opts: { video: string; at: string; text: string; parentId?: string; author?: string; channel?: string }): YtComment {
  return {
    id,
    snippet: {
      videoId: opts.video,
      ...(opts.parentId && { parentId: opts.parentId }),
      textDisplay: opts.text,
      textOriginal: opts.text,
      authorDisplayName: opts.author ?? `@fan-${id.slice(-4)}`,
      authorChannelId: { value: opts.channel ?? `UCfan${id.slice(-6)}` },
      publishedAt: opts.at,
    },
  };
}

/** A thread with its replies; `total` more than carried says the thread holds only some (the server's `replies` map has them all). */
export function ytThread(top: YtComment, replies: YtComment[] = [], total = replies.length): YtThread {
  return {
    id: top.id,
    snippet: { channelId: YT_CHANNEL, videoId: top.snippet.videoId, topLevelComment: top, totalReplyCount: total, canReply: true, isPublic: true },
    ...(replies.length && { replies: { comments: replies } }),
  };
}

export async function startYoutubeInbox(): Promise<FixtureServer & { threads: YtThread[]; inserted: YtComment[]; replies: Map<string, YtComment[]> }> {
  const s = await startFixtureServer();
  const threads: YtThread[] = [];
  const inserted: YtComment[] = [];
  /** Every reply of a thread, by its top-level comment's id, for comments.list?parentId. */
  const replies = new Map<string, YtComment[]>();
  const authorized = (h: Record<string, unknown>) => h.authorization === `Bearer ${YT_TOKEN}`;
  s.on("GET", "/youtube/v3/commentThreads", (req) => {
    if (!authorized(req.headers)) return googleError(401, "authError", "Invalid Credentials");
    const ids = req.query.get("id");
    if (ids !== null) {
      // By id (up to 50): the threads that still exist, with their snippet (and totalReplyCount) only.
      if (req.query.has("maxResults")) return googleError(400, "incompatibleParameters", "The maxResults parameter cannot be used with the id parameter.");
      const wanted = ids.split(",");
      if (wanted.length > 50) return googleError(400, "invalidParameter", "id");
      return { json: { kind: "youtube#commentThreadListResponse", items: threads.filter((t) => wanted.includes(t.id)).map((t) => ({ kind: "youtube#commentThread", id: t.id, snippet: t.snippet })) } };
    }
    if (req.query.get("allThreadsRelatedToChannelId") !== YT_CHANNEL) return googleError(400, "invalidParameter", "channel");
    const max = Number(req.query.get("maxResults") ?? 20);
    const start = Number(req.query.get("pageToken") ?? 0);
    const sorted = [...threads].sort((a, b) => b.snippet.topLevelComment.snippet.publishedAt.localeCompare(a.snippet.topLevelComment.snippet.publishedAt));
    const page = sorted.slice(start, start + max);
    const next = start + max < sorted.length ? String(start + max) : undefined;
    return { json: { kind: "youtube#commentThreadListResponse", items: page, ...(next && { nextPageToken: next }), pageInfo: { totalResults: sorted.length, resultsPerPage: max } } };
  });
  s.on("POST", "/youtube/v3/comments", (req) => {
    if (!authorized(req.headers)) return googleError(401, "authError", "Invalid Credentials");
    const body = req.body as { snippet?: { parentId?: string; textOriginal?: string } };
    const parentId = body.snippet?.parentId ?? "";
    const parent = threads.find((t) => t.id === parentId);
    if (!parent) return googleError(404, "commentNotFound", "The comment identified by the parentId parameter could not be found.");
    const c = ytComment(`${parentId}.9reply${String(inserted.length + 1).padStart(4, "0")}`, {
      video: parent.snippet.videoId,
      at: "2031-03-02T12:00:00Z",
      text: body.snippet?.textOriginal ?? "",
      parentId,
      author: "@bakery",
      channel: YT_CHANNEL,
    });
    inserted.push(c);
    return { json: { kind: "youtube#comment", ...c } };
  });
  s.on("GET", "/youtube/v3/comments", (req) => {
    if (!authorized(req.headers)) return googleError(401, "authError", "Invalid Credentials");
    const ids = req.query.get("id");
    if (ids !== null) {
      if (req.query.has("maxResults")) return googleError(400, "incompatibleParameters", "The maxResults parameter cannot be used with the id parameter.");
      const all = [...threads.flatMap((t) => [t.snippet.topLevelComment, ...(t.replies?.comments ?? [])]), ...[...replies.values()].flat(), ...inserted];
      const wanted = ids.split(",");
      return { json: { kind: "youtube#commentListResponse", items: all.filter((c) => wanted.includes(c.id)).map((c) => ({ kind: "youtube#comment", id: c.id })) } };
    }
    const parentId = req.query.get("parentId") ?? "";
    const all = [...(replies.get(parentId) ?? []), ...inserted.filter((c) => c.snippet.parentId === parentId)];
    const max = Number(req.query.get("maxResults") ?? 20);
    const start = Number(req.query.get("pageToken") ?? 0);
    const next = start + max < all.length ? String(start + max) : undefined;
    return { json: { kind: "youtube#commentListResponse", items: all.slice(start, start + max), ...(next && { nextPageToken: next }) } };
  });
  return Object.assign(s, { threads, inserted, replies });
}
