// The community inbox's shapes (docs/decisions.md, "Inbox"): what a network source hands back from
// one sweep of an account, before lib/inbox/store.ts keeps it.
import type { AccountContext } from "../social/types";

export type InboxKindName = "reply" | "comment" | "mention";

export interface CollectedItem {
  /** The network's id of the reply / comment / mention (Bluesky: its at:// URI; Mastodon: the status id). */
  remoteId: string;
  kind: InboxKindName;
  /** What it answers directly, and the top of its thread, as the network names them. */
  remoteParentId?: string | null;
  remoteRootId?: string | null;
  authorHandle: string;
  authorName?: string | null;
  text: string;
  url?: string | null;
  remoteCreatedAt: Date;
  simulated: boolean;
}

export interface CollectResult {
  items: CollectedItem[];
  /** Where the next sweep starts (a notification id or time), or unchanged when nothing was new. */
  cursor: string | null;
  /** Remote ids the network reports as deleted since they were collected: marked, never removed. */
  deleted?: string[];
  /**
   * Why part of the account's inbox could not be read (a Meta permission left unticked), with how
   * to fix it; the sweep keeps the rest and shows these in its task result.
   */
  notices?: string[];
}

export interface CollectInput {
  account: AccountContext;
  /** The cursor the previous sweep left, or null on the first one. */
  cursor: string | null;
  signal: AbortSignal;
  now: Date;
  /**
   * Remote ids of recently collected items to look at again, newest first, when this sweep is due
   * for a deletion check (at most hourly per account); a source that can tells which are gone in
   * `deleted` (docs/decisions.md, "Inbox").
   */
  recheck?: string[];
  /**
   * This sweep is the account's hourly re-check (the same condition as `recheck`, also when no
   * item of the last week is there to look at): a source may look at older threads again too.
   */
  recheckDue?: boolean;
}

/** Reads an account's new replies, comments and mentions from one network. */
export interface InboxSource {
  collect(input: CollectInput): Promise<CollectResult>;
  /**
   * Hides (or shows again) one collected item on the network itself, for networks that let the
   * account's owner do so; absent where hiding is Herald's own status only.
   */
  hide?(input: { account: AccountContext; remoteId: string; hidden: boolean; signal: AbortSignal }): Promise<void>;
}
