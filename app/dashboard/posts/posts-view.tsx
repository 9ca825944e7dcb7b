"use client";
// The posts list: filters, one card per post (a thumbnail of its first picture or video's poster)
// with a row per platform (status badge, permalink,
// readable error, retry / cancel / mark-as-published; a WhatsApp target's deliveries), the post's
// own actions and history, a bulk bar for ticked posts, "Load more" by cursor, live via SSE.
import { useCallback, useEffect, useId, useRef, useState } from "react";
import useSWR, { useSWRConfig } from "swr";
import type { FieldError } from "@/lib/errors";
import type { listPosts, PostView as ServerPostView } from "@/lib/posts";
import { fetchJson, formatWhen, platformLabel, PLATFORM_LABEL, sendJson, statusLabel, toneFor } from "../_live/format";
import { useLiveEvents, type LiveEvent, type LiveState } from "../_live/use-live-events";
import { control, FilterSelect } from "../_live/filter-select";
import { AiBadge, SimulatedBadge, type AiMark } from "../_ai/ai-ui";
import { CompareVariants } from "../_ai/ab-test";
import { RejectForm, usePostDecision } from "../_live/reject-form";
import type { Serialized } from "../_live/serialized";
import { WhatsappDeliveries } from "./whatsapp-deliveries";
import { useViewerZone } from "../_live/use-viewer-zone";
import { atHandle } from "@/lib/handle";
import { PostActions } from "./post-actions";
import { HistoryButton, HistoryPanel } from "./post-history";
import { BulkBar } from "./bulk-bar";
import { PostThumbnail } from "./post-thumbnail";
import { excerpt, primary, secondary } from "./styles";

/** A post of /api/posts, as JSON. */
export type PostView = Omit<Serialized<ServerPostView>, "ai"> & { ai: AiMark | null };
export type TargetView = PostView["targets"][number];
type ListResponse = Omit<Serialized<Awaited<ReturnType<typeof listPosts>>>, "posts"> & { posts: PostView[] };

const POST_STATUSES = ["scheduled", "publishing", "published", "partially_published", "failed", "cancelled", "draft"];

export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${toneFor(status)}`} data-status={status}>
      {label ?? statusLabel(status)}
    </span>
  );
}

function queryOf(f: Filters, cursor: string | null): string {
  const q = new URLSearchParams();
  if (f.status) q.set("status", f.status);
  if (f.platform) q.set("platform", f.platform);
  if (f.from) q.set("from", new Date(`${f.from}T00:00`).toISOString());
  if (f.to) {
    const end = new Date(`${f.to}T00:00`);
    end.setDate(end.getDate() + 1);
    q.set("to", end.toISOString());
  }
  if (cursor) q.set("cursor", cursor);
  const s = q.toString();
  return `/api/posts${s ? `?${s}` : ""}`;
}

interface Filters {
  status: string;
  platform: string;
  from: string;
  to: string;
}
const NO_FILTERS: Filters = { status: "", platform: "", from: "", to: "" };

export function PostsView(props: { workspaceName: string; timeZone: string; canEdit: boolean; canApprove?: boolean; initial: ListResponse }) {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [announcement, setAnnouncement] = useState("");
  const [selected, setSelected] = useState<string[]>([]);
  const texts = useRef(new Map<string, string>());

  const onEvent = useCallback((e: LiveEvent) => {
    if (e.type === "post:updated" && typeof e.data.postId === "string" && typeof e.data.status === "string") {
      const text = texts.current.get(e.data.postId);
      const about = text ? excerpt(text) : "A post";
      const approval = e.data.approvalState;
      setAnnouncement(
        approval === "pending"
          ? `${about} is waiting for approval.`
          : approval === "approved"
            ? `${about} was approved.`
            : approval === "rejected"
              ? `${about} was not approved.`
              : `${about} is now ${statusLabel(e.data.status).toLowerCase()}.`,
      );
    }
  }, []);
  const remember = useCallback((p: PostView) => {
    texts.current.set(p.id, p.text);
  }, []);
  const live = useLiveEvents({ revalidate: (k) => k.startsWith("/api/posts"), onEvent });
  const toggle = useCallback((id: string, on: boolean) => setSelected((s) => (on ? [...s.filter((x) => x !== id), id] : s.filter((x) => x !== id))), []);
  const textOf = useCallback((id: string) => texts.current.get(id), []);

  const setFilter = (k: keyof Filters, v: string) => {
    setFilters((f) => ({ ...f, [k]: v }));
    setCursors([null]);
  };
  const isDefault = filters === NO_FILTERS || Object.values(filters).every((v) => v === "");

  return (
    <div>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <p className="text-sm font-medium uppercase tracking-wide text-slate-600 dark:text-slate-400">{props.workspaceName}</p>
          <h1 className="mt-1 text-2xl font-semibold tracking-tight">Posts</h1>
        </div>
        <LiveBadge state={live} />
      </div>
      <p className="mt-1 text-slate-700 dark:text-slate-300">
        Every post, and how it went on each platform. Times are in the workspace’s time zone ({props.timeZone.replaceAll("_", " ")}).
      </p>

      <div role="status" aria-live="polite" aria-atomic="true" className="sr-only" data-testid="live-announcer">
        {announcement}
      </div>

      <form className="mt-6 grid grid-cols-2 gap-3 sm:grid-cols-4" onSubmit={(e) => e.preventDefault()} aria-label="Filter posts">
        <FilterSelect label="Status" value={filters.status} onChange={(v) => setFilter("status", v)} options={POST_STATUSES.map((s) => [s, statusLabel(s)] as const)} />
        <FilterSelect label="Platform" value={filters.platform} onChange={(v) => setFilter("platform", v)} options={Object.entries(PLATFORM_LABEL)} />
        <label className="block text-sm font-medium text-slate-800 dark:text-slate-200">
          From
          <input type="date" className={control} value={filters.from} onChange={(e) => setFilter("from", e.target.value)} />
        </label>
        <label className="block text-sm font-medium text-slate-800 dark:text-slate-200">
          To
          <input type="date" className={control} value={filters.to} onChange={(e) => setFilter("to", e.target.value)} />
        </label>
      </form>

      <div className="mt-6 space-y-4">
        {cursors.map((cursor, i) => (
          <PostsPage
            key={`${queryOf(filters, cursor)}`}
            url={queryOf(filters, cursor)}
            fallback={i === 0 && isDefault ? props.initial : undefined}
            first={i === 0}
            canEdit={props.canEdit}
            canApprove={props.canApprove ?? false}
            timeZone={props.timeZone}
            remember={remember}
            selected={selected}
            onSelect={toggle}
            onMore={i === cursors.length - 1 ? (next) => setCursors((c) => [...c, next]) : undefined}
          />
        ))}
        {props.canEdit ? (
          <BulkBar
            selected={selected}
            timeZone={props.timeZone}
            textOf={textOf}
            onDone={(done) => setSelected((s) => s.filter((x) => !done.includes(x)))}
            onClear={() => setSelected([])}
          />
        ) : null}
      </div>
    </div>
  );
}

function LiveBadge({ state }: { state: LiveState }) {
  const text = state === "live" ? "Live" : state === "connecting" ? "Connecting…" : "Reconnecting…";
  return (
    <span className="inline-flex items-center gap-1.5 text-sm text-slate-700 dark:text-slate-300" data-live={state}>
      <span aria-hidden="true" className={`h-2 w-2 rounded-full ${state === "live" ? "bg-green-600" : "bg-amber-500"}`} />
      {text}
    </span>
  );
}

function PostsPage(props: {
  url: string;
  fallback?: ListResponse;
  first: boolean;
  canEdit: boolean;
  canApprove: boolean;
  timeZone: string;
  remember: (p: PostView) => void;
  selected: string[];
  onSelect: (id: string, on: boolean) => void;
  onMore?: (cursor: string) => void;
}) {
  const { data, error, isLoading } = useSWR<ListResponse>(props.url, fetchJson, { fallbackData: props.fallback, revalidateOnMount: !props.fallback });
  const { remember } = props;
  useEffect(() => {
    for (const p of data?.posts ?? []) remember(p);
  }, [data, remember]);
  if (error) {
    return (
      <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
        Could not load posts: {(error as Error).message}
      </p>
    );
  }
  if (!data || isLoading) {
    return (
      <p className="text-slate-600 dark:text-slate-400" aria-busy="true">
        Loading posts…
      </p>
    );
  }
  if (props.first && data.posts.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 p-8 text-center dark:border-slate-700">
        <p className="font-medium">No posts here yet.</p>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Scheduled and published posts show up in this list, with how each platform went.</p>
      </div>
    );
  }
  return (
    <>
      <ul className="space-y-4" aria-label="Posts">
        {data.posts.map((p) => (
          <PostCard
            key={p.id}
            post={p}
            canEdit={props.canEdit}
            canApprove={props.canApprove}
            timeZone={props.timeZone}
            selected={props.selected.includes(p.id)}
            onSelect={props.onSelect}
          />
        ))}
      </ul>
      {data.nextCursor && props.onMore ? (
        <button type="button" className={secondary} onClick={() => props.onMore!(data.nextCursor!)}>
          Load more posts
        </button>
      ) : null}
    </>
  );
}

function PostCard({
  post,
  canEdit,
  canApprove,
  timeZone,
  selected,
  onSelect,
}: {
  post: PostView;
  canEdit: boolean;
  canApprove: boolean;
  timeZone: string;
  selected: boolean;
  onSelect: (id: string, on: boolean) => void;
}) {
  const headingId = useId();
  const waiting = post.approvalState === "pending";
  const viewerZone = useViewerZone();
  // One delivery list per post (the API's is the post's, across its WhatsApp accounts).
  const whatsappTarget = post.targets.find((t) => t.platform === "whatsapp")?.id;
  const [historyOpen, setHistoryOpen] = useState(false);
  const historyId = useId();
  const history = <HistoryButton text={post.text} open={historyOpen} controls={historyId} onToggle={() => setHistoryOpen((o) => !o)} />;
  return (
    <li
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
      aria-labelledby={headingId}
      data-post-id={post.id}
      data-status={post.status}
      data-approval={post.approvalState ?? "not_required"}
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        {canEdit ? (
          <label className="-m-1 flex shrink-0 cursor-pointer items-center p-1">
            <input
              type="checkbox"
              className="h-5 w-5 rounded border-slate-400 accent-blue-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600"
              checked={selected}
              onChange={(e) => onSelect(post.id, e.target.checked)}
            />
            <span className="sr-only">Select {excerpt(post.text)}</span>
          </label>
        ) : null}
        <PostThumbnail thumbnail={post.thumbnail} />
        <h2 id={headingId} className="min-w-0 flex-1 basis-48 break-words text-base font-medium text-slate-900 dark:text-slate-100">
          {post.text.length > 280 ? `${post.text.slice(0, 280)}…` : post.text || <em>(media only)</em>}
        </h2>
        <span className="flex flex-wrap gap-1">
          {post.ai ? post.ai.simulated ? <SimulatedBadge notice={post.ai.notice} /> : <AiBadge /> : null}
          {waiting ? <StatusBadge status="needs_review" label="Waiting for approval" /> : <StatusBadge status={post.status} />}
        </span>
      </div>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        <time dateTime={post.scheduledAt ?? undefined}>{formatWhen(post.scheduledAt, timeZone)}</time>
        {post.scheduledAt && viewerZone && viewerZone !== timeZone ? (
          <span> · your time {formatWhen(post.scheduledAt)}</span>
        ) : null}
      </p>
      {waiting || post.approvalState === "rejected" ? <ApprovalPanel post={post} canApprove={canApprove} /> : null}
      {post.variantGroup ? <CompareVariants group={post.variantGroup} label={post.variantLabel ?? null} /> : null}
      <ul className="mt-3 divide-y divide-slate-200 dark:divide-slate-800" aria-label="Platforms">
        {post.targets.map((t) => (
          <TargetRow key={t.id} postId={post.id} target={t} canEdit={canEdit} timeZone={timeZone} deliveries={t.id === whatsappTarget} />
        ))}
      </ul>
      {canEdit ? (
        <PostActions post={post} onDeleted={() => onSelect(post.id, false)}>
          {history}
        </PostActions>
      ) : <div className="mt-3">{history}</div>}
      <HistoryPanel id={historyId} open={historyOpen} postId={post.id} timeZone={timeZone} />
    </li>
  );
}

/** A post waiting for an admin: what that means, and Approve / Reject (with a reason) for admins. */
function ApprovalPanel({ post, canApprove }: { post: PostView; canApprove: boolean }) {
  const { mutate } = useSWRConfig();
  const decision = usePostDecision(post.id);
  const { busy, error } = decision;
  const [rejectOpen, setRejectOpen] = useState(false);

  if (post.approvalState === "rejected") {
    return (
      <p className="mt-2 rounded-md bg-slate-100 p-2 text-sm text-slate-900 dark:bg-slate-800 dark:text-slate-100">
        <span className="font-medium">Not approved: </span>
        {post.rejectionReason || "no reason given."}
      </p>
    );
  }

  const decide = async (what: "approve" | "reject") => {
    if (!(await decision.decide(what))) return;
    setRejectOpen(false);
    await mutate((k) => typeof k === "string" && k.startsWith("/api/posts"));
  };

  return (
    <div className="mt-2 rounded-md bg-amber-50 p-2 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100">
      <p>
        {canApprove
          ? `${post.ai?.operation === "autopilot" ? "Autopilot drafted" : "An editor scheduled"} this post. It will not be published until an admin approves it.`
          : "This post waits for an admin’s approval before it can be published."}
      </p>
      {canApprove ? (
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <button type="button" className={primary} disabled={busy !== null} onClick={() => void decide("approve")}>
            {busy === "approve" ? "Approving…" : "Approve"}
          </button>
          <button type="button" className={secondary} aria-expanded={rejectOpen} disabled={busy !== null} onClick={() => setRejectOpen((o) => !o)}>
            Reject
          </button>
        </div>
      ) : null}
      {canApprove && rejectOpen ? (
        <RejectForm
          label="Why not? The editor sees this."
          submitLabel="Reject post"
          decision={decision}
          onSubmit={() => void decide("reject")}
        />
      ) : null}
      {error ? (
        <p role="alert" className="mt-2 text-red-800 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function TargetRow({ postId, target: t, canEdit, timeZone, deliveries }: { postId: string; target: TargetView; canEdit: boolean; timeZone: string; deliveries: boolean }) {
  const { mutate } = useSWRConfig();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [urlError, setUrlError] = useState<string | null>(null);
  const [markOpen, setMarkOpen] = useState(false);
  const [url, setUrl] = useState("");
  const errorId = useId();
  const urlId = useId();
  const label = platformLabel(t.platform);
  const taskStatus = t.task?.status;

  const act = useCallback(
    async (what: string, method: string, path: string, body?: unknown) => {
      setBusy(what);
      setError(null);
      setUrlError(null);
      try {
        await sendJson(method, path, body);
        setMarkOpen(false);
        await mutate((k) => typeof k === "string" && k.startsWith("/api/posts"));
      } catch (err) {
        const e = err as Error & { fields?: FieldError[] };
        const f = e.fields?.find((x) => x.path === "url");
        if (f) setUrlError(f.message);
        else setError(e.message);
      } finally {
        setBusy(null);
      }
    },
    [mutate],
  );

  const canRetry = canEdit && t.taskId && (taskStatus === "failed" || taskStatus === "cancelled");
  const canCancel = canEdit && t.taskId && taskStatus === "pending";
  const review = t.status === "needs_review";
  // Held back by the platform's posting limit (docs/design.md, protocol 9): not an error.
  const paced = t.status === "pending" && t.task?.lastErrorCode === "paced";
  const account = t.account.displayName ? `${t.account.displayName} (${atHandle(t.account.handle)})` : atHandle(t.account.handle);

  return (
    <li className="py-3" data-target-id={t.id} data-platform={t.platform} data-status={t.status}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="font-medium">{label}</span>
        <span className="text-sm text-slate-600 dark:text-slate-400">{account}</span>
        <StatusBadge status={t.status} />
        {t.simulated ? (
          <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-800 dark:bg-slate-800 dark:text-slate-200">
            Simulated: nothing was sent to {label}
          </span>
        ) : null}
        {/* A WhatsApp broadcast has no page to open (its "url" is whatsapp:message/…); a simulated
            post's link would lead to a page that does not exist. */}
        {t.url && !t.simulated && /^https?:\/\//.test(t.url) ? (
          <a
            href={t.url}
            target="_blank"
            rel="noreferrer noopener"
            className="rounded text-sm font-medium text-blue-700 underline underline-offset-2 hover:text-blue-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:text-blue-300"
          >
            View on {label}
            <span className="sr-only"> (opens in a new tab)</span>
          </a>
        ) : null}
        {t.engagementAt ? (
          <span className="text-sm tabular-nums text-slate-700 dark:text-slate-300" data-testid="target-engagement">
            {t.likes ?? 0} likes · {t.reposts ?? 0} reposts · {t.replies ?? 0} replies
            {t.impressions !== null ? ` · ${t.impressions} views` : ""}
          </span>
        ) : null}
        {t.status === "pending" && t.task && t.task.retryCount > 0 ? (
          <span className="text-sm text-slate-600 dark:text-slate-400">
            retry {t.task.retryCount} of {t.task.maxRetries}
          </span>
        ) : null}
      </div>
      {paced ? (
        <p data-testid="paced" className="mt-1 text-sm text-amber-900 dark:text-amber-200">
          <span className="font-medium">Deferred: </span>
          {t.error} It goes out at <time dateTime={String(t.task!.scheduledAt)}>{formatWhen(String(t.task!.scheduledAt))}</time>.
        </p>
      ) : t.error && t.status !== "published" ? (
        <p className="mt-1 text-sm text-red-800 dark:text-red-300">
          <span className="font-medium">What went wrong: </span>
          {t.error}
        </p>
      ) : t.error ? (
        // A live post the network took with a reservation (PublishResult.warnings, kept as the
        // target's note): YouTube refusing a custom thumbnail, say.
        <p data-testid="target-note" className="mt-1 text-sm text-amber-900 dark:text-amber-200">
          <span className="font-medium">Published, with a note: </span>
          {t.error}
        </p>
      ) : null}
      {/* Copies exist once sending has started (a retry waiting after a partial attempt too). */}
      {deliveries && (["publishing", "published", "failed", "needs_review"].includes(t.status) || (t.task?.retryCount ?? 0) > 0) ? (
        <WhatsappDeliveries postId={postId} timeZone={timeZone} published={t.status === "published"} />
      ) : null}
      {review ? (
        <p className="mt-2 rounded-md bg-amber-50 p-2 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100">
          We sent this post to {label} but did not hear back, so we cannot tell whether it went out. Check your {label} profile: if the
          post is there, choose <strong>Mark as published</strong>; if it is not, choose <strong>Publish again</strong>.
        </p>
      ) : null}
      {canEdit && (canRetry || canCancel || review) ? (
        <div className="mt-2 flex flex-wrap items-center gap-2">
          {review ? (
            <>
              <button type="button" className={primary} aria-expanded={markOpen} onClick={() => setMarkOpen((o) => !o)} disabled={busy !== null}>
                Mark as published<span className="sr-only"> on {label}</span>
              </button>
              <button type="button" className={secondary} disabled={busy !== null} onClick={() => act("retry", "POST", `/api/agent/tasks/${t.taskId}/retry`)}>
                {busy === "retry" ? "Publishing…" : "Publish again"}
                <span className="sr-only"> on {label}</span>
              </button>
            </>
          ) : null}
          {canRetry ? (
            <button type="button" className={primary} disabled={busy !== null} onClick={() => act("retry", "POST", `/api/agent/tasks/${t.taskId}/retry`)}>
              {busy === "retry" ? "Retrying…" : "Retry"}
              <span className="sr-only"> on {label}</span>
            </button>
          ) : null}
          {canCancel ? (
            <button type="button" className={secondary} disabled={busy !== null} onClick={() => act("cancel", "POST", `/api/agent/tasks/${t.taskId}/cancel`)}>
              {busy === "cancel" ? "Cancelling…" : "Cancel"}
              <span className="sr-only"> on {label}</span>
            </button>
          ) : null}
        </div>
      ) : null}
      {review && markOpen ? (
        <form
          noValidate
          className="mt-2 flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            void act("mark", "POST", `/api/posts/${postId}/targets/${t.id}/mark-published`, url.trim() ? { url: url.trim() } : {});
          }}
        >
          <div className="min-w-0 flex-1">
            <label htmlFor={urlId} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
              Link to the live post (optional)
            </label>
            <input
              id={urlId}
              type="url"
              inputMode="url"
              placeholder="https://"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              aria-invalid={urlError ? true : undefined}
              aria-describedby={urlError ? `${urlId}-error` : undefined}
              className={`${control} ${urlError ? "border-red-600 dark:border-red-400" : ""}`}
            />
            {urlError ? (
              <p id={`${urlId}-error`} className="mt-1 text-sm text-red-800 dark:text-red-300">
                {urlError}
              </p>
            ) : null}
          </div>
          <button type="submit" className={primary} disabled={busy !== null}>
            {busy === "mark" ? "Saving…" : "Confirm it is live"}
          </button>
        </form>
      ) : null}
      {error ? (
        <p id={errorId} role="alert" className="mt-2 text-sm text-red-800 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </li>
  );
}

