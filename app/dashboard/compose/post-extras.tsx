// What goes with the text: the link, the further parts of a thread and the first comment.
import type { Dispatch } from "react";
import { MAX_THREAD_PARTS, type ComposerAction } from "./composer-state";
import { border, focusRing, textareaClass } from "./styles";

type Errors = Record<string, string>;

export function LinkField({ id, link, errors, dispatch }: { id: string; link: string; errors: Errors; dispatch: Dispatch<ComposerAction> }) {
  const error = errors["config.link"];
  return (
    <div>
      <label htmlFor={`${id}-link`} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
        Link <span className="font-normal text-slate-600 dark:text-slate-400">(optional)</span>
      </label>
      <input
        id={`${id}-link`}
        type="url"
        inputMode="url"
        value={link}
        onChange={(e) => dispatch({ type: "link", link: e.target.value })}
        placeholder="https://…"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-link-err` : `${id}-link-hint`}
        className={`mt-1 ${textareaClass} ${border(error)}`}
      />
      {error ? (
        <p id={`${id}-link-err`} className="mt-1 text-sm font-medium text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : (
        <p id={`${id}-link-hint`} className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Added after the text where the text does not already contain it.
        </p>
      )}
    </div>
  );
}

export function ThreadParts({ id, thread, errors, dispatch }: { id: string; thread: string[]; errors: Errors; dispatch: Dispatch<ComposerAction> }) {
  const error = errors["config.thread"];
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Thread</legend>
      <p className="text-sm text-slate-600 dark:text-slate-400">Further posts that reply to the first one, in order (platforms without threads will say so above).</p>
      {thread.map((part, i) => (
        <div key={i} className="space-y-1">
          <div className="flex items-center justify-between">
            <label htmlFor={`${id}-thread-${i}`} className="text-sm font-medium">
              Part {i + 2}
            </label>
            <button type="button" onClick={() => dispatch({ type: "removePart", index: i })} className={`text-xs font-medium text-red-700 underline underline-offset-2 dark:text-red-400 ${focusRing}`}>
              Remove<span className="sr-only"> part {i + 2}</span>
            </button>
          </div>
          <textarea
            id={`${id}-thread-${i}`}
            rows={3}
            value={part}
            onChange={(e) => dispatch({ type: "part", index: i, text: e.target.value })}
            className={`${textareaClass} ${border(error)}`}
          />
        </div>
      ))}
      {error ? <p className="text-sm font-medium text-red-700 dark:text-red-400">{error}</p> : null}
      <button
        type="button"
        onClick={() => dispatch({ type: "addPart" })}
        disabled={thread.length >= MAX_THREAD_PARTS}
        className={`rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800 ${focusRing}`}
      >
        Add a thread part
      </button>
    </fieldset>
  );
}

export function FirstCommentField({ id, text, errors, dispatch }: { id: string; text: string; errors: Errors; dispatch: Dispatch<ComposerAction> }) {
  const error = errors["config.firstComment"];
  return (
    <div>
      <label htmlFor={`${id}-comment`} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
        First comment <span className="font-normal text-slate-600 dark:text-slate-400">(optional)</span>
      </label>
      <textarea
        id={`${id}-comment`}
        rows={2}
        value={text}
        onChange={(e) => dispatch({ type: "firstComment", text: e.target.value })}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-comment-err` : undefined}
        className={`mt-1 ${textareaClass} ${border(error)}`}
      />
      {error ? (
        <p id={`${id}-comment-err`} className="mt-1 text-sm font-medium text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
