// A local stand-in for LinkedIn's Comments API the inbox uses (docs/decisions.md, "Inbox"):
// GET /rest/socialActions/{urn}/comments (start/count paging, paging.total) and POST on the same
// path (a comment, or a reply with parentComment), with the versioned headers checked and
// LinkedIn's 401 body for a refused token. Each listed comment carries a commentsSummary counting
// the comments listed under its own URN (its replies); LI_NO_READ_TOKEN may post but is refused
// reading with LinkedIn's 403 (a token without r_organization_social / r_member_social).
import { startFixtureServer, type FixtureServer } from "./fixture-server";

export const LI_TOKEN = "li-inbox-token";
export const LI_ORG = "urn:li:organization:2414183";
export const LI_NO_READ_TOKEN = "li-inbox-token-without-read";

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
export async function startLinkedinInbox(): Promise<FixtureServer & { comments: Map<string, LiComment[]>; gone: Set<string> }> {
  const s = await startFixtureServer();
  const comments = new Map<string, LiComment[]>();
  const gone = new Set<string>();
  // Ids of posted comments count across all lists, so two answers never share a URN.
  let posted = 0;
  const path = /^\/rest\/socialActions\/([^/]+)\/comments$/;
  const refused = (h: Record<string, unknown>) =>
    h.authorization !== `Bearer ${LI_TOKEN}` && h.authorization !== `Bearer ${LI_NO_READ_TOKEN}` ? { status: 401, json: { status: 401, serviceErrorCode: 65600, code: "INVALID_ACCESS_TOKEN", message: "Invalid access token" } } : null;
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
  return Object.assign(s, { comments, gone });
}
