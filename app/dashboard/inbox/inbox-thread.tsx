"use client";
// One inbox item with its thread (our post, the conversation, our answers), its history, and what
// can be done with it: answer (with a suggested reply from the AI agent, or its labelled
// simulation), mark done, hide, assign (docs/decisions.md, "Inbox").
import { useId, useState } from "react";
import useSWR from "swr";
import { request } from "../_live/api";
import { formatWhen } from "../_live/format";
import { errorText, primary, secondary } from "../posts/styles";
import { ItemBadges } from "./inbox-view";
import type { InboxThreadAnswer } from "./types";

async function load(url: string): Promise<InboxThreadAnswer> {
  const r = await request<InboxThreadAnswer>("GET", url);
  if (!r.ok) throw new Error(r.message ?? `The server answered ${r.status}.`);
  return r.body;
}

const ACTION_WORDS: Record<string, string> = {
  collected: "Collected",
  done: "Marked done",
  reopened: "Reopened",
  hidden: "Hidden (in Herald)",
  assigned: "Assigned",
  unassigned: "Unassigned",
  replied: "Answered",
  reply_queued: "Answer queued",
  deleted_remote: "Deleted on the network",
};

export function InboxThread(props: { id: string; timeZone: string; canEdit: boolean; userId: string; onClose: () => void }) {
  const key = `/api/inbox/${props.id}`;
  const { data, error, mutate } = useSWR<InboxThreadAnswer>(key, load);
  const [text, setText] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const replyId = useId();

  if (error) {
    return (
      <p role="alert" className={errorText}>
        Could not load this item: {(error as Error).message}
      </p>
    );
  }
  if (!data) return <p className="text-sm">Loading the thread…</p>;
  const { item } = data;

  const act = async (label: string, body: Record<string, unknown>) => {
    setBusy(label);
    setProblem(null);
    const r = await request("PATCH", key, body);
    setBusy(null);
    if (!r.ok) return setProblem(r.message ?? "That did not work.");
    void mutate();
  };
  const suggest = async () => {
    setBusy("suggest");
    setProblem(null);
    const r = await request<{ reply: string; simulated?: boolean }>("POST", "/api/agent/assist", {
      action: "reply",
      comment: item.text,
      platform: item.platform,
      author: item.authorHandle.slice(0, 100),
      ...(data.post && { postText: data.post.text }),
    });
    setBusy(null);
    if (!r.ok) return setProblem(r.message ?? "No suggestion this time.");
    setText(r.body.reply);
    setNotice(r.body.simulated ? "Suggested by the simulated AI (no AI key configured): read it before sending." : "Suggested by the AI: read it before sending.");
  };
  const send = async () => {
    setBusy("send");
    setProblem(null);
    const r = await request<{ status: string }>("POST", `${key}/reply`, { text });
    setBusy(null);
    if (!r.ok) return setProblem(r.message ?? "The answer was not sent.");
    setText("");
    setNotice("Your answer is on its way; it shows in the thread once the network has it.");
    void mutate();
  };

  return (
    <div className="rounded-md border border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900">
      <div className="flex items-start justify-between gap-2">
        <h2 className="text-lg font-semibold break-words">Thread with @{item.authorHandle}</h2>
        <button type="button" className={secondary} onClick={props.onClose}>
          Close
        </button>
      </div>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        On @{item.account.handle}
        {item.url ? (
          <>
            {" · "}
            <a className="underline" href={item.url} target="_blank" rel="noreferrer">
              Open on the network
            </a>
          </>
        ) : null}
      </p>
      {data.post ? (
        <div className="mt-3 rounded bg-slate-50 p-2 text-sm dark:bg-slate-800">
          <p className="text-xs font-medium text-slate-600 dark:text-slate-300">Our post</p>
          <p className="break-words whitespace-pre-wrap">{data.post.text}</p>
        </div>
      ) : null}
      <ol className="mt-3 space-y-2" aria-label="Conversation">
        {data.thread.map((t) => (
          <li
            key={t.id}
            data-outgoing={t.outgoing ? "true" : undefined}
            className={`rounded p-2 text-sm ${t.outgoing ? "ml-6 bg-blue-50 dark:bg-blue-950" : "bg-slate-50 dark:bg-slate-800"} ${t.id === item.id ? "ring-2 ring-blue-600" : ""}`}
          >
            <p className="text-xs text-slate-700 dark:text-slate-300">
              {t.outgoing ? "Our answer" : `@${t.authorHandle}`} · {formatWhen(t.remoteCreatedAt, props.timeZone)}
            </p>
            <p className="break-words whitespace-pre-wrap">{t.text || "(no text)"}</p>
            {!t.outgoing ? (
              <div className="mt-1">
                <ItemBadges item={t} />
              </div>
            ) : null}
          </li>
        ))}
      </ol>

      {props.canEdit ? (
        <div className="mt-4 space-y-2">
          <div className="flex flex-wrap gap-2">
            {item.status === "open" ? (
              <button type="button" className={secondary} disabled={!!busy} onClick={() => void act("done", { status: "done" })}>
                Mark done
              </button>
            ) : (
              <button type="button" className={secondary} disabled={!!busy} onClick={() => void act("open", { status: "open" })}>
                Reopen
              </button>
            )}
            {item.status !== "hidden" ? (
              <button type="button" className={secondary} disabled={!!busy} onClick={() => void act("hide", { status: "hidden" })}>
                Hide
              </button>
            ) : null}
            {item.assignedToUserId === props.userId ? (
              <button type="button" className={secondary} disabled={!!busy} onClick={() => void act("unassign", { assignedToUserId: null })}>
                Unassign me
              </button>
            ) : (
              <button type="button" className={secondary} disabled={!!busy} onClick={() => void act("assign", { assignedToUserId: props.userId })}>
                Assign to me
              </button>
            )}
          </div>
          {(
            <form
              className="space-y-2"
              onSubmit={(e) => {
                e.preventDefault();
                void send();
              }}
            >
              <label htmlFor={replyId} className="block text-sm font-medium">
                Your answer
              </label>
              <textarea id={replyId} rows={3} value={text} onChange={(e) => setText(e.target.value)} className="w-full rounded-md border border-slate-300 p-2 text-sm dark:border-slate-600 dark:bg-slate-950" />
              <div className="flex flex-wrap gap-2">
                <button type="button" className={secondary} disabled={!!busy} onClick={() => void suggest()}>
                  {busy === "suggest" ? "Suggesting…" : "Suggest an answer"}
                </button>
                <button type="submit" className={primary} disabled={!!busy || !text.trim() || !!item.deletedAt}>
                  {busy === "send" ? "Sending…" : "Send answer"}
                </button>
              </div>
            </form>
          )}
        </div>
      ) : null}
      {notice ? (
        <p className="mt-2 text-sm text-slate-700 dark:text-slate-300" role="status">
          {notice}
        </p>
      ) : null}
      {problem ? (
        <p role="alert" className={`mt-2 ${errorText}`}>
          {problem}
        </p>
      ) : null}
      <details className="mt-4 text-sm">
        <summary>History</summary>
        <ol className="mt-1 space-y-1">
          {data.history.map((h) => (
            <li key={h.id}>
              {ACTION_WORDS[h.action] ?? h.action} · {h.actorType === "user" ? (h.actorUserId === props.userId ? "you" : "a member") : h.actorType === "api_key" ? "an API key" : "Herald"} ·{" "}
              {formatWhen(h.createdAt, props.timeZone)}
            </li>
          ))}
        </ol>
      </details>
    </div>
  );
}
