// A local Graph API for the Facebook and Instagram inboxes (docs/decisions.md, "Inbox"): comment
// lists per object (newest first, `since` in seconds, `after` cursors, `limit`), replies created
// under a comment, and hiding by POST /{comment-id}. The test fills `comments` (by the object they
// sit under) and reads what was asked from `requests`. Mentions: `tagged` (a Page's
// /{page-id}/tagged, newest first, `since` in seconds) and `igTags` (an IG user's /{ig-user-id}/tags,
// newest first, no time filter); an edge named in `denied` ("tagged", "tags", "comments", "hide")
// answers Graph's permission error (code 10), as for a permission the person left unticked.
// The account's own posts: `published` (a Page's /{page-id}/published_posts) and `igMedia` (an IG
// user's /{ig-user-id}/media), newest first, `since` in seconds, `limit`; "published_posts" and
// "media" in `denied` refuse them.
import { GRAPH_API_VERSION } from "../../lib/social/meta/graph";
import { fixtureForFile } from "./fixture-for-file";
import { startFixtureServer, type FixtureServer } from "./fixture-server";

export interface FbComment {
  id: string;
  message: string;
  from?: { id: string; name: string };
  created_time: string;
  parent?: { id: string };
  permalink_url?: string;
}

/** An Instagram comment with its replies (`from` is the commenter's IG user). */
export interface IgComment {
  id: string;
  text: string;
  username: string;
  timestamp: string;
  from?: { id: string; username: string };
  replies?: IgComment[];
}

/** A public post the Page is tagged in (`from` is often left out by Graph). */
export interface FbTaggedPost {
  id: string;
  message?: string;
  from?: { id: string; name: string };
  created_time: string;
  permalink_url?: string;
}

/** Media an Instagram account is tagged in. */
export interface IgTaggedMedia {
  id: string;
  caption?: string;
  username: string;
  timestamp: string;
  permalink?: string;
}

/** A post on the Page (made through Herald or in Facebook's apps). */
export interface FbPagePost {
  id: string;
  created_time: string;
  permalink_url?: string;
}

/** A media on the Instagram account (posted through Herald or in Instagram's apps). */
export interface IgOwnMedia {
  id: string;
  timestamp: string;
  permalink?: string;
}

const V = GRAPH_API_VERSION.replace(".", "\\.");
const graphTime = (iso: string) => iso.replace(/\.\d{3}Z$/, "+0000");

export async function startGraphInbox(token: string): Promise<
  FixtureServer & {
    comments: Map<string, FbComment[]>;
    igComments: Map<string, IgComment[]>;
    created: { parent: string; message: string; id: string }[];
    tagged: Map<string, FbTaggedPost[]>;
    igTags: Map<string, IgTaggedMedia[]>;
    denied: Set<string>;
    published: Map<string, FbPagePost[]>;
    igMedia: Map<string, IgOwnMedia[]>;
  }
> {
  const s = await startFixtureServer();
  const comments = new Map<string, FbComment[]>();
  // Instagram media's comments, newest first, replies nested (no time filter on this edge).
  const igComments = new Map<string, IgComment[]>();
  const created: { parent: string; message: string; id: string }[] = [];
  const tokenOf = (q: URLSearchParams, body: unknown) => q.get("access_token") ?? (body as { access_token?: string } | undefined)?.access_token;
  const refused = { status: 400, json: { error: { message: "Invalid OAuth access token - Cannot parse access token", type: "OAuthException", code: 190, fbtrace_id: "AbCdEf" } } };
  const tagged = new Map<string, FbTaggedPost[]>();
  const igTags = new Map<string, IgTaggedMedia[]>();
  const denied = new Set<string>();
  const noPermission = (what: string) => ({ status: 403, json: { error: { message: `(#10) Application does not have permission for this action: ${what}`, type: "OAuthException", code: 10, fbtrace_id: "AbCdEf" } } });
  const paged = <T>(req: { path: string; query: URLSearchParams }, rows: T[]) => {
    const limit = Number(req.query.get("limit") ?? 25);
    const start = Number(req.query.get("after") ?? 0);
    const page = rows.slice(start, start + limit);
    const more = start + limit < rows.length;
    return { json: { data: page, paging: { cursors: { before: String(start), after: String(start + page.length) }, ...(more && { next: `${s.url}${req.path}?after=${start + page.length}` }) } } };
  };

  const published = new Map<string, FbPagePost[]>();
  const igMedia = new Map<string, IgOwnMedia[]>();
  s.on("GET", new RegExp(`^/${V}/([^/]+)/published_posts$`), (req) => {
    if (tokenOf(req.query, undefined) !== token) return refused;
    if (denied.has("published_posts")) return noPermission("pages_read_engagement");
    const since = req.query.get("since");
    const rows = [...(published.get(decodeURIComponent(req.path.split("/")[2])) ?? [])]
      .filter((p) => !since || Date.parse(p.created_time) >= Number(since) * 1000)
      .sort((a, b) => b.created_time.localeCompare(a.created_time))
      .map((p) => ({ ...p, created_time: graphTime(p.created_time) }));
    return paged(req, rows);
  });
  s.on("GET", new RegExp(`^/${V}/([^/]+)/media$`), (req) => {
    if (tokenOf(req.query, undefined) !== token) return refused;
    if (denied.has("media")) return noPermission("instagram_basic");
    const since = req.query.get("since");
    const rows = [...(igMedia.get(decodeURIComponent(req.path.split("/")[2])) ?? [])]
      .filter((m) => !since || Date.parse(m.timestamp) >= Number(since) * 1000)
      .sort((a, b) => b.timestamp.localeCompare(a.timestamp))
      .map((m) => ({ ...m, timestamp: graphTime(m.timestamp) }));
    return paged(req, rows);
  });

  s.on("GET", new RegExp(`^/${V}/([^/]+)/tagged$`), (req) => {
    if (tokenOf(req.query, undefined) !== token) return refused;
    if (denied.has("tagged")) return noPermission("pages_read_user_content");
    const since = req.query.get("since");
    const rows = [...(tagged.get(decodeURIComponent(req.path.split("/")[2])) ?? [])]
      .filter((p) => !since || Date.parse(p.created_time) >= Number(since) * 1000)
      .sort((a, b) => b.created_time.localeCompare(a.created_time))
      .map((p) => ({ ...p, created_time: graphTime(p.created_time) }));
    return paged(req, rows);
  });
  s.on("GET", new RegExp(`^/${V}/([^/]+)/tags$`), (req) => {
    if (tokenOf(req.query, undefined) !== token) return refused;
    if (denied.has("tags")) return noPermission("instagram_manage_comments");
    const rows = [...(igTags.get(decodeURIComponent(req.path.split("/")[2])) ?? [])]
      .sort((a, b) => b.timestamp.localeCompare(a.timestamp))
      .map((m) => ({ ...m, timestamp: graphTime(m.timestamp) }));
    return paged(req, rows);
  });

  s.on("GET", new RegExp(`^/${V}/([^/]+)/comments$`), (req) => {
    if (tokenOf(req.query, undefined) !== token) return refused;
    if (denied.has("comments")) return noPermission("comments");
    const object = decodeURIComponent(req.path.split("/")[2]);
    const ig = igComments.get(object);
    if (ig) {
      const limit = Number(req.query.get("limit") ?? 25);
      const rows = [...ig].sort((a, b) => b.timestamp.localeCompare(a.timestamp));
      const start = Number(req.query.get("after") ?? 0);
      const page = rows.slice(start, start + limit).map(({ replies, ...c }) => ({
        ...c,
        timestamp: graphTime(c.timestamp),
        ...(replies?.length && { replies: { data: replies.map((r) => ({ ...r, timestamp: graphTime(r.timestamp) })) } }),
      }));
      const more = start + limit < rows.length;
      return { json: { data: page, paging: { cursors: { before: String(start), after: String(start + page.length) }, ...(more && { next: `${s.url}${req.path}?after=${start + page.length}` }) } } };
    }
    const list = comments.get(object);
    if (!list) return { status: 400, json: { error: { message: `(#100) Object with ID '${object}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`, type: "GraphMethodException", code: 100, fbtrace_id: "AbCdEf" } } };
    const since = req.query.get("since");
    const limit = Number(req.query.get("limit") ?? 25);
    const rows = [...list]
      .filter((c) => !since || Date.parse(c.created_time) >= Number(since) * 1000)
      .sort((a, b) => b.created_time.localeCompare(a.created_time));
    const start = Number(req.query.get("after") ?? 0);
    const page = rows.slice(start, start + limit);
    const more = start + limit < rows.length;
    return {
      json: {
        data: page.map((c) => ({ ...c, created_time: graphTime(c.created_time) })),
        paging: { cursors: { before: String(start), after: String(start + page.length) }, ...(more && { next: `${s.url}${req.path}?after=${start + page.length}` }) },
      },
    };
  });
  s.on("POST", new RegExp(`^/${V}/([^/]+)/(comments|replies)$`), (req) => {
    const body = req.body as { message?: string; access_token?: string };
    if (body.access_token !== token) return refused;
    const parent = decodeURIComponent(req.path.split("/")[2]);
    const id = `${parent.split("_")[0]}_${900_000 + created.length + 1}`;
    created.push({ parent, message: String(body.message), id });
    return { json: { id } };
  });
  s.on("GET", new RegExp(`^/${V}/([^/]+)$`), (req) => {
    const id = decodeURIComponent(req.path.split("/")[2]);
    return { json: { id, permalink_url: `https://www.facebook.com/${id}` } };
  });
  // Hiding: POST /{comment-id} with is_hidden (Facebook) or hide (Instagram).
  s.on("POST", new RegExp(`^/${V}/([^/]+)$`), (req) => {
    const body = req.body as { access_token?: string };
    if (body.access_token !== token) return refused;
    if (denied.has("hide")) return noPermission("hide");
    return { json: { success: true } };
  });
  return Object.assign(s, { comments, igComments, created, tagged, igTags, denied, published, igMedia });
}

export type GraphInbox = Awaited<ReturnType<typeof startGraphInbox>>;

/** The Graph inbox fixture for one test file (fixtureForFile), GRAPH_API_URL pointing at it, every list emptied before each test. */
export function graphInboxForFile(token: string): () => GraphInbox {
  return fixtureForFile("Graph", () => startGraphInbox(token), "GRAPH_API_URL", (g) => {
    for (const m of [g.comments, g.igComments, g.tagged, g.igTags, g.denied, g.published, g.igMedia]) m.clear();
    g.created.length = 0;
    g.requests.length = 0;
  });
}
