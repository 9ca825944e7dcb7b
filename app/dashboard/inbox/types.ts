// What the inbox page reads from GET /api/inbox and GET /api/inbox/:id (client-safe).
export interface InboxItem {
  id: string;
  accountId: string;
  platform: string;
  kind: string;
  remoteId: string;
  remoteParentId: string | null;
  postTargetId: string | null;
  authorHandle: string;
  authorName: string | null;
  text: string;
  url: string | null;
  simulated: boolean;
  outgoing: boolean;
  remoteCreatedAt: string;
  deletedAt: string | null;
  status: "open" | "done" | "hidden";
  assignedToUserId: string | null;
  sentiment: string | null;
  intent: string | null;
  classifiedBy: string | null;
  answeredAt: string | null;
  account: { handle: string };
}

export interface InboxPage {
  items: InboxItem[];
  nextCursor: string | null;
  unread: number;
  /** What an account's last sweep could not read (e.g. a Meta permission left unticked). */
  notices: { accountId: string; platform: string; handle: string; messages: string[] }[];
}

export interface InboxThreadAnswer {
  item: InboxItem;
  post: { postTargetId: string; postId: string; text: string; url: string | null; publishedAt: string | null } | null;
  thread: InboxItem[];
  history: { id: string; action: string; actorType: string; actorUserId: string | null; createdAt: string }[];
}
