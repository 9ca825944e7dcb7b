// Meta permissions the inbox needs beyond publishing (docs/decisions.md, "Inbox"). Meta's login
// dialog lets the person untick any of them (granular permissions) and Herald still connects the
// Page; the edge that needs an unticked one is then refused with a permission error (Graph codes
// 10 and 200-299, `permission_denied` in lib/social/meta/graph.ts). The inbox skips that edge,
// keeps what the others gave, and says which permission is missing and how to give it.
import { PlatformError } from "../social/types";

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
