// A local stand-in for LinkedIn's Comments API the inbox uses (docs/decisions.md, "Inbox"):
// GET /rest/socialActions/{urn}/comments (start/count paging, paging.total) and POST on the same
// path (a comment, or a reply with parentComment), with the versioned headers checked and
// LinkedIn's 401 body for a refused token. Each listed comment carries a commentsSummary counting
// the comments listed under its own URN (its replies); LI_NO_READ_TOKEN may post but is refused
// reading with LinkedIn's 403 (a token without r_organization_social / r_member_social).
// Mentions of the page (lib/inbox/linkedin-mentions.ts): GET /rest/organizationalEntityNotifications
// (criteria finder: organizationalEntity, actions List(...), timeRange (start:..,end:..), start/count,
// each parameter checked) over `notifications`; GET /rest/posts/{urn} over `posts`; and
// GET /rest/socialActions/{post}/comments/{id} over the comments above. LI_NO_ADMIN_TOKEN reads
// comments but is refused the notifications with LinkedIn's 403 (no rw_organization_admin).
import { fixtureForFile } from "./fixture-for-file";
import { startFixtureServer, type FixtureServer } from "./fixture-server";

export const LI_TOKEN = "li-inbox-token";
export const LI_ORG = "urn:li:organization:2414183";
export const LI_NO_READ_TOKEN = "li-inbox-token-without-read";
export const LI_NO_ADMIN_TOKEN = "li-inbox-token-without-admin";

/** An organization notification as the criteria finder lists it. */
export interface LiNotification {
  action: string;
  organizationalEntity: string;
  sourcePost?: string;
  generatedActivity?: string;
  decoratedSourcePost?: Record<string, unknown>;
  lastModifiedAt: number;
}

/** A mention of the page in someone's post (SHARE_MENTION) or comment (COMMENT_MENTION, generatedActivity the comment). */
export function liMention(action: "SHARE_MENTION" | "COMMENT_MENTION", opts: { post: string; comment?: string; time: number; org?: string }): LiNotification {
  return {
    action,
    organizationalEntity: opts.org ?? LI_ORG,
    sourcePost: opts.post,
    generatedActivity: action === "SHARE_MENTION" ? opts.post : opts.comment,
    decoratedSourcePost: { entity: opts.post, owner: "urn:li:person:someone" },
    lastModifiedAt: opts.time,
  };
}

export interface LiPost {
  id: string;
  author: string;
  commentary: string;
  createdAt: number;
  publishedAt: number;
  lifecycleState: "PUBLISHED";
  visibility: "PUBLIC";
}

export interface LiComment {
  id: string;
  commentUrn: string;
  $URN: string;
  actor: string;
  object: string;
  parentComment?: string;
  message: { text: string };
  created: { actor: string; time: number };
  lastModified: { actor: string; time: number };
}

export function liComment(object: string, id: string, opts: { time: number; text: string; actor?: string; parentComment?: string }): LiComment {
  const urn = `urn:li:comment:(${object},${id})`;
  const actor = opts.actor ?? `urn:li:person:fan${id}`;
  return { id, commentUrn: urn, $URN: urn, actor, object, ...(opts.parentComment && { parentComment: opts.parentComment }), message: { text: opts.text }, created: { actor, time: opts.time }, lastModified: { actor, time: opts.time } };
}

/** comments: by the URN they are listed under (a post's URN, or a comment's for its replies). */
/** gone: URNs LinkedIn answers 404 for (a comment deleted after its post's page was read). */
/** notifications / posts: what the mentions read (a post missing from `posts` is LinkedIn's 404). */
export async function startLinkedinInbox(): Promise<
  FixtureServer & { comments: Map<string, LiComment[]>; gone: Set<string>; notifications: LiNotification[]; posts: Map<string, LiPost> }
> {
  const s = await startFixtureServer();
  const comments = new Map<string, LiComment[]>();
  const gone = new Set<string>();
  const notifications: LiNotification[] = [];
  const posts = new Map<string, LiPost>();
  // Ids of posted comments count across all lists, so two answers never share a URN.
  let posted = 0;
  const path = /^\/rest\/socialActions\/([^/]+)\/comments$/;
  const refused = (h: Record<string, unknown>) =>
    ![LI_TOKEN, LI_NO_READ_TOKEN, LI_NO_ADMIN_TOKEN].some((t) => h.authorization === `Bearer ${t}`) ? { status: 401, json: { status: 401, serviceErrorCode: 65600, code: "INVALID_ACCESS_TOKEN", message: "Invalid access token" } } : null;
  s.on("GET", path, (req) => {
    const no = refused(req.headers);
    if (no) return no;
    if (req.headers.authorization === `Bearer ${LI_NO_READ_TOKEN}`) {
      return { status: 403, json: { status: 403, serviceErrorCode: 100, code: "ACCESS_DENIED", message: "Not enough permissions to access: partnerApiSocialActions.GET.20250401" } };
    }
    if (!req.headers["linkedin-version"] || req.headers["x-restli-protocol-version"] !== "2.0.0") return { status: 400, json: { status: 400, message: "missing version headers" } };
    const on = decodeURIComponent(path.exec(req.path)![1]);
    if (gone.has(on)) return { status: 404, json: { status: 404, serviceErrorCode: 0, code: "NOT_FOUND", message: `Not found: ${on}` } };
    const all = comments.get(on) ?? [];
    const start = Number(req.query.get("start") ?? 0);
    const count = Number(req.query.get("count") ?? 10);
    const summarized = all.slice(start, start + count).map((c) => {
      const replies = comments.get(c.commentUrn)?.length ?? 0;
      return { ...c, commentsSummary: { selectedComments: [], totalFirstLevelComments: replies, aggregatedTotalComments: replies } };
    });
    return { json: { elements: summarized, paging: { start, count, total: all.length, links: [] } } };
  });
  s.on("POST", path, (req) => {
    const no = refused(req.headers);
    if (no) return no;
    const on = decodeURIComponent(path.exec(req.path)![1]);
    const body = req.body as { actor: string; object: string; parentComment?: string; message: { text: string } };
    const list = comments.get(on) ?? [];
    const c = liComment(body.object, String(7_100_000_000 + ++posted), { time: Date.UTC(2031, 2, 2, 12), text: body.message.text, actor: body.actor, parentComment: body.parentComment });
    comments.set(on, [...list, c]);
    return { status: 201, headers: { "x-restli-id": encodeURIComponent(c.commentUrn) }, json: c };
  });
  const versioned = (h: Record<string, unknown>) =>
    !h["linkedin-version"] || h["x-restli-protocol-version"] !== "2.0.0" ? { status: 400, json: { status: 400, message: "missing version headers" } } : null;
  const notFound = (what: string) => ({ status: 404, json: { status: 404, serviceErrorCode: 0, code: "NOT_FOUND", message: `Not found: ${what}` } });
  s.on("GET", "/rest/organizationalEntityNotifications", (req) => {
    const no = refused(req.headers) ?? versioned(req.headers);
    if (no) return no;
    if (req.headers.authorization === `Bearer ${LI_NO_ADMIN_TOKEN}`) {
      return { status: 403, json: { status: 403, serviceErrorCode: 100, code: "ACCESS_DENIED", message: "Not enough permissions to access: organizationalEntityNotifications.FINDER-criteria.20250401" } };
    }
    const q = req.query;
    const actions = /^List\(([A-Z_,]+)\)$/.exec(q.get("actions") ?? "")?.[1].split(",");
    const range = /^\(start:(\d+),end:(\d+)\)$/.exec(q.get("timeRange") ?? "");
    const org = q.get("organizationalEntity");
    if (q.get("q") !== "criteria" || !actions || !range || !org?.startsWith("urn:li:organization:")) {
      return { status: 400, json: { status: 400, message: `bad criteria: ${[...q.entries()].map(([k, v]) => `${k}=${v}`).join("&")}` } };
    }
    const [from, to] = [Number(range[1]), Number(range[2])];
    const all = notifications.filter((n) => n.organizationalEntity === org && actions.includes(n.action) && n.lastModifiedAt >= from && n.lastModifiedAt <= to);
    const start = Number(q.get("start") ?? 0);
    const count = Number(q.get("count") ?? 10);
    return { json: { elements: all.slice(start, start + count), paging: { start, count, total: all.length, links: [] } } };
  });
  s.on("GET", /^\/rest\/posts\/[^/]+$/, (req) => {
    const no = refused(req.headers) ?? versioned(req.headers);
    if (no) return no;
    const urn = decodeURIComponent(req.path.slice("/rest/posts/".length));
    const p = posts.get(urn);
    return p ? { json: p } : notFound(urn);
  });
  const oneComment = /^\/rest\/socialActions\/([^/]+)\/comments\/([^/]+)$/;
  s.on("GET", oneComment, (req) => {
    const no = refused(req.headers) ?? versioned(req.headers);
    if (no) return no;
    const [, on, id] = oneComment.exec(req.path)!.map(decodeURIComponent);
    const urn = `urn:li:comment:(${on},${id})`;
    const c = [...comments.values()].flat().find((x) => x.commentUrn === urn);
    return c ? { json: c } : notFound(urn);
  });
  return Object.assign(s, { comments, gone, notifications, posts });
}

type LinkedinInbox = Awaited<ReturnType<typeof startLinkedinInbox>>;

/** The fixture for one test file (fixtureForFile), LINKEDIN_API_URL pointing at it, every list emptied before each test. */
export function linkedinInboxForFile(): () => LinkedinInbox {
  return fixtureForFile("LinkedIn", startLinkedinInbox, "LINKEDIN_API_URL", (f) => {
    f.comments.clear();
    f.gone.clear();
    f.notifications.length = 0;
    f.posts.clear();
    f.requests.length = 0;
  });
}
