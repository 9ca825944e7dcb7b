"use client";
// A post's own actions for editors (docs/decisions.md, "Editing a scheduled post"): Edit and
// Duplicate open the composer; Delete (after an inline confirm) and Cancel post call the API. What
// the server refuses (409 once publishing started) is said beside the buttons in plain words.
import Link from "next/link";
import { useId, useRef, useState, type ReactNode } from "react";
import { useSWRConfig } from "swr";
import { request } from "../_live/api";
import type { PostView } from "./posts-view";
import { danger, errorText, excerpt, secondary } from "./styles";

/** What a person can still do to a post; the same rules as lib/posting/edit.ts, so a button shown is one the server takes. */
export function postAbilities(post: PostView) {
  const tasks = post.targets.map((t) => t.task?.status);
  const waitingForApproval = post.approvalState === "pending";
  const allWaiting = post.status === "scheduled" && tasks.length > 0 && tasks.every((s) => s === "pending");
  return {
    edit: post.status === "draft" || waitingForApproval || allWaiting,
    cancel: post.status === "scheduled" && (waitingForApproval || allWaiting),
    remove: post.status !== "publishing" && !tasks.includes("running"),
  };
}

/** The server's sentence for a refusal, or one of ours when it gave none: never a code or a status number. */
export function readableError(e: { status?: number; code?: string | null; message?: string | null; fields?: { message: string }[] }): string {
  if (e.fields?.[0]?.message) return e.fields[0].message;
  if (e.message && e.code !== "validation_failed") return e.message;
  if (e.status === 404 || e.code === "not_found") return "This post no longer exists.";
  if (e.status === 409 || e.code === "invalid_state" || e.code === "conflict") return "This post has started publishing; it can no longer be changed.";
  if (e.status === 403 || e.code === "forbidden") return "You are not allowed to change posts in this workspace.";
  return "Something went wrong. Try again in a moment.";
}

const refreshPosts = (k: unknown) => typeof k === "string" && k.startsWith("/api/posts");

/** The buttons, then whatever else belongs in their row (`children`: the History button). */
export function PostActions({ post, onDeleted, children }: { post: PostView; onDeleted?: () => void; children?: ReactNode }) {
  const { mutate } = useSWRConfig();
  const can = postAbilities(post);
  const [busy, setBusy] = useState<"delete" | "cancel" | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const deleteRef = useRef<HTMLButtonElement>(null);
  const questionId = useId();
  const about = <span className="sr-only"> {excerpt(post.text)}</span>;

  async function act(what: "delete" | "cancel") {
    setBusy(what);
    setError(null);
    const r = what === "delete" ? await request("DELETE", `/api/posts/${post.id}`) : await request("POST", `/api/posts/${post.id}/cancel`);
    setBusy(null);
    setConfirming(false);
    if (!r.ok) {
      setError(readableError(r));
      return;
    }
    if (what === "delete") onDeleted?.();
    await mutate(refreshPosts);
  }

  return (
    <div className="mt-3">
      <div className="flex flex-wrap items-center gap-2">
        {can.edit ? (
          <Link href={`/dashboard/compose?edit=${encodeURIComponent(post.id)}`} className={secondary}>
            Edit{about}
          </Link>
        ) : null}
        <Link href={`/dashboard/compose?from=${encodeURIComponent(post.id)}`} className={secondary}>
          Duplicate{about}
        </Link>
        {can.cancel ? (
          <button type="button" className={secondary} disabled={busy !== null} onClick={() => void act("cancel")}>
            {busy === "cancel" ? "Cancelling…" : "Cancel post"}
            {about}
          </button>
        ) : null}
        {can.remove && !confirming ? (
          <button ref={deleteRef} type="button" className={secondary} disabled={busy !== null} onClick={() => setConfirming(true)}>
            Delete{about}
          </button>
        ) : null}
        {children}
      </div>
      {can.remove && confirming ? (
        <div role="group" aria-labelledby={questionId} className="mt-2 flex flex-wrap items-center gap-2 rounded-md bg-red-50 p-2 dark:bg-red-950">
          <span id={questionId} className="text-sm font-medium text-red-950 dark:text-red-100">
            Delete this post?{about}
          </span>
          <button type="button" className={danger} disabled={busy !== null} onClick={() => void act("delete")}>
            {busy === "delete" ? "Deleting…" : "Yes, delete"}
          </button>
          <button
            type="button"
            className={secondary}
            disabled={busy !== null}
            // The safe answer has the focus: Enter right after "Delete" keeps the post.
            autoFocus
            onClick={() => {
              setConfirming(false);
              requestAnimationFrame(() => deleteRef.current?.focus());
            }}
          >
            No, keep it
          </button>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className={`mt-2 ${errorText}`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
