// A local stand-in for the YouTube Data API v3's comment methods the inbox uses (docs/decisions.md,
// "Inbox"): commentThreads.list (allThreadsRelatedToChannelId, order=time: newest thread first,
// opaque pageToken), comments.insert (a reply under snippet.parentId) and comments.list by
// parentId. Google's error bodies; the bearer token is checked.
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

export function ytThread(top: YtComment, replies: YtComment[] = []): YtThread {
  return {
    id: top.id,
    snippet: { channelId: YT_CHANNEL, videoId: top.snippet.videoId, topLevelComment: top, totalReplyCount: replies.length, canReply: true, isPublic: true },
    ...(replies.length && { replies: { comments: replies } }),
  };
}

export async function startYoutubeInbox(): Promise<FixtureServer & { threads: YtThread[]; inserted: YtComment[] }> {
  const s = await startFixtureServer();
  const threads: YtThread[] = [];
  const inserted: YtComment[] = [];
  const authorized = (h: Record<string, unknown>) => h.authorization === `Bearer ${YT_TOKEN}`;
  s.on("GET", "/youtube/v3/commentThreads", (req) => {
    if (!authorized(req.headers)) return googleError(401, "authError", "Invalid Credentials");
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
    const parentId = req.query.get("parentId");
    return { json: { items: inserted.filter((c) => c.snippet.parentId === parentId) } };
  });
  return Object.assign(s, { threads, inserted });
}
