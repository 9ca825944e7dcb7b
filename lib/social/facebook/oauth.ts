// "Connect with Facebook" (Meta Login, docs/adapters.md "Connecting with OAuth"): the person
// approves Herald in Meta's login dialog ({META_AUTH_URL}/{version}/dialog/oauth), the code becomes
// a short-lived user token (GET /oauth/access_token), that one a long-lived user token (GET
// /oauth/access_token, grant_type=fb_exchange_token), and GET /me/accounts lists the Pages the
// person manages with a Page access token each (from a long-lived user token these do not expire)
// and the Instagram professional account linked to each. The person then chooses which become
// accounts (lib/social/oauth.ts keeps the candidates): a Page as the Facebook credentials (Page id
// and Page token), an Instagram account as the Instagram credentials (IG user id and the Page token).
import { clock } from "../../clock";
import { env } from "../../env";
import { requestJson } from "../http";
import type { InstagramCredentials } from "../instagram/credentials";
import { classifyGraphError, GRAPH_API_VERSION } from "../meta/graph";
import { authorizationCodeFlow, nonEmpty, OAuthFinishError, platformFailure, type AccountCandidate } from "../platform";
import { PlatformError } from "../types";
import type { FacebookCredentials } from "./credentials";

const LABEL = "Facebook";
/**
 * List the Pages, publish to them, and publish to the Instagram accounts linked to them; and the
 * community inbox (docs/decisions.md, "Inbox"): pages_manage_engagement answers and hides Page
 * comments, pages_read_user_content reads the posts the Page is tagged in, instagram_manage_comments
 * reads, answers and hides Instagram comments and reads the media the account is tagged in. Meta
 * lets the person untick any of them; the Page still connects, and the inbox names what is missing.
 */
export const META_SCOPES =
  "pages_show_list,pages_read_engagement,pages_manage_posts,instagram_basic,instagram_content_publish,business_management,pages_manage_engagement,pages_read_user_content,instagram_manage_comments";
const TIMEOUT_MS = 15_000;
/** /me/accounts pages read at most (100 Pages each). */
const MAX_PAGES = 10;
/** The Page tasks that allow publishing (to the Page, and to its Instagram account). */
const PUBLISH_TASKS = ["CREATE_CONTENT", "MANAGE"];

/** The Meta app's id and secret, or null when "Connect with Facebook" is not configured. */
export function metaAppKeys(): { appId: string; appSecret: string } | null {
  const e = env();
  return e.META_APP_ID && e.META_APP_SECRET ? { appId: e.META_APP_ID, appSecret: e.META_APP_SECRET } : null;
}

const graphBase = () => `${env().GRAPH_API_URL.replace(/\/+$/, "")}/${GRAPH_API_VERSION}`;

/** A GET on the Graph API; errors classified as Graph errors, with `secrets` scrubbed from messages. */
async function graphGet<T>(path: string, params: Record<string, string>, secrets: string[], now: Date, signal: AbortSignal): Promise<T> {
  const res = await requestJson<T>(LABEL, `${graphBase()}/${path}?${new URLSearchParams(params)}`, { method: "GET", signal }, (status, headers, body) => {
    const err = classifyGraphError(LABEL, status, headers, body, now);
    const message = secrets.reduce((m, s) => (s ? m.split(s).join("[redacted]") : m), err.message);
    return new PlatformError(err.failureClass, err.code, message, { httpStatus: err.httpStatus, retryAt: err.retryAt });
  });
  return (res.body && typeof res.body === "object" ? res.body : {}) as T;
}

interface TokenAnswer {
  access_token?: unknown;
}

interface PageEntry {
  id?: unknown;
  name?: unknown;
  access_token?: unknown;
  tasks?: unknown;
  instagram_business_account?: { id?: unknown; username?: unknown; name?: unknown };
}

/** The accounts one Page offers: the Page itself and its linked Instagram account, if any. */
function candidatesOf(p: PageEntry): AccountCandidate[] {
  const pageId = typeof p.id === "string" && /^\d+$/.test(p.id) ? p.id : undefined;
  if (!pageId) return [];
  const name = nonEmpty(p.name) ?? `Page ${pageId}`;
  const token = nonEmpty(p.access_token);
  // Meta lists the tasks the person may perform on the Page; without one that publishes, neither
  // the Page nor its Instagram account can be posted to. (No list at all: let Meta decide later.)
  const tasks = Array.isArray(p.tasks) ? p.tasks : undefined;
  const unavailable = !token
    ? "Meta gave Herald no access token for this Page."
    : tasks && !tasks.some((t) => PUBLISH_TASKS.includes(String(t)))
      ? "Your role on this Page does not allow creating content; a Page admin can give you that access."
      : undefined;
  const page: FacebookCredentials = { pageId, pageAccessToken: token ?? "" };
  const out: AccountCandidate[] = [
    { platform: "facebook", handle: `page-${pageId}`, displayName: name, credentials: page, tokenExpiresAt: null, ...(unavailable && { unavailable }) },
  ];
  const ig = p.instagram_business_account;
  const igUserId = ig && typeof ig.id === "string" && /^\d+$/.test(ig.id) ? ig.id : undefined;
  if (igUserId) {
    const username = nonEmpty(ig?.username);
    const credentials: InstagramCredentials = { igUserId, accessToken: token ?? "" };
    out.push({
      platform: "instagram",
      handle: username ?? `ig-${igUserId}`,
      displayName: nonEmpty(ig?.name) ?? username,
      credentials,
      tokenExpiresAt: null,
      note: `Linked to the Facebook Page ${name}`,
      ...(unavailable && { unavailable }),
    });
  }
  return out;
}

/** Exchanges the code, makes the token long-lived, lists the Pages; returns them to choose from. */
export async function finishMeta(code: string, redirectUri: string, now = clock.now()): Promise<{ choose: AccountCandidate[]; emptyMessage: string }> {
  const keys = metaAppKeys();
  if (!keys) throw new OAuthFinishError("not_configured");
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  let short: TokenAnswer;
  try {
    short = await graphGet<TokenAnswer>(
      "oauth/access_token",
      { client_id: keys.appId, redirect_uri: redirectUri, client_secret: keys.appSecret, code },
      [keys.appSecret, code],
      now,
      signal,
    );
  } catch (err) {
    throw platformFailure(err, "token_rejected");
  }
  const shortToken = nonEmpty(short.access_token);
  if (!shortToken) throw new OAuthFinishError("token_rejected");

  let long: TokenAnswer;
  try {
    long = await graphGet<TokenAnswer>(
      "oauth/access_token",
      { grant_type: "fb_exchange_token", client_id: keys.appId, client_secret: keys.appSecret, fb_exchange_token: shortToken },
      [keys.appSecret, shortToken],
      now,
      signal,
    );
  } catch (err) {
    throw platformFailure(err, "token_rejected");
  }
  const userToken = nonEmpty(long.access_token);
  if (!userToken) throw new OAuthFinishError("token_rejected");

  const pages: PageEntry[] = [];
  try {
    let after: string | undefined;
    for (let i = 0; i < MAX_PAGES; i++) {
      const r = await graphGet<{ data?: unknown; paging?: { cursors?: { after?: unknown }; next?: unknown } }>(
        "me/accounts",
        {
          fields: "id,name,access_token,tasks,instagram_business_account{id,username,name}",
          limit: "100",
          ...(after && { after }),
          access_token: userToken,
        },
        [userToken],
        now,
        signal,
      );
      if (!Array.isArray(r.data)) throw new OAuthFinishError("verify_failed");
      pages.push(...(r.data as PageEntry[]));
      // The cursor, not `paging.next`: Herald only ever calls GRAPH_API_URL.
      after = typeof r.paging?.next === "string" ? nonEmpty(r.paging?.cursors?.after) : undefined;
      if (!after) break;
    }
  } catch (err) {
    if (err instanceof OAuthFinishError) throw err;
    throw platformFailure(err, "verify_failed");
  }
  return {
    choose: pages.flatMap(candidatesOf),
    emptyMessage:
      "Meta found no Facebook Pages you manage, so there is nothing to connect. Create a Page on Facebook (an Instagram professional account is connected through its Page), or ask the Page's admin to add you, then connect again.",
  };
}

/** "Connect with Facebook": Meta Login (OAuth 2.0 authorization code with our `state`). */
export const facebookOAuth = authorizationCodeFlow({
  keys: metaAppKeys,
  notConfigured: "Connecting with Facebook is not configured on this Herald (META_APP_ID and META_APP_SECRET).",
  authorize(keys, redirectUri, state) {
    const url = new URL(`${env().META_AUTH_URL.replace(/\/+$/, "")}/${GRAPH_API_VERSION}/dialog/oauth`);
    url.search = new URLSearchParams({ client_id: keys.appId, redirect_uri: redirectUri, state, response_type: "code", scope: META_SCOPES }).toString();
    return url;
  },
  exchange: finishMeta,
});
