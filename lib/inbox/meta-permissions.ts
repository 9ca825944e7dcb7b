// Meta permissions the inbox needs beyond publishing (docs/decisions.md, "Inbox"). Meta's login
// dialog lets the person untick any of them (granular permissions) and Herald still connects the
// Page; the edge that needs an unticked one is then refused with a permission error (Graph codes
// 10 and 200-299, `permission_denied` in lib/social/meta/graph.ts). The inbox skips that edge,
// keeps what the others gave, and says which permission is missing and how to give it. Also the
// Graph listings both Meta inbox sources read the same way: recent posts, and mentions back to the cursor.
import { parseGraphTime } from "../social/meta/graph";
import { PlatformError } from "../social/types";
import type { CollectedItem } from "./types";

export function isPermissionDenied(err: unknown): err is PlatformError {
  return err instanceof PlatformError && err.code === "permission_denied";
}

/** The readable reason a sweep gives (in its task result) when an edge was refused. */
export function missingPermissionNotice(network: string, handle: string, what: string, permission: string): string {
  return `${network} refused reading ${what} for @${handle} (the ${permission} permission was not granted); reconnect the account with Meta and leave ${permission} ticked to collect them.`;
}

/** A refused hide or answer, with the permission it needs and the reconnect hint. */
export function permissionRefusal(err: PlatformError, permission: string): PlatformError {
  return new PlatformError(err.failureClass, err.code, `${err.message} Reconnect the account with Meta and leave ${permission} ticked.`, { httpStatus: err.httpStatus });
}

/** One post of a Graph listing (a Page's published_posts, an Instagram account's media). */
export interface ListedPost {
  id: string;
  at: Date;
  url: string | null;
}

/**
 * The account's posts since `windowStart` from one Graph listing call, read with `pick` (each
 * edge names its fields differently), kept within the window even if Graph answers older ones.
 * Null when the listing is refused for a permission (the caller then reads Herald's own posts and
 * says so); any other error is thrown on.
 */
export async function listedSince<T>(
  list: (sinceSeconds: number) => Promise<{ data?: T[] } | undefined>,
  pick: (item: T) => { id?: unknown; time?: string; url?: unknown },
  windowStart: Date,
): Promise<ListedPost[] | null> {
  let res: { data?: T[] } | undefined;
  try {
    res = await list(Math.floor(windowStart.getTime() / 1000));
  } catch (err) {
    if (isPermissionDenied(err)) return null;
    throw err;
  }
  const out: ListedPost[] = [];
  for (const item of Array.isArray(res?.data) ? res.data : []) {
    const { id, time, url } = pick(item);
    const at = parseGraphTime(time);
    if (!id || !at || at <= windowStart) continue;
    out.push({ id: String(id), at, url: typeof url === "string" && /^https?:\/\//.test(url) ? url : null });
  }
  return out;
}

/** One page of a Graph edge, with its `after` cursor. */
export interface GraphPage<T> {
  data?: T[];
  paging?: { cursors?: { after?: string }; next?: string };
}

/**
 * Mentions from a Graph edge listed newest first (a Page's `tagged`, an Instagram account's
 * `tags`): one page on a first sweep (no cursor), else up to `pages` pages back to the first item
 * at or before `since`. `newest` counts every item read, `items` only those `keep` lets through.
 */
export async function mentionsBackTo<T>(opts: {
  pages: number;
  since: Date | undefined;
  get: (after: string | undefined) => Promise<GraphPage<T> | undefined>;
  toItem: (row: T) => CollectedItem | null;
  keep?: (row: T) => boolean;
}): Promise<{ items: CollectedItem[]; newest: Date | undefined }> {
  const items: CollectedItem[] = [];
  let newest: Date | undefined;
  let after: string | undefined;
  for (let page = 0; page < opts.pages; page++) {
    const res = await opts.get(after);
    const rows = Array.isArray(res?.data) ? res.data : [];
    let reachedCursor = false;
    for (const row of rows) {
      const it = opts.toItem(row);
      if (!it) continue;
      if (opts.since && it.remoteCreatedAt <= opts.since) {
        reachedCursor = true;
        continue;
      }
      if (!newest || it.remoteCreatedAt > newest) newest = it.remoteCreatedAt;
      if (opts.keep && !opts.keep(row)) continue;
      items.push(it);
    }
    after = res?.paging?.cursors?.after;
    if (!opts.since || reachedCursor || !res?.paging?.next || !after || rows.length === 0) break;
  }
  return { items, newest };
}
